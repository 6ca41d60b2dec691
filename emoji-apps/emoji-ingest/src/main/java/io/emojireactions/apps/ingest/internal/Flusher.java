package io.emojireactions.apps.ingest.internal;

import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due batches from the {@link ReactionBuffer} to the {@link RecordSink}, on one thread,
 * without waiting for one batch to be written before handing over the next ({@link
 * RecordSink#writeAsync}): batches pipeline at the sink's rate. A batch stays in the buffer's
 * capacity (in flight) until the sink completes it; records the sink did not write go back to the
 * front of the buffer and are retried (the idempotent producer keeps retries from duplicating).
 * Tests drive {@link #flushOnce(boolean)} directly with a manual clock; {@link #start()} runs the
 * loop on a daemon thread.
 */
public final class Flusher {

  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
  /** Pause after a failed write, so a Kafka outage does not turn into a busy loop. */
  private static final long RETRY_PAUSE_MS = 200;

  private final ReactionBuffer buffer;
  private final RecordSink sink;
  private final IngestMetrics metrics;
  /** Set by a completion that handed records back; the loop pauses once before it takes more. */
  private final AtomicBoolean failedSincePause = new AtomicBoolean();
  private volatile boolean running;
  private volatile long drainDeadlineNanos;
  private volatile boolean stopRequested;
  private Thread thread;

  public Flusher(ReactionBuffer buffer, RecordSink sink, IngestMetrics metrics) {
    this.buffer = buffer;
    this.sink = sink;
    this.metrics = metrics;
  }

  /**
   * Hands one batch to the sink when one is due (or, with {@code force}, whatever waits), without
   * waiting for it to be written; the buffer learns the outcome from the sink's completion (for a
   * synchronous sink, before this returns).
   *
   * @return the number of records handed to the sink (0 when nothing was due)
   */
  public int flushOnce(boolean force) {
    List<PendingRecord> batch = buffer.takeBatch(force);
    if (batch.isEmpty()) {
      return 0;
    }
    Completion completion = new Completion(batch, System.nanoTime());
    try {
      sink.writeAsync(batch, completion);
    } catch (Exception e) {
      LOG.warn("writing {} reactions failed; they stay buffered and are retried: {}", batch.size(), e.toString());
      completion.accept(batch);
    } catch (Throwable t) {
      // An Error part-way through: some records may be with the producer already, so reporting
      // the batch failed could write them twice. It stays in flight (never written again);
      // the drain at stop counts it as not known to be written.
      throw t;
    }
    return batch.size();
  }

  /** The end of one batch: called once by the sink, on any thread. */
  private final class Completion implements Consumer<List<PendingRecord>> {
    private final List<PendingRecord> batch;
    private final long startedNanos;
    private final AtomicBoolean done = new AtomicBoolean();

    Completion(List<PendingRecord> batch, long startedNanos) {
      this.batch = batch;
      this.startedNanos = startedNanos;
    }

    @Override
    public void accept(List<PendingRecord> failed) {
      // Twice would count the batch's records out of the buffer twice (a sink that completes and then throws).
      if (!done.compareAndSet(false, true)) {
        return;
      }
      int written = batch.size() - failed.size();
      if (!failed.isEmpty()) {
        failedSincePause.set(true); // before the records are back, so the loop sees it before retrying twice
      }
      buffer.completed(written, failed);
      metrics.batchWritten(written, failed.size(), System.nanoTime() - startedNanos);
    }
  }

  /** Starts the background loop. */
  public synchronized void start() {
    if (thread != null) {
      throw new IllegalStateException("flusher already started");
    }
    running = true;
    thread = new Thread(this::loop, "emoji-ingest-flusher");
    thread.setDaemon(true);
    thread.start();
  }

  private void loop() {
    try {
      flushWhileRunning();
    } finally {
      if (stopRequested) {
        drain(); // write out what is left, until empty or the drain deadline
      }
    }
  }

  private void flushWhileRunning() {
    while (running) {
      try {
        if (failedSincePause.getAndSet(false)) {
          TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS); // a write failed: back off a little
        } else if (flushOnce(false) == 0) {
          buffer.awaitChange(100);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("flusher error; continuing", e);
      }
    }
  }

  /**
   * Stops the loop, which then writes everything still buffered and waits for the batches in
   * flight, retrying until nothing is left or {@code timeout} passes; waits that long at most.
   * Without a started loop (tests), drains on the calling thread.
   *
   * <p>The writes stay on the one flusher thread, so a write that waits for an unreachable Kafka
   * (the producer never gives up on a record it took) holds up the drain, never the caller: past
   * {@code timeout} the records still in flight count as unwritten, and closing the sink ends
   * their writes.
   *
   * @return the number of records not known to be written (0 on a clean drain)
   */
  public int stopAndDrain(Duration timeout) {
    Thread running;
    synchronized (this) {
      drainDeadlineNanos = System.nanoTime() + timeout.toNanos();
      stopRequested = true;
      this.running = false;
      running = thread;
    }
    if (running == null) {
      drain();
    } else {
      buffer.wakeUp();
      try {
        running.join(Math.max(1, timeout.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return buffer.size();
  }

  /** Until nothing is waiting or in flight, or the drain deadline. */
  private void drain() {
    long left;
    while (buffer.size() > 0 && (left = drainDeadlineNanos - System.nanoTime()) > 0) {
      long leftMs = Math.max(1, TimeUnit.NANOSECONDS.toMillis(left));
      try {
        if (failedSincePause.getAndSet(false)) {
          TimeUnit.MILLISECONDS.sleep(Math.min(RETRY_PAUSE_MS, leftMs)); // a write failed: back off a little
        } else if (flushOnce(true) == 0) {
          buffer.awaitChange(Math.min(100, leftMs)); // only batches in flight: wait for their completion
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException e) {
        LOG.error("flusher error while draining; continuing", e);
      }
    }
  }
}
