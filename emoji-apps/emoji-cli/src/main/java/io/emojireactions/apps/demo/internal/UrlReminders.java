package io.emojireactions.apps.demo.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the demo's addresses in sight while the console scrolls: {@code reminder} (one line) every
 * {@code every} (zero: never), and {@code block} (the lines printed at start) again each time a
 * line is read from {@code in}, i.e. when Enter is pressed on the console.
 *
 * <p>{@code in} is read on a daemon thread that ends quietly at end of input or on an error: an
 * input that is closed, {@code /dev/null} ({@code nohup}, a service) or a pipe (a test) changes
 * nothing else. Lines are printed under {@code out}'s lock, never inside another writer's line.
 * {@link #close()} stops both; a read still blocked in {@code in} then prints nothing.
 */
public final class UrlReminders implements AutoCloseable {

  private final PrintStream out;
  private final List<String> block;
  private final ScheduledExecutorService timer;
  private volatile boolean closed;

  private UrlReminders(PrintStream out, List<String> block, ScheduledExecutorService timer) {
    this.out = out;
    this.block = List.copyOf(block);
    this.timer = timer;
  }

  /**
   * Starts printing.
   *
   * @throws IllegalArgumentException when {@code every} is negative
   */
  public static UrlReminders start(InputStream in, Charset charset, PrintStream out, List<String> block, String reminder, Duration every) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(reminder, "reminder");
    if (every == null || every.isNegative()) {
      throw new IllegalArgumentException("every must be >= 0, but was " + every);
    }
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "emoji-demo-reminder");
      t.setDaemon(true);
      return t;
    });
    UrlReminders reminders = new UrlReminders(out, block, timer);
    if (!every.isZero()) {
      long ms = every.toMillis();
      timer.scheduleAtFixedRate(() -> reminders.print(List.of(reminder)), ms, ms, TimeUnit.MILLISECONDS);
    }
    Thread keys = new Thread(() -> reminders.readKeys(in, charset), "emoji-demo-keys");
    keys.setDaemon(true);
    keys.start();
    return reminders;
  }

  private void readKeys(InputStream in, Charset charset) {
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(in, charset));
      while (!closed && r.readLine() != null) {
        print(block);
      }
    } catch (IOException | RuntimeException e) {
      // No usable input (closed, not readable): the reminders on the timer go on.
    }
  }

  private void print(List<String> lines) {
    if (closed) {
      return;
    }
    synchronized (out) {
      lines.forEach(out::println);
      out.flush();
    }
  }

  /** Stops the timer; the input thread ends at its next line or end of input. Idempotent. */
  @Override
  public void close() {
    closed = true;
    timer.shutdownNow();
  }
}
