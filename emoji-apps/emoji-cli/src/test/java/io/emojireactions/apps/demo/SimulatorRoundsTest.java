package io.emojireactions.apps.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.apps.simulate.SimulatorConfig;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SimulatorRoundsTest {

  private static final ReactionTarget NOWHERE = new ReactionTarget() {
    @Override
    public void send(byte[] value, java.util.function.Consumer<Outcome> outcome) {}

    @Override
    public void flush() {}

    @Override
    public void close() {}
  };

  @Test
  void eachRoundLastsTheIntervalWithABurstOfHalfTheReactionsAndItsOwnSeed() {
    SimulatorRounds rounds = new SimulatorRounds(100, Duration.ofSeconds(60), Demo.BURST_EMOJI, NOWHERE);
    SimulatorConfig first = rounds.round(0);
    assertThat(first.rate()).isEqualTo(100);
    assertThat(first.duration()).isEqualTo(Duration.ofSeconds(60));
    assertThat(first.count()).isZero();
    assertThat(first.burstEmoji()).isEqualTo("🚀");
    assertThat(first.burstShare()).isEqualTo(0.5);
    assertThat(first.emojis()).as("the burst emoji stands out: not in the steady traffic").doesNotContain("🚀");
    assertThat(rounds.round(1).seed()).isNotEqualTo(first.seed());
  }

  @Test
  void zeroIntervalIsOneSteadyRunWithoutBursts() {
    SimulatorConfig steady = new SimulatorRounds(100, Duration.ZERO, Demo.BURST_EMOJI, NOWHERE).round(0);
    assertThat(steady.burstEmoji()).isNull();
    assertThat(steady.duration()).isEqualTo(Duration.ofHours(24));
  }
}
