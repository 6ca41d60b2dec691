package io.emojireactions.apps.demo;

import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.apps.simulate.Simulator;
import io.emojireactions.apps.simulate.SimulatorConfig;
import io.emojireactions.apps.simulate.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * The demo's live traffic: the simulator run again and again, each round {@code every} long with
 * a burst of {@code burstEmoji} (half the reactions) in its middle fifth, so the alerts service has
 * a spike to report now and then. Each round has its own seed. With {@code every} zero: one steady
 * 24-hour run without bursts. {@link #stop()} ends the round in progress and the loop.
 */
final class SimulatorRounds {

  private static final Duration STEADY = Duration.ofHours(24);

  private final double rate;
  private final Duration every;
  private final String burstEmoji;
  private final ReactionTarget target;
  private volatile boolean stopped;
  private volatile Simulator current;

  SimulatorRounds(double rate, Duration every, String burstEmoji, ReactionTarget target) {
    this.rate = rate;
    this.every = Objects.requireNonNull(every, "every");
    this.burstEmoji = Objects.requireNonNull(burstEmoji, "burstEmoji");
    this.target = Objects.requireNonNull(target, "target");
  }

  /** The configuration of round {@code round} (0-based). */
  SimulatorConfig round(long round) {
    SimulatorConfig.Builder steady = SimulatorConfig.builder().rate(rate).count(0).seed(42 + round);
    return every.isZero()
        ? steady.duration(STEADY).build()
        : steady.duration(every).burstEmoji(burstEmoji).burstShare(0.5).build();
  }

  /** Runs rounds until {@link #stop()} (or, without bursts, the one round ends). */
  void run() {
    for (long round = 0; !stopped; round++) {
      Simulator simulator = new Simulator(round(round), target, Clock.systemUTC(), Ticker.system());
      current = simulator;
      if (stopped) {
        return;
      }
      try {
        simulator.run(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (every.isZero()) {
        return;
      }
    }
  }

  void stop() {
    stopped = true;
    Simulator s = current;
    if (s != null) {
      s.stop();
    }
  }
}
