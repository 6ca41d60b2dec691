package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.internal.CommandLines;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.PipelineConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PipelineCommandTest {

  private static PipelineCommand pipeline(String... args) {
    CommandLine cli = CommandLines.of(new PipelineCommand(), new DebugCommand());
    CommandLine.ParseResult parsed = cli.parseArgs(prepend("pipeline", args));
    return (PipelineCommand) parsed.subcommand().commandSpec().userObject();
  }

  private static DebugCommand debug(String... args) {
    CommandLine.ParseResult parsed = CommandLines.of(new PipelineCommand(), new DebugCommand()).parseArgs(prepend("debug", args));
    return (DebugCommand) parsed.subcommand().commandSpec().userObject();
  }

  private static String[] prepend(String first, String... rest) {
    String[] all = new String[rest.length + 1];
    all[0] = first;
    System.arraycopy(rest, 0, all, 1, rest.length);
    return all;
  }

  @Test
  void defaultsAreTheContract() {
    PipelineCommand command = pipeline("--bootstrap-servers", "127.0.0.1:9092");
    PipelineConfig c = command.config();
    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.inputTopic()).isEqualTo("emoji_reactions");
    assertThat(c.outputTopic()).isEqualTo("emoji_main_publisher");
    assertThat(c.dlqTopic()).isEqualTo("emoji_reactions_dlq");
    assertThat(c.deadLetterMaxBytes()).isEqualTo(1_000_000);
    assertThat(c.window()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.lateness()).isEqualTo(Duration.ofSeconds(2));
    assertThat(c.trigger()).isEqualTo(PipelineConfig.TriggerSpec.every(Duration.ofSeconds(2)));
    assertThat(c.outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(c.scaling().name()).isEqualTo("seed");
    assertThat(c.checkpointDir()).isEqualTo("data/checkpoints/pipeline");
    assertThat(c.startingOffsets()).isEqualTo("earliest");
    assertThat(c.maxOffsetsPerTrigger()).isEmpty();
    assertThat(command.options.master()).isEmpty();
    assertThat(command.options.shufflePartitions()).isEmpty();
  }

  @Test
  void everyFlagOfTheContractMapsOntoTheConfig() {
    PipelineCommand command = pipeline("--bootstrap-servers", "k1:9092,k2:9092", "--input-topic", "in",
        "--output-topic", "out", "--dlq-topic", "bad", "--dlq-max-bytes", "65536", "--window", "500ms", "--lateness", "1m", "--trigger",
        "available-now", "--output-mode", "append", "--scaling", "per-1000", "--checkpoint", "/tmp/cp",
        "--master", "local[2]", "--starting-offsets", "latest", "--max-offsets-per-trigger", "100000",
        "--shuffle-partitions", "4", "--kafka-option", "security.protocol=PLAINTEXT", "--spark-conf",
        "spark.ui.enabled=true");
    PipelineConfig c = command.config();
    assertThat(c.inputTopic()).isEqualTo("in");
    assertThat(c.outputTopic()).isEqualTo("out");
    assertThat(c.dlqTopic()).isEqualTo("bad");
    assertThat(c.deadLetterMaxBytes()).isEqualTo(65_536);
    assertThat(c.window()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.lateness()).isEqualTo(Duration.ofMinutes(1));
    assertThat(c.trigger().isAvailableNow()).isTrue();
    assertThat(c.outputMode()).isEqualTo(OutputMode.APPEND);
    assertThat(c.scaling().apply(3785)).isEqualTo(3);
    assertThat(c.checkpointDir()).isEqualTo("/tmp/cp");
    assertThat(c.startingOffsets()).isEqualTo("latest");
    assertThat(c.maxOffsetsPerTrigger()).isEqualTo(OptionalLong.of(100_000));
    assertThat(c.kafkaOptions()).isEqualTo(Map.of("security.protocol", "PLAINTEXT"));
    assertThat(command.options.master()).isEqualTo(Optional.of("local[2]"));
    assertThat(command.options.shufflePartitions()).isEqualTo(OptionalInt.of(4));
    assertThat(command.options.sparkConf()).isEqualTo(Map.of("spark.ui.enabled", "true"));
  }

  @Test
  void subSecondTriggersAndDebugShareTheInputFlags() {
    assertThat(pipeline("--bootstrap-servers", "h:1", "--trigger", "500ms").config().trigger())
        .isEqualTo(PipelineConfig.TriggerSpec.every(Duration.ofMillis(500)));
    PipelineConfig d = debug("--bootstrap-servers", "h:1", "--window", "1s", "--scaling", "identity").config();
    assertThat(d.window()).isEqualTo(Duration.ofSeconds(1));
    assertThat(d.scaling().apply(12345)).isEqualTo(12345);
  }

  @Test
  void badValuesFailWithAMessageNamingTheFlagOrField() {
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--window", "2 sec"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--window").hasMessageContaining("'2 sec'");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--trigger", "sometimes"))
        .hasMessageContaining("available-now").hasMessageContaining("'sometimes'");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--output-mode", "complete"))
        .hasMessageContaining("'complete'");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--scaling", "bogus"))
        .hasMessageContaining("--scaling");
    assertThatThrownBy(() -> pipeline("--window", "2s")).hasMessageContaining("--bootstrap-servers");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--output-topic", "emoji_reactions").config())
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("must differ");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--starting-offsets", "middle").config())
        .hasMessageContaining("startingOffsets").hasMessageContaining("'middle'");
    assertThatThrownBy(() -> pipeline("--bootstrap-servers", "h:1", "--dlq-max-bytes", "100").config())
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("deadLetterMaxBytes must be at least 8192")
        .hasMessageContaining("100");
  }
}
