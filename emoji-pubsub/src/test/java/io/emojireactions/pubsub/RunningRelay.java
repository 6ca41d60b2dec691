package io.emojireactions.pubsub;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** A relay running on its own thread for a test, with a way to wait for its progress. */
final class RunningRelay implements AutoCloseable {

  private final FanOutRelay relay;
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final Object progress = new Object();
  private long committedRecords;

  RunningRelay(RelayConfig config) {
    this.relay = FanOutRelay.create(config, new RelayListener() {
      @Override
      public void onCommitted(int records, int deadLetters) {
        synchronized (progress) {
          committedRecords += records;
          progress.notifyAll();
        }
      }
    });
    this.thread = new Thread(() -> {
      try {
        relay.run();
      } catch (Throwable t) {
        failure.set(t);
      }
    }, "test-relay");
    thread.start();
  }

  FanOutRelay relay() {
    return relay;
  }

  /** Waits until this relay committed at least {@code records} main-topic records (relayed or dead-lettered). */
  void awaitCommitted(long records, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (progress) {
      while (committedRecords < records) {
        long left = deadline - System.nanoTime();
        if (left <= 0 || failure.get() != null) {
          throw new AssertionError("relay committed " + committedRecords + " of " + records + " records", failure.get());
        }
        progress.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    relay.close();
    thread.join(Duration.ofSeconds(30).toMillis());
    if (failure.get() != null) {
      throw new AssertionError("relay failed", failure.get());
    }
  }
}
