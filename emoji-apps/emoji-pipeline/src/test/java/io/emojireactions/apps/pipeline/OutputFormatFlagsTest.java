package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.core.OutputMode;
import io.emojireactions.spark.OutputFormat;
import io.emojireactions.spark.PipelineConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code --output-format} and {@code --output-mode} of {@code pipeline} and {@code debug}, from flags, environment and config file. */
class OutputFormatFlagsTest {

  @Command(name = "emoji")
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  /** A command line as bin/emoji's, with {@code environment} as the process environment. */
  private static CommandLine cli(Map<String, String> environment) {
    CommandLine root = new CommandLine(new Root()).addSubcommand(new PipelineCommand()).addSubcommand(new DebugCommand());
    return CommandLines.configure(root, environment);
  }

  private static Object parse(Map<String, String> environment, String... args) {
    return cli(environment).parseArgs(args).subcommand().commandSpec().userObject();
  }

  private static PipelineConfig pipeline(Map<String, String> environment, String... args) {
    return ((PipelineCommand) parse(environment, args)).config();
  }

  private static DebugCommand debug(Map<String, String> environment, String... args) {
    return (DebugCommand) parse(environment, args);
  }

  @Test
  void theDefaultFormatIsEmojiAndSeedMapsOntoTheConfigOfBothCommands() {
    assertThat(pipeline(Map.of(), "pipeline", "--bootstrap-servers", "h:1").outputFormat()).isEqualTo(OutputFormat.EMOJI);
    assertThat(pipeline(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--output-format", "seed").outputFormat())
        .isEqualTo(OutputFormat.SEED);
    assertThat(debug(Map.of(), "debug", "--bootstrap-servers", "h:1", "--output-format", "SEED").config().outputFormat())
        .isEqualTo(OutputFormat.SEED);
  }

  @Test
  void theFormatAndTheModeAlsoComeFromTheEnvironmentAndTheConfigFileBelowTheFlag(@TempDir Path dir) throws Exception {
    assertThat(pipeline(Map.of("EMOJI_OUTPUT_FORMAT", "seed"), "pipeline", "--bootstrap-servers", "h:1").outputFormat())
        .isEqualTo(OutputFormat.SEED);
    assertThat(pipeline(Map.of("EMOJI_OUTPUT_FORMAT", "seed"), "pipeline", "--bootstrap-servers", "h:1", "--output-format", "emoji")
        .outputFormat()).isEqualTo(OutputFormat.EMOJI);
    assertThat(pipeline(Map.of("EMOJI_PIPELINE_OUTPUT_FORMAT", "seed", "EMOJI_OUTPUT_FORMAT", "emoji"), "pipeline",
        "--bootstrap-servers", "h:1").outputFormat()).isEqualTo(OutputFormat.SEED);

    Path file = Files.writeString(dir.resolve("emoji.properties"),
        "bootstrap-servers=h:1\noutput-format=seed\ndebug.output-mode=complete\npipeline.output-mode=append\n");
    assertThat(pipeline(Map.of(), "--config", file.toString(), "pipeline").outputFormat()).isEqualTo(OutputFormat.SEED);
    assertThat(pipeline(Map.of(), "--config", file.toString(), "pipeline").outputMode()).isEqualTo(OutputMode.APPEND);
    DebugCommand fromFile = debug(Map.of(), "--config", file.toString(), "debug");
    assertThat(fromFile.outputMode).isEqualTo(DebugOutputMode.COMPLETE);
    assertThat(fromFile.config().outputFormat()).isEqualTo(OutputFormat.SEED);
    assertThat(debug(Map.of("EMOJI_DEBUG_OUTPUT_MODE", "append"), "--config", file.toString(), "debug").outputMode)
        .isEqualTo(DebugOutputMode.APPEND);
  }

  @Test
  void debugTakesCompleteAndThePipelineRefusesItNamingTheFlagAndValue() {
    assertThat(debug(Map.of(), "debug", "--bootstrap-servers", "h:1").outputMode).isEqualTo(DebugOutputMode.UPDATE);
    DebugCommand complete = debug(Map.of(), "debug", "--bootstrap-servers", "h:1", "--output-mode", "complete");
    assertThat(complete.outputMode).isEqualTo(DebugOutputMode.COMPLETE);
    assertThat(complete.config().outputMode()).isEqualTo(OutputMode.UPDATE);
    assertThat(debug(Map.of(), "debug", "--bootstrap-servers", "h:1", "--output-mode", "append").config().outputMode())
        .isEqualTo(OutputMode.APPEND);

    assertThatThrownBy(() -> parse(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--output-mode", "complete"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageStartingWith("Invalid value for option '--output-mode': 'complete' is for 'emoji debug' only")
        .hasMessageContaining("use update or append");
    assertThatThrownBy(() -> parse(Map.of(), "debug", "--bootstrap-servers", "h:1", "--output-mode", "sometimes"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("Invalid value for option '--output-mode': output mode must be 'update', 'append' or 'complete', but was 'sometimes'");
  }

  @Test
  void aRefusedValueFromTheEnvironmentSaysWhereItCameFrom() {
    StringWriter err = new StringWriter();
    CommandLine line = cli(Map.of("EMOJI_OUTPUT_MODE", "complete")).setErr(new PrintWriter(err));
    assertThat(line.execute("pipeline", "--bootstrap-servers", "h:1")).isEqualTo(2);
    assertThat(err.toString()).contains("Invalid value for option '--output-mode': 'complete' is for 'emoji debug' only",
        "(from environment variable EMOJI_OUTPUT_MODE)");
  }

  @Test
  void badFormatsAndCombinationsFailNamingTheFlagOrFieldAndValue() {
    assertThatThrownBy(() -> parse(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--output-format", "python"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("Invalid value for option '--output-format': output format must be 'emoji' or 'seed', but was 'python'");
    assertThatThrownBy(() -> pipeline(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--output-format", "seed", "--window", "500ms"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessage("window must be a whole number of seconds with outputFormat seed, whose times have no fraction, but was PT0.5S");
    assertThatThrownBy(() -> pipeline(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--output-format", "seed", "--sentiment"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--sentiment").hasMessageContaining("--output-format seed");
    assertThat(pipeline(Map.of(), "pipeline", "--bootstrap-servers", "h:1", "--sentiment").outputFormat()).isEqualTo(OutputFormat.EMOJI);
  }
}
