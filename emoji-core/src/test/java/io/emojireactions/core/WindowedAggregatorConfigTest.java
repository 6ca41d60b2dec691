package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The aggregator's settings: defaults, one message per invalid field, copies. */
class WindowedAggregatorConfigTest {

  private static void assertRejected(UnaryOperator<WindowedAggregator.Config.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(WindowedAggregator.Config.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsAreTwoSecondWindowsTwoSecondLatenessUpdateModeAndTheSeedPolicy() {
    WindowedAggregator.Config c = WindowedAggregator.Config.defaults();
    assertThat(c.window().size()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.lateness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(c.scaling()).isEqualTo(ScalingPolicy.seed());
    assertThat(WindowedAggregator.Config.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void everyInvalidFieldIsNamedWithItsValue() {
    assertRejected(b -> b.window(null), "window must be tumbling windows, but was null");
    assertRejected(b -> b.lateness(Duration.ofMillis(-1)), "lateness must be >= 0, but was PT-0.001S");
    assertRejected(b -> b.lateness(null), "lateness must be >= 0, but was null");
    assertRejected(b -> b.outputMode(null), "outputMode must be update or append, but was null");
    assertRejected(b -> b.scaling(null), "scaling must be a scaling policy, but was null");
  }

  @Test
  void toBuilderCopiesEverySettingAndLeavesTheOriginalAlone() {
    WindowedAggregator.Config c = WindowedAggregator.Config.builder().window(TumblingWindows.of(Duration.ofSeconds(5)))
        .lateness(Duration.ZERO).outputMode(OutputMode.APPEND).scaling(ScalingPolicy.parse("per-1000")).build();

    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    WindowedAggregator.Config changed = c.toBuilder().lateness(Duration.ofSeconds(1)).build();
    assertThat(changed.lateness()).isEqualTo(Duration.ofSeconds(1));
    assertThat(changed.window().sizeMs()).isEqualTo(5000);
    assertThat(changed.outputMode()).isEqualTo(OutputMode.APPEND);
    assertThat(c.lateness()).isZero();
    // Equal sizes make equal configs, whichever TumblingWindows instance holds them.
    assertThat(c.toBuilder().window(TumblingWindows.of(Duration.ofSeconds(5))).build()).isEqualTo(c);
  }
}
