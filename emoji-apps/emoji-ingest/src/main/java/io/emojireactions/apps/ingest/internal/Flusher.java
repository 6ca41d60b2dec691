package io.emojireactions.apps.ingest.internal;

import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves due batches from the {@link ReactionBuffer} to the {@link RecordSink}, on one thread.
 * Records the sink did not write go back to the buffer and are retried (the idempotent producer
 * keeps retries from duplicating). Tests drive {@link #flushOnce(boolean)} directly with a manual
 * clock; {@link #start()} runs the loop on a daemon thread.
 */
public final class Flusher {

  private static final Logger LOG = LoggerFactory.getLogger(Flusher.class);
  /** Pause after a failed write, so a Kafka outage does not turn into a busy loop. */
  private static final long RETRY_PAUSE_MS = 200;

  private final ReactionBuffer buffer;
  private final RecordSink sink;
  private final IngestMetrics metrics;
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
   * Writes one batch when one is due (or, with {@code force}, whatever waits).
   *
   * @return the number of records written (0 when nothing was due or the write failed)
   */
  public int flushOnce(boolean force) {
    List<PendingRecord> batch = buffer.takeBatch(force);
    if (batch.isEmpty()) {
      return 0;
    }
    long started = System.nanoTime();
    List<PendingRecord> failed;
    try {
      failed = sink.write(batch);
    } catch (Exception e) {
      LOG.warn("writing {} reactions failed; they stay buffered and are retried: {}", batch.size(), e.toString());
      failed = batch;
    } catch (Throwable t) {
      buffer.completed(0, batch);
      throw t;
    }
    int written = batch.size() - failed.size();
    buffer.completed(written, failed);
    metrics.batchWritten(written, failed.size(), System.nanoTime() - started);
    return written;
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
        int before = buffer.waiting();
        int written = flushOnce(false);
        if (written == 0 && before > 0 && buffer.millisUntilDue() == 0) {
          TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS); // the write failed: back off a little
        } else if (written == 0) {
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
   * Stops the loop, which then writes everything still buffered, retrying until empty or {@code
   * timeout} passes; waits that long at most. Without a started loop (tests), drains on the
   * calling thread.
   *
   * <p>The writes stay on the one flusher thread, so a write that waits for an unreachable Kafka
   * (the producer never gives up on a record it took) holds up the drain, never the caller: past
   * {@code timeout} the records of that write count as unwritten, and closing the sink ends the
   * write.
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

  private void drain() {
    while (buffer.waiting() > 0 && System.nanoTime() - drainDeadlineNanos < 0) {
      if (flushOnce(true) == 0 && buffer.waiting() > 0) {
        try {
          TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MS); // the write failed: back off a little
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }
}
