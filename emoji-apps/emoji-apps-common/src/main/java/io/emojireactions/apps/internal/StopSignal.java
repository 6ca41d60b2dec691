package io.emojireactions.apps.internal;

import java.util.concurrent.CountDownLatch;

/**
 * The stop request of a command that runs until SIGTERM or Ctrl-C. A JVM shutdown hook releases
 * {@link #requested()} and then waits until the command has finished its clean stop and closed
 * this signal, so the JVM does not exit under a half-written buffer or an open transaction.
 *
 * <pre>{@code
 * try (StopSignal stop = StopSignal.onShutdown("emoji-ingest-stop")) {
 *   return serve(config, stop.requested());   // returns after stop.requested() was released
 * }
 * }</pre>
 */
public final class StopSignal implements AutoCloseable {

  private final CountDownLatch requested = new CountDownLatch(1);
  private final CountDownLatch finished = new CountDownLatch(1);

  private StopSignal() {}

  /** A signal released by the JVM's shutdown; the hook thread is named {@code threadName}. */
  public static StopSignal onShutdown(String threadName) {
    StopSignal signal = new StopSignal();
    Runtime.getRuntime().addShutdownHook(new Thread(signal::requestAndAwaitFinish, threadName));
    return signal;
  }

  /** Released once a stop was requested. */
  public CountDownLatch requested() {
    return requested;
  }

  /** Marks the command's clean stop as done; the JVM's shutdown may go on. */
  @Override
  public void close() {
    finished.countDown();
  }

  private void requestAndAwaitFinish() {
    requested.countDown();
    try {
      finished.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
