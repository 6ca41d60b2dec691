package io.emojireactions.apps.dashboard.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands messages to a sink in batches, on one thread of its own: each batch is everything that
 * arrived while the sink handled the previous one (at most {@code maxBatch}). So the dashboard's
 * subscriber never waits for a fan-out, and the fan-out sends one message per batch: the busier
 * it is, the larger its batches, the fewer its sends. Bounded: {@link #offer} blocks while
 * {@code capacity} messages wait (back-pressure on the subscriber rather than memory growth).
 * {@link #close()} hands over what is queued, then stops the thread.
 *
 * <p>With a linger, the thread waits that long after the first message of a batch before taking
 * the batch, so that messages arriving a few milliseconds apart (one producer's records spread
 * over partitions and fetches) go out as one batch: the dashboard's linger grows with the number
 * of browsers, because each batch costs one write per browser.
 */
public final class BatchFeed<T> implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(BatchFeed.class);
  private static final long IDLE_CHECK_MS = 100;

  private final BlockingQueue<T> queue;
  private final Consumer<List<T>> sink;
  private final int maxBatch;
  private final Thread thread;
  private final java.util.function.LongSupplier lingerNanos;
  private volatile boolean closing;

  /** A feed without linger: each batch is taken as soon as its first message is there. */
  public BatchFeed(String name, int capacity, int maxBatch, Consumer<List<T>> sink) {
    this(name, capacity, maxBatch, () -> 0, sink);
  }

  /** @param lingerNanos asked once per batch: how long to wait after its first message (0: none) */
  public BatchFeed(String name, int capacity, int maxBatch, java.util.function.LongSupplier lingerNanos, Consumer<List<T>> sink) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be > 0, but was " + capacity);
    }
    if (maxBatch <= 0) {
      throw new IllegalArgumentException("maxBatch must be > 0, but was " + maxBatch);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.maxBatch = maxBatch;
    this.lingerNanos = lingerNanos;
    this.thread = new Thread(this::run, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Queues one message, waiting while the queue is full. */
  public void offer(T message) throws InterruptedException {
    queue.put(message);
  }

  private void run() {
    List<T> batch = new ArrayList<>();
    while (!closing || !queue.isEmpty()) {
      T first;
      try {
        first = queue.poll(IDLE_CHECK_MS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (first == null) {
        continue;
      }
      batch.add(first);
      long linger = closing ? 0 : lingerNanos.getAsLong();
      if (linger > 0 && queue.size() < maxBatch - 1) {
        java.util.concurrent.locks.LockSupport.parkNanos(linger); // a product delay, not a wait for a condition
      }
      queue.drainTo(batch, maxBatch - 1);
      try {
        sink.accept(List.copyOf(batch));
      } catch (RuntimeException | Error e) {
        // Keep the one fan-out thread alive whatever a batch does (an OutOfMemoryError building a
        // large message included): were it to die, the queue would fill and block the subscriber.
        LOG.warn("{}: a batch of {} failed and was skipped: {}", thread.getName(), batch.size(), e.toString());
      }
      batch.clear();
    }
  }

  /** Hands over what is queued (waiting at most {@code timeout}), then stops. Idempotent. */
  public void close(Duration timeout) {
    closing = true;
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      thread.interrupt();
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }
}
