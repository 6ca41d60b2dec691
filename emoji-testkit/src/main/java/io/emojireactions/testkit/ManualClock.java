package io.emojireactions.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when a test says so. Thread-safe. */
public final class ManualClock extends Clock {

  private volatile Instant now;

  /** A clock at {@code start}, zone UTC. */
  public ManualClock(Instant start) {
    this.now = start;
  }

  /** Moves the clock forward by {@code d} (backward when negative). */
  public void advance(Duration d) {
    synchronized (this) {
      now = now.plus(d);
    }
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException();
  }
}
