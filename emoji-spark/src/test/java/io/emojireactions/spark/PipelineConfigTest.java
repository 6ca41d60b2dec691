package io.emojireactions.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

  private static final ScalingPolicy IDENTITY = ScalingPolicy.of("identity", List.of(), new ScalingPolicy.Divide(1, 0));

  private static PipelineConfig.Builder base() {
    return PipelineConfig.builder("127.0.0.1:9092").scaling(IDENTITY);
  }

  private static void assertRejected(UnaryOperator<PipelineConfig.Builder> change, String... messageParts) {
    assertThatThrownBy(() -> change.apply(base()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContainingAll(messageParts);
  }

  @Test
  void defaultsAreTheContractTopicsTwoSecondWindowsAndAStableCheckpoint() {
    PipelineConfig c = base().build();
    assertThat(c.inputTopic()).isEqualTo("emoji_reactions");
    assertThat(c.outputTopic()).isEqualTo("emoji_main_publisher");
    assertThat(c.dlqTopic()).isEqualTo("emoji_reactions_dlq");
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.lateness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.trigger()).isEqualTo(PipelineConfig.TriggerSpec.every(Duration.ofSeconds(2)));
    assertThat(c.outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(c.checkpointDir()).isEqualTo("data/checkpoints/pipeline");
    assertThat(c.startingOffsets()).isEqualTo("earliest");
    assertThat(c.maxOffsetsPerTrigger()).isEmpty();
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void invalidSettingsAreRejectedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> PipelineConfig.builder(" ").scaling(IDENTITY).build()).hasMessageContaining("bootstrapServers");
    assertRejected(b -> b.inputTopic("bad topic"), "inputTopic", "'bad topic'");
    assertRejected(b -> b.outputTopic("emoji_reactions"), "must differ");
    assertRejected(b -> b.window(Duration.ZERO), "window", "PT0S");
    assertRejected(b -> b.window(Duration.ofNanos(1_500_000)), "window", "whole number of milliseconds");
    assertRejected(b -> b.lateness(Duration.ofSeconds(-1)), "lateness", "PT-1S");
    assertRejected(b -> b.startingOffsets("yesterday"), "startingOffsets", "'yesterday'");
    assertRejected(b -> b.maxOffsetsPerTrigger(OptionalLong.of(0)), "maxOffsetsPerTrigger", "0");
    assertRejected(b -> b.checkpointDir(""), "checkpointDir");
    assertRejected(b -> b.kafkaOption("kafka.acks", "all"), "'kafka.acks'");
    assertThatThrownBy(() -> PipelineConfig.TriggerSpec.every(Duration.ofMillis(-5))).hasMessageContaining("PT-0.005S");
  }

  @Test
  void startingOffsetsAreCaseInsensitiveAndTriggerPrintsItsForm() {
    assertThat(base().startingOffsets(" LATEST ").build().startingOffsets()).isEqualTo("latest");
    assertThat(PipelineConfig.TriggerSpec.availableNow().toString()).isEqualTo("available-now");
    assertThat(PipelineConfig.TriggerSpec.every(Duration.ofMillis(500)).toString()).isEqualTo("500ms");
  }
}
