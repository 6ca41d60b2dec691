package io.emojireactions.apps.simulate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The simulator's settings: defaults, one message per invalid field, copies. */
class SimulatorConfigTest {

  private static void assertRejected(UnaryOperator<SimulatorConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(SimulatorConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsSend10000ReactionsAt1000PerSecondFromTheTop30WithoutBurstLateOrInvalidRecords() {
    SimulatorConfig c = SimulatorConfig.defaults();
    assertThat(c.rate()).isEqualTo(1_000);
    assertThat(c.duration()).isNull();
    assertThat(c.count()).isEqualTo(10_000);
    assertThat(c.users()).isEqualTo(10_000);
    assertThat(c.rooms()).isEqualTo(3);
    assertThat(c.emojis()).isEqualTo(ReactionGenerator.DEFAULT_EMOJIS);
    assertThat(c.zipf()).isEqualTo(1.0);
    assertThat(c.burstEmoji()).isNull();
    assertThat(c.burstShare()).isEqualTo(0.5);
    assertThat(c.lateFraction()).isZero();
    assertThat(c.lateBy()).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.invalidFraction()).isZero();
    assertThat(c.seed()).isEqualTo(42);
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(2));
    assertThat(SimulatorConfig.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void everyInvalidFieldIsNamedWithItsValue() {
    assertRejected(b -> b.rate(-1), "rate must be a finite number >= 0, but was -1.0");
    assertRejected(b -> b.rate(Double.NaN), "rate must be a finite number >= 0, but was NaN");
    assertRejected(b -> b.duration(Duration.ZERO), "duration must be > 0, but was PT0S");
    assertRejected(b -> b.count(-1), "count must be >= 0, but was -1");
    assertRejected(b -> b.users(0), "users must be >= 1, but was 0");
    assertRejected(b -> b.rooms(-1), "rooms must be >= 0, but was -1");
    assertRejected(b -> b.emojis(List.of()), "emojis must not be empty or hold null, but was []");
    assertRejected(b -> b.emojis(null), "emojis must not be empty or hold null, but was null");
    assertRejected(b -> b.emojis(Arrays.asList("👍", null)), "emojis must not be empty or hold null, but was [👍, null]");
    assertRejected(b -> b.zipf(Double.POSITIVE_INFINITY), "zipf must be a finite number >= 0, but was Infinity");
    assertRejected(b -> b.burstEmoji(" "), "burstEmoji must not be blank when set, but was ' '");
    assertRejected(b -> b.burstShare(1.5), "burstShare must be in 0..1, but was 1.5");
    assertRejected(b -> b.lateFraction(-0.1), "lateFraction must be in 0..1, but was -0.1");
    assertRejected(b -> b.lateBy(Duration.ofSeconds(-1)), "lateBy must be >= 0, but was PT-1S");
    assertRejected(b -> b.lateBy(null), "lateBy must be >= 0, but was null");
    assertRejected(b -> b.invalidFraction(2), "invalidFraction must be in 0..1, but was 2.0");
    assertRejected(b -> b.window(Duration.ZERO), "window must be > 0, but was PT0S");
  }

  @Test
  void toBuilderCopiesEverySettingAndTheEmojiListIsACopy() {
    List<String> emojis = new ArrayList<>(List.of("👍", "🔥"));
    SimulatorConfig c = SimulatorConfig.builder().rate(10).duration(Duration.ofSeconds(5)).count(0).users(2).rooms(0)
        .emojis(emojis).zipf(0).burstEmoji("🚀").burstShare(0.9).lateFraction(0.1).lateBy(Duration.ZERO)
        .invalidFraction(0.2).seed(7).window(Duration.ofSeconds(1)).build();
    emojis.add("❤️");

    assertThat(c.emojis()).containsExactly("👍", "🔥");
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    SimulatorConfig changed = c.toBuilder().seed(8).burstEmoji(null).build();
    assertThat(changed.seed()).isEqualTo(8);
    assertThat(changed.burstEmoji()).isNull();
    assertThat(changed.effectiveCount()).isEqualTo(50);
    assertThat(c.seed()).isEqualTo(7);
    assertThat(c.burstEmoji()).isEqualTo("🚀");
  }
}
