package io.emojireactions.apps.ingest.internal;

import io.emojireactions.apps.ingest.PendingRecord;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded hand-off between request threads and the flusher. Capacity counts every reaction
 * accepted and not yet acknowledged by the sink: waiting ones and those being written. So a slow
 * or stopped Kafka fills it, and requests get 503 instead of memory growing without bound.
 *
 * <p>Flush policy: a batch is due when {@code flushRecords} reactions wait, or when the oldest
 * waiting one has waited {@code flushIntervalMs} by the injected clock. Thread-safe.
 */
public final class ReactionBuffer {

  private final int capacity;
  private final int flushRecords;
  private final long flushIntervalMs;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<PendingRecord> waiting = new ArrayDeque<>();
  private int inFlight;
  /** When the oldest waiting record arrived (clock millis); meaningful only when waiting is not empty. */
  private long oldestSinceMs;

  public ReactionBuffer(int capacity, int flushRecords, long flushIntervalMs, Clock clock) {
    if (capacity < 1 || flushRecords < 1 || flushIntervalMs < 1) {
      throw new IllegalArgumentException(
          "capacity, flushRecords and flushIntervalMs must be >= 1, but were " + capacity + ", " + flushRecords + ", " + flushIntervalMs);
    }
    this.capacity = capacity;
    this.flushRecords = flushRecords;
    this.flushIntervalMs = flushIntervalMs;
    this.clock = clock;
  }

  /** Adds one record; false (nothing added) when the buffer is full. */
  public boolean offer(PendingRecord record) {
    lock.lock();
    try {
      if (waiting.size() + inFlight + 1 > capacity) {
        return false;
      }
      if (waiting.isEmpty()) {
        oldestSinceMs = clock.millis();
      }
      waiting.addLast(record);
      if (waiting.size() == flushRecords || waiting.size() == 1) {
        changed.signalAll(); // a full batch waits, or the first record: the flusher's timer starts now
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Adds all records or none: false when they do not all fit. */
  public boolean offerAll(List<PendingRecord> records) {
    if (records.isEmpty()) {
      return true;
    }
    lock.lock();
    try {
      if (waiting.size() + inFlight + records.size() > capacity) {
        return false;
      }
      if (waiting.isEmpty()) {
        oldestSinceMs = clock.millis();
      }
      boolean wasBelow = waiting.size() < flushRecords;
      waiting.addAll(records);
      if (wasBelow && waiting.size() >= flushRecords) {
        changed.signalAll(); // wake the flusher early: a full batch waits
      } else if (waiting.size() == records.size()) {
        changed.signalAll(); // first record: the flusher's timer starts now
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Milliseconds until a batch is due by the clock: 0 when due now, -1 when nothing waits. */
  public long millisUntilDue() {
    lock.lock();
    try {
      return millisUntilDueLocked();
    } finally {
      lock.unlock();
    }
  }

  private long millisUntilDueLocked() {
    if (waiting.isEmpty()) {
      return -1;
    }
    if (waiting.size() >= flushRecords) {
      return 0;
    }
    return Math.max(0, oldestSinceMs + flushIntervalMs - clock.millis());
  }

  /**
   * Takes the next batch (at most {@code flushRecords}, oldest first) when one is due, or
   * whatever waits when {@code force}; the records count as in flight until {@link #completed}.
   * Empty when nothing is due.
   */
  public List<PendingRecord> takeBatch(boolean force) {
    lock.lock();
    try {
      long until = millisUntilDueLocked();
      if (until < 0 || (until > 0 && !force)) {
        return List.of();
      }
      int n = Math.min(flushRecords, waiting.size());
      List<PendingRecord> batch = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        batch.add(waiting.pollFirst());
      }
      inFlight += n;
      // The rest waited as long as the batch did: its timer keeps running, unless a new one starts.
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Ends a batch taken by {@link #takeBatch}: {@code written} records leave the buffer; {@code
   * failed} go back to the front, in order, due at once.
   */
  public void completed(int written, List<PendingRecord> failed) {
    lock.lock();
    try {
      inFlight -= written + failed.size();
      for (int i = failed.size() - 1; i >= 0; i--) {
        waiting.addFirst(failed.get(i));
      }
      if (!failed.isEmpty()) {
        oldestSinceMs = clock.millis() - flushIntervalMs; // retry without waiting another interval
      }
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits (real time) at most {@code maxWaitMs} for a change that may make a batch due. */
  public void awaitChange(long maxWaitMs) throws InterruptedException {
    lock.lock();
    try {
      long until = millisUntilDueLocked();
      long wait = until < 0 ? maxWaitMs : Math.min(until, maxWaitMs);
      if (wait > 0) {
        changed.await(wait, TimeUnit.MILLISECONDS);
      }
    } finally {
      lock.unlock();
    }
  }

  /** Wakes a waiting flusher (on shutdown). */
  public void wakeUp() {
    lock.lock();
    try {
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Records accepted and not yet acknowledged (waiting plus in flight). */
  public int size() {
    lock.lock();
    try {
      return waiting.size() + inFlight;
    } finally {
      lock.unlock();
    }
  }

  /** Records waiting for a flush (not in flight). */
  public int waiting() {
    lock.lock();
    try {
      return waiting.size();
    } finally {
      lock.unlock();
    }
  }

  public int capacity() {
    return capacity;
  }
}
