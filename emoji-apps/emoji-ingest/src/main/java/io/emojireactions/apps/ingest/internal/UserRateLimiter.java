package io.emojireactions.apps.ingest.internal;

import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A token bucket per {@code user_id}: {@code ratePerSecond} tokens a second, at most one
 * second's worth saved up. Time comes from the injected clock. Buckets of users who went quiet
 * are dropped once the map grows past {@link #PRUNE_AT} (a full bucket holds no state worth
 * keeping). Thread-safe.
 */
public final class UserRateLimiter {

  static final int PRUNE_AT = 100_000;

  private final double ratePerMs;
  private final double burst;
  private final Clock clock;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

  public UserRateLimiter(double ratePerSecond, Clock clock) {
    if (!(ratePerSecond > 0)) {
      throw new IllegalArgumentException("ratePerSecond must be > 0, but was " + ratePerSecond);
    }
    this.ratePerMs = ratePerSecond / 1000.0;
    this.burst = Math.max(1.0, ratePerSecond);
    this.clock = clock;
  }

  /** Takes {@code n} tokens for {@code user} if it has them; false (nothing taken) otherwise. */
  public boolean tryAcquire(String user, int n) {
    long now = clock.millis();
    if (buckets.size() > PRUNE_AT) {
      buckets.values().removeIf(b -> b.full(now));
    }
    Bucket bucket = buckets.computeIfAbsent(user, u -> new Bucket(burst, now));
    return bucket.take(n, now);
  }

  private final class Bucket {
    private double tokens;
    private long updatedMs;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedMs = now;
    }

    synchronized boolean take(int n, long now) {
      refill(now);
      if (tokens >= n) {
        tokens -= n;
        return true;
      }
      return false;
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > updatedMs) {
        tokens = Math.min(burst, tokens + (now - updatedMs) * ratePerMs);
        updatedMs = now;
      }
    }
  }
}
