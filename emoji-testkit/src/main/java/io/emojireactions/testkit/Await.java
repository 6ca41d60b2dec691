package io.emojireactions.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Polling with a deadline, for tests that wait on another process (a broker, a streaming query):
 * the condition is re-checked every 50 ms until it holds or the timeout passes. Use it instead of
 * fixed sleeps: it returns as soon as the condition holds and fails with a message when it never does.
 *
 * <p>Stateless and thread-safe.
 */
public final class Await {

  private static final long PAUSE_NANOS = Duration.ofMillis(50).toNanos();

  private Await() {}

  /**
   * Returns once {@code condition} is true.
   *
   * @param what describes the awaited state, for the failure message
   * @throws AssertionError when {@code timeout} passes first
   */
  public static void until(String what, Duration timeout, BooleanSupplier condition) {
    until(what, timeout, condition, () -> "");
  }

  /** {@link #until(String, Duration, BooleanSupplier)} with a diagnostic appended to the failure message. */
  public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> diagnostic) {
    Instant deadline = Instant.now().plus(timeout);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        String detail = diagnostic.get();
        throw new AssertionError("timed out after " + timeout + " waiting for " + what + (detail.isEmpty() ? "" : ": " + detail));
      }
      LockSupport.parkNanos(PAUSE_NANOS);
      if (Thread.interrupted()) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
