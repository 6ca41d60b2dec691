package io.emojireactions.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class PipelineConfigTest {

  private static final ScalingPolicy IDENTITY = ScalingPolicy.of("identity", List.of(), new ScalingPolicy.Divide(1, 0));

  private static PipelineConfig.Builder base() {
    return PipelineConfig.builder().bootstrapServers("127.0.0.1:9092").scaling(IDENTITY);
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
    assertThat(c.deadLetterMaxBytes()).isEqualTo(1_000_000);
    assertThat(c.deadLetterSink().maxBytes()).isEqualTo(1_000_000);
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.lateness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.trigger()).isEqualTo(PipelineConfig.TriggerSpec.every(Duration.ofSeconds(2)));
    assertThat(c.outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(c.outputFormat()).isEqualTo(OutputFormat.EMOJI);
    assertThat(c.checkpointDir()).isEqualTo("data/checkpoints/pipeline");
    assertThat(c.startingOffsets()).isEqualTo("earliest");
    assertThat(c.maxOffsetsPerTrigger()).isEmpty();
    assertThat(c.kafkaOptions()).isEmpty();
    assertThat(c.parser()).isEqualTo(ReactionParser.Config.defaults());
    assertThat(PipelineConfig.builder().bootstrapServers("h:1").build().scaling()).isEqualTo(ScalingPolicy.seed());
    assertThat(c.toBuilder().build()).isEqualTo(c);
  }

  @Test
  void toBuilderCopiesEverySetting() {
    PipelineConfig c = base().inputTopic("in").outputTopic("out").dlqTopic("dlq").deadLetterMaxBytes(65_536).window(Duration.ofSeconds(5))
        .lateness(Duration.ZERO).trigger(PipelineConfig.TriggerSpec.availableNow()).outputMode(OutputMode.APPEND)
        .outputFormat(OutputFormat.SEED).checkpointDir("/tmp/cp").startingOffsets("latest").maxOffsetsPerTrigger(OptionalLong.of(10))
        .kafkaOption("security.protocol", "SSL").parser(ReactionParser.Config.builder().foldSkinTones(true).build()).build();

    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    PipelineConfig changed = c.toBuilder().kafkaOption("acks", "all").window(Duration.ofSeconds(1)).build();
    assertThat(changed.kafkaOptions()).containsOnly(entry("security.protocol", "SSL"), entry("acks", "all"));
    assertThat(changed.window()).isEqualTo(Duration.ofSeconds(1));
    assertThat(changed.checkpointDir()).isEqualTo("/tmp/cp");
    assertThat(changed.outputFormat()).isEqualTo(OutputFormat.SEED);
    assertThat(c.toString()).contains("outputFormat=seed", "deadLetterMaxBytes=65536");
    assertThat(changed.deadLetterMaxBytes()).isEqualTo(65_536);
    assertThat(changed.deadLetterSink().maxBytes()).isEqualTo(65_536);
    assertThat(c.toBuilder().deadLetterMaxBytes(65_537).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().outputFormat(OutputFormat.EMOJI).build()).isNotEqualTo(c);
    assertThat(c.kafkaOptions()).containsOnly(entry("security.protocol", "SSL"));
    assertThat(c.toBuilder().kafkaOptions(Map.of()).build().kafkaOptions()).isEmpty();
  }

  @Test
  void toStringNamesTheKafkaOptionsButNeverShowsTheirValues() {
    String jaas = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"hunter2\";";
    PipelineConfig c = base().kafkaOption("sasl.jaas.config", jaas).kafkaOption("ssl.truststore.password", "changeit").build();
    assertThat(c.toString()).contains("sasl.jaas.config", "ssl.truststore.password", "127.0.0.1:9092", "emoji_reactions")
        .doesNotContain("hunter2", "changeit");
  }

  @Test
  void invalidSettingsAreRejectedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> PipelineConfig.builder().bootstrapServers(" ").scaling(IDENTITY).build()).hasMessageContaining("bootstrapServers");
    assertRejected(b -> b.inputTopic("bad topic"), "inputTopic", "'bad topic'");
    assertRejected(b -> b.outputTopic("emoji_reactions"), "must differ");
    assertRejected(b -> b.window(Duration.ZERO), "window", "PT0S");
    assertRejected(b -> b.window(Duration.ofNanos(1_500_000)), "window", "whole number of milliseconds");
    assertRejected(b -> b.lateness(Duration.ofSeconds(-1)), "lateness", "PT-1S");
    assertRejected(b -> b.startingOffsets("yesterday"), "startingOffsets", "'yesterday'");
    assertRejected(b -> b.maxOffsetsPerTrigger(OptionalLong.of(0)), "maxOffsetsPerTrigger", "0");
    assertRejected(b -> b.checkpointDir(""), "checkpointDir");
    assertRejected(b -> b.kafkaOption("kafka.acks", "all"), "'kafka.acks'");
    assertRejected(b -> b.bootstrapServers(null), "bootstrapServers must be host:port[,host:port...], but was 'null'");
    assertRejected(b -> b.deadLetterMaxBytes(8_191), "deadLetterMaxBytes must be at least 8192", "8191");
    assertRejected(b -> b.dlqTopic(".."), "dlqTopic must be a Kafka topic name", "'..'");
    assertRejected(b -> b.outputTopic(null), "outputTopic must be a Kafka topic name", "'null'");
    assertRejected(b -> b.window(null), "window", "null");
    assertRejected(b -> b.lateness(Duration.ofNanos(1)), "lateness must be >= 0 and a whole number of milliseconds, but was PT0.000000001S");
    assertRejected(b -> b.trigger(null), "trigger must be an interval or available-now, but was null");
    assertRejected(b -> b.outputMode(null), "outputMode must be update or append, but was null");
    assertRejected(b -> b.outputFormat(null), "outputFormat must be emoji or seed, but was null");
    assertRejected(b -> b.outputFormat(OutputFormat.SEED).window(Duration.ofMillis(2500)),
        "window must be a whole number of seconds with outputFormat seed", "PT2.5S");
    assertThat(base().outputFormat(OutputFormat.SEED).window(Duration.ofMinutes(1)).build().window()).isEqualTo(Duration.ofMinutes(1));
    assertRejected(b -> b.scaling(null), "scaling must be a scaling policy, but was null");
    assertRejected(b -> b.checkpointDir(null), "checkpointDir must be a directory path, but was 'null'");
    assertRejected(b -> b.startingOffsets(null), "startingOffsets", "'null'");
    assertRejected(b -> b.maxOffsetsPerTrigger(OptionalLong.of(-3)), "maxOffsetsPerTrigger must be > 0, but was -3");
    assertRejected(b -> b.maxOffsetsPerTrigger(null), "maxOffsetsPerTrigger must be empty or > 0, but was null");
    assertRejected(b -> b.kafkaOptions(null), "kafkaOptions must be a map, but was null");
    assertRejected(b -> b.kafkaOption("acks", null), "kafkaOptions value of 'acks' must not be null");
    assertRejected(b -> b.parser(null), "parser must be a parser config, but was null");
    assertThatThrownBy(() -> PipelineConfig.TriggerSpec.every(Duration.ofMillis(-5))).hasMessageContaining("PT-0.005S");
  }

  @Test
  void startingOffsetsAreCaseInsensitiveAndTriggerPrintsItsForm() {
    assertThat(base().startingOffsets(" LATEST ").build().startingOffsets()).isEqualTo("latest");
    assertThat(base().startingOffsets(" {\"t\":{\"0\":5}}").build().startingOffsets()).isEqualTo(" {\"t\":{\"0\":5}}");
    assertThat(PipelineConfig.TriggerSpec.availableNow().toString()).isEqualTo("available-now");
    assertThat(PipelineConfig.TriggerSpec.every(Duration.ofMillis(500)).toString()).isEqualTo("500ms");
  }
}
