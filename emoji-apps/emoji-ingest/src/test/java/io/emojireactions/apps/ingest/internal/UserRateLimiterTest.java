package io.emojireactions.apps.ingest.internal;

import io.emojireactions.testkit.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UserRateLimiterTest {

  @Test
  void aUserGetsOneSecondsWorthThenRefillsAtTheRateAndUsersAreIndependent() {
    ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    UserRateLimiter limiter = new UserRateLimiter(5, clock);
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.tryAcquire("alice", 1)).as("token %s", i).isTrue();
    }
    assertThat(limiter.tryAcquire("alice", 1)).isFalse();
    assertThat(limiter.tryAcquire("bob", 1)).isTrue();

    clock.advance(Duration.ofMillis(199));
    assertThat(limiter.tryAcquire("alice", 1)).as("0.995 tokens").isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(limiter.tryAcquire("alice", 1)).isTrue();
    assertThat(limiter.tryAcquire("alice", 1)).isFalse();

    clock.advance(Duration.ofSeconds(60));
    assertThat(limiter.tryAcquire("alice", 6)).as("burst is capped at one second").isFalse();
    assertThat(limiter.tryAcquire("alice", 5)).isTrue();
  }
}
