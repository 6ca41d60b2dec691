package io.emojireactions.pubsub.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lifecycle of a thread that polls one Kafka consumer until it is closed, shared by the relay
 * and the subscriber: {@link #run} may be called once; {@link #close()} (any thread, idempotent)
 * wakes the consumer and waits for the loop to end; the clients are closed by the loop's own
 * thread (a KafkaConsumer is single-threaded) or directly when the loop never ran.
 *
 * <p>Bounded stop: once {@link #close()} is called, the loop's own work gets {@link
 * #CLOSE_BUDGET} — its last checkpoint (see {@link #closeDeadline()}) and the clients' close
 * together — so a close never waits out a client default (60 s {@code default.api.timeout.ms}
 * for a commit, unbounded for a producer's close) when the broker is gone. If the loop is still
 * busy after the budget plus {@link #GRACE}, {@code force} runs on the closing thread (e.g.
 * {@code producer.close(Duration.ZERO)}, which fails a blocked transactional call) and close waits
 * once more.
 */
public final class ConsumerLoop {

  /** Time the loop's stop work (last commit, closing its clients) may take in all. */
  public static final Duration CLOSE_BUDGET = Duration.ofSeconds(5);

  /** Time on top of the budget before close() forces the clients. */
  public static final Duration GRACE = Duration.ofSeconds(5);

  private static final Logger LOG = LoggerFactory.getLogger(ConsumerLoop.class);

  /** One iteration: usually a poll and the handling of its records. */
  public interface Step {
    void run();
  }

  /** Closes the loop's clients within the given time; must not throw. */
  public interface ClientCloser {
    void close(Duration timeout);
  }

  private final String name;
  private final Consumer<?, ?> consumer;
  private final ClientCloser clients;
  private final Runnable force;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final CountDownLatch closeRequested = new CountDownLatch(1);
  private volatile boolean closing;
  private volatile long closeRequestedNanos;
  private volatile Thread runner;
  private boolean ran;

  /**
   * @param name for messages ("the fan-out relay", "subscriber of emoji_cluster_1")
   * @param consumer woken by {@link #close()}
   * @param clients closes every client of the loop (the consumer included)
   * @param force run from the closing thread if the loop overruns its budget; may be a no-op
   */
  public ConsumerLoop(String name, Consumer<?, ?> consumer, ClientCloser clients, Runnable force) {
    this.name = Objects.requireNonNull(name, "name");
    this.consumer = Objects.requireNonNull(consumer, "consumer");
    this.clients = Objects.requireNonNull(clients, "clients");
    this.force = Objects.requireNonNull(force, "force");
  }

  /**
   * Runs {@code start} once, then {@code step} until {@link #close()}; closes the clients at the
   * end whatever happened. A {@link WakeupException} caused by close() ends the loop quietly.
   * Returns at once, running nothing, when {@link #close()} came first.
   *
   * @throws IllegalStateException when called a second time
   */
  public void run(Runnable start, Step step) {
    synchronized (this) {
      if (ran) {
        if (closing && runner == null) {
          // close() came before the start (a stop racing a start-up): nothing to run, and close()
          // has closed the clients already.
          return;
        }
        throw new IllegalStateException("run() may be called once per " + name);
      }
      ran = true;
      runner = Thread.currentThread();
    }
    try {
      if (closing) {
        return;
      }
      start.run();
      while (!closing) {
        step.run();
      }
    } catch (WakeupException e) {
      if (!closing) {
        throw e;
      }
    } finally {
      clients.close(remaining());
      stopped.countDown();
    }
  }

  /** True once {@link #close()} (or {@link #stopFromWithin()}) was called. */
  public boolean closing() {
    return closing;
  }

  /** Ends the loop after the current step, from the loop's own thread (e.g. when interrupted). */
  public void stopFromWithin() {
    markClosing();
  }

  /**
   * Waits {@code time} on the loop's thread (a retry's backoff), returning early when the loop is
   * closed, so a backoff never holds up a stop.
   *
   * @return true when the time passed; false when the loop is closing (or the thread was interrupted,
   *     which also stops the loop)
   */
  public boolean pause(Duration time) {
    try {
      return !closeRequested.await(time.toNanos(), TimeUnit.NANOSECONDS) && !closing;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      markClosing();
      return false;
    }
  }

  /**
   * The time left of the stop budget: {@link #CLOSE_BUDGET} from the close request, or the whole
   * budget while the loop is not closing. For the loop's last blocking calls (a final commit).
   */
  public Duration remaining() {
    if (!closing) {
      return CLOSE_BUDGET;
    }
    long left = closeRequestedNanos + CLOSE_BUDGET.toNanos() - System.nanoTime();
    return Duration.ofNanos(Math.max(0, left));
  }

  /**
   * Stops the loop after its current step and waits for it (at most {@link #CLOSE_BUDGET} plus
   * {@link #GRACE}, then forces the clients and waits once more); closes the clients directly when
   * the loop never ran. Idempotent; from the loop's own thread it only asks the loop to stop.
   */
  public void close() {
    boolean started;
    synchronized (this) {
      markClosing();
      started = ran;
      ran = true;
    }
    if (!started) {
      clients.close(CLOSE_BUDGET);
      stopped.countDown();
      return;
    }
    consumer.wakeup();
    if (Thread.currentThread() == runner) {
      return;
    }
    try {
      if (stopped.await(CLOSE_BUDGET.plus(GRACE).toMillis(), TimeUnit.MILLISECONDS)) {
        return;
      }
      LOG.warn("{} did not stop within {} s; forcing its clients closed", name, CLOSE_BUDGET.plus(GRACE).toSeconds());
      force.run();
      if (!stopped.await(GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("{} still running after its clients were forced closed", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized void markClosing() {
    if (!closing) {
      closeRequestedNanos = System.nanoTime();
      closing = true;
      closeRequested.countDown();
    }
  }
}
