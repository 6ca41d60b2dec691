package io.emojireactions.apps.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.EmojiCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

class CliConfigurationTest {

  private static final String[] INGEST = {"ingest", "--bootstrap-servers", "127.0.0.1:9092"};

  @TempDir Path dir;

  // ---- precedence, one pair at a time ----

  @Test
  void aFlagWinsOverTheEnvironment() {
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_PORT", "9001", "EMOJI_INGEST_PORT", "9002"));
    cli.parseArgs(args(INGEST, "--port", "9003"));
    assertThat(value(cli, "ingest", "--port")).isEqualTo(9003);
  }

  @Test
  void theEnvironmentWinsOverTheConfigFile() throws Exception {
    Path file = file("port=9001", "ingest.port=9002");
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_PORT", "9003"));
    cli.parseArgs(args(new String[] {"--config", file.toString()}, INGEST));
    // By source first: even the generic variable beats the command's own key in the file.
    assertThat(value(cli, "ingest", "--port")).isEqualTo(9003);
  }

  @Test
  void theConfigFileWinsOverTheDefault() throws Exception {
    Path file = file("port=9001");
    CommandLine cli = EmojiCli.commandLine(Map.of());
    cli.parseArgs(args(new String[] {"--config", file.toString()}, INGEST));
    assertThat(value(cli, "ingest", "--port")).isEqualTo(9001);

    CommandLine plain = EmojiCli.commandLine(Map.of());
    plain.parseArgs(INGEST);
    assertThat(value(plain, "ingest", "--port")).isEqualTo(8080);
  }

  @Test
  void aCommandQualifiedVariableWinsOverTheGenericOneSoOneShellConfiguresTwoCommandsApart() {
    Map<String, String> env = Map.of("EMOJI_PORT", "9001", "EMOJI_INGEST_PORT", "9002");
    CommandLine ingest = EmojiCli.commandLine(env);
    ingest.parseArgs(INGEST);
    assertThat(value(ingest, "ingest", "--port")).isEqualTo(9002);
    CommandLine dashboard = EmojiCli.commandLine(env);
    dashboard.parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(value(dashboard, "dashboard", "--port")).isEqualTo(9001);
  }

  @Test
  void aCommandQualifiedKeyWinsOverTheGenericOne() throws Exception {
    Path file = file("port=9001", "ingest.port=9002");
    CommandLine ingest = EmojiCli.commandLine(Map.of());
    ingest.parseArgs(args(new String[] {"--config", file.toString()}, INGEST));
    assertThat(value(ingest, "ingest", "--port")).isEqualTo(9002);
    CommandLine dashboard = EmojiCli.commandLine(Map.of("EMOJI_CONFIG", file.toString()));
    dashboard.parseArgs("dashboard", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(value(dashboard, "dashboard", "--port")).isEqualTo(9001);
  }

  @Test
  void theConfigFlagWinsOverTheConfigVariable() throws Exception {
    Path flag = file("port=9001");
    Path variable = Files.writeString(dir.resolve("other.properties"), "port=9002\n");
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_CONFIG", variable.toString()));
    cli.parseArgs(args(new String[] {"--config", flag.toString()}, INGEST));
    assertThat(value(cli, "ingest", "--port")).isEqualTo(9001);
  }

  @Test
  void aSubSubCommandReadsItsOwnNameThenItsParentsThenTheGenericOne() throws Exception {
    CommandLine own = EmojiCli.commandLine(Map.of("EMOJI_QUERY_TOP_LIMIT", "7", "EMOJI_QUERY_LIMIT", "8", "EMOJI_LIMIT", "9"));
    own.parseArgs("query", "top");
    assertThat(value(own.getSubcommands().get("query"), "top", "--limit")).isEqualTo(7);
    CommandLine parent = EmojiCli.commandLine(Map.of("EMOJI_QUERY_LIMIT", "8", "EMOJI_LIMIT", "9"));
    parent.parseArgs("query", "top");
    assertThat(value(parent.getSubcommands().get("query"), "top", "--limit")).isEqualTo(8);

    // --jdbc-url is query's own, inherited by top: it is named after query.
    Path file = file("query.jdbc-url=jdbc:postgresql://db:5432/emoji");
    CommandLine inherited = EmojiCli.commandLine(Map.of());
    inherited.parseArgs("--config", file.toString(), "query", "top");
    assertThat(value(inherited, "query", "--jdbc-url")).isEqualTo("jdbc:postgresql://db:5432/emoji");
  }

  // ---- the Python ingest's variables ----

  @Test
  void theIngestReadsThePythonIngestsVariablesWithTheirMeaning() {
    CommandLine cli = EmojiCli.commandLine(Map.of(
        "KAFKA_BOOTSTRAP_SERVERS", "py-kafka:9092", "EMOJI_TOPIC", "py_reactions", "BUFFER_FLUSH_INTERVAL", "0.25"));
    cli.parseArgs("ingest");
    assertThat(value(cli, "ingest", "--bootstrap-servers")).isEqualTo("py-kafka:9092");
    assertThat(value(cli, "ingest", "--topic")).isEqualTo("py_reactions");
    // The Python ingest's interval is in seconds.
    assertThat(value(cli, "ingest", "--flush-interval-ms")).isEqualTo(250L);
  }

  @Test
  void thePythonIngestsVariablesComeBelowOurFlagsVariablesAndConfigFile() throws Exception {
    Map<String, String> python = Map.of("KAFKA_BOOTSTRAP_SERVERS", "py-kafka:9092", "BUFFER_FLUSH_INTERVAL", "2");
    Map<String, String> both = new TreeMap<>(python);
    both.put("EMOJI_BOOTSTRAP_SERVERS", "ours:9092");
    both.put("EMOJI_FLUSH_INTERVAL_MS", "100");
    CommandLine env = EmojiCli.commandLine(both);
    env.parseArgs("ingest");
    assertThat(value(env, "ingest", "--bootstrap-servers")).isEqualTo("ours:9092");
    assertThat(value(env, "ingest", "--flush-interval-ms")).isEqualTo(100L);

    Path file = file("bootstrap-servers=file:9092", "ingest.flush-interval-ms=300");
    CommandLine fromFile = EmojiCli.commandLine(python);
    fromFile.parseArgs("--config", file.toString(), "ingest");
    assertThat(value(fromFile, "ingest", "--bootstrap-servers")).isEqualTo("file:9092");
    assertThat(value(fromFile, "ingest", "--flush-interval-ms")).isEqualTo(300L);

    CommandLine flags = EmojiCli.commandLine(python);
    flags.parseArgs("ingest", "--bootstrap-servers", "flag:9092", "--flush-interval-ms", "400");
    assertThat(value(flags, "ingest", "--bootstrap-servers")).isEqualTo("flag:9092");
    assertThat(value(flags, "ingest", "--flush-interval-ms")).isEqualTo(400L);

    CommandLine none = EmojiCli.commandLine(python);
    none.parseArgs("ingest");
    assertThat(value(none, "ingest", "--flush-interval-ms")).isEqualTo(2000L);
  }

  @Test
  void onlyTheIngestReadsThePythonIngestsVariables() {
    assertThatThrownBy(() -> EmojiCli.commandLine(Map.of("KAFKA_BOOTSTRAP_SERVERS", "py-kafka:9092")).parseArgs("fanout"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void aBadPythonVariableIsReportedByName() {
    Run run = execute(Map.of("KAFKA_BOOTSTRAP_SERVERS", "py-kafka:9092", "BUFFER_FLUSH_INTERVAL", "soon"), "ingest");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("'soon'").contains("(from environment variable BUFFER_FLUSH_INTERVAL)");

    String help = squeeze(EmojiCli.commandLine(Map.of()).getSubcommands().get("ingest").getUsageMessage(CommandLine.Help.Ansi.OFF));
    assertThat(help)
        .contains("(env: EMOJI_BOOTSTRAP_SERVERS, then KAFKA_BOOTSTRAP_SERVERS)")
        .contains("(env: EMOJI_FLUSH_INTERVAL_MS, then BUFFER_FLUSH_INTERVAL in seconds)");
  }

  // ---- kinds of options ----

  @Test
  void aRequiredOptionOfAMixinMayComeFromTheEnvironment() {
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_BOOTSTRAP_SERVERS", "kafka:9093"));
    cli.parseArgs("ingest");
    assertThat(value(cli, "ingest", "--bootstrap-servers")).isEqualTo("kafka:9093");

    assertThatThrownBy(() -> EmojiCli.commandLine(Map.of()).parseArgs("ingest"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void aBooleanFlagTakesTrueOrFalseAndTheFlagStillMeansTrue() throws Exception {
    CommandLine fromEnv = EmojiCli.commandLine(Map.of("EMOJI_FOLD_SKIN_TONES", "true"));
    fromEnv.parseArgs(INGEST);
    assertThat(value(fromEnv, "ingest", "--fold-skin-tones")).isEqualTo(true);

    // picocli sets a flag to the opposite of its default, and the default includes the
    // environment's answer: without the fallback this would be false.
    CommandLine flagToo = EmojiCli.commandLine(Map.of("EMOJI_FOLD_SKIN_TONES", "true"));
    flagToo.parseArgs(args(INGEST, "--fold-skin-tones"));
    assertThat(value(flagToo, "ingest", "--fold-skin-tones")).isEqualTo(true);

    CommandLine explicitOff = EmojiCli.commandLine(Map.of("EMOJI_FOLD_SKIN_TONES", "true"));
    explicitOff.parseArgs(args(INGEST, "--fold-skin-tones=false"));
    assertThat(value(explicitOff, "ingest", "--fold-skin-tones")).isEqualTo(false);

    CommandLine fileOff = EmojiCli.commandLine(Map.of());
    fileOff.parseArgs(args(new String[] {"--config", file("fold-skin-tones=false").toString()}, INGEST, "--fold-skin-tones"));
    assertThat(value(fileOff, "ingest", "--fold-skin-tones")).isEqualTo(true);

    CommandLine absent = EmojiCli.commandLine(Map.of());
    absent.parseArgs(INGEST);
    assertThat(value(absent, "ingest", "--fold-skin-tones")).isEqualTo(false);
  }

  @Test
  void aRepeatableMapOptionOfAMixinTakesOneEntryPerLineAndTheFlagReplacesThemAll() throws Exception {
    CommandLine fromEnv = EmojiCli.commandLine(Map.of("EMOJI_KAFKA_PROPERTY", "security.protocol=SSL\nssl.enabled.protocols=TLSv1.2,TLSv1.3\n"));
    fromEnv.parseArgs(INGEST);
    assertThat(value(fromEnv, "ingest", "--kafka-property"))
        .isEqualTo(Map.of("security.protocol", "SSL", "ssl.enabled.protocols", "TLSv1.2,TLSv1.3"));

    CommandLine flag = EmojiCli.commandLine(Map.of("EMOJI_KAFKA_PROPERTY", "security.protocol=SSL\nsasl.mechanism=PLAIN"));
    flag.parseArgs(args(INGEST, "--kafka-property", "security.protocol=SASL_SSL"));
    assertThat(value(flag, "ingest", "--kafka-property")).isEqualTo(Map.of("security.protocol", "SASL_SSL"));

    // In a properties file: \n escapes, or a continued line.
    Path file = file("pipeline.spark-conf=spark.ui.enabled=false\\n\\", "  spark.sql.ansi.enabled=true");
    CommandLine fromFile = EmojiCli.commandLine(Map.of());
    fromFile.parseArgs("--config", file.toString(), "pipeline", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(value(fromFile, "pipeline", "--spark-conf"))
        .isEqualTo(Map.of("spark.ui.enabled", "false", "spark.sql.ansi.enabled", "true"));
  }

  @Test
  void aJaasConfigWithQuotesAndSemicolonsArrivesWhole() {
    String jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"a b\" password=\"p$$w;rd\";";
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_KAFKA_PROPERTY", "sasl.jaas.config=" + jaas));
    cli.parseArgs(INGEST);
    assertThat(value(cli, "ingest", "--kafka-property")).isEqualTo(Map.of("sasl.jaas.config", jaas));
  }

  @Test
  void valuesArriveLiterallyWithoutPicocliVariableInterpolation() {
    CommandLine cli = EmojiCli.commandLine(Map.of("EMOJI_TOPIC", "t$$1${env:HOME}${sys:user.dir}"));
    cli.parseArgs(INGEST);
    assertThat(value(cli, "ingest", "--topic")).isEqualTo("t$$1${env:HOME}${sys:user.dir}");
  }

  @Test
  void listsWithArityAndWithTheirOwnSplitReadTheirValuesAsTheFlagsDo() {
    CommandLine cli = testCommandLine(Map.of("EMOJI_TAG", "a\nb c", "EMOJI_LEVEL", "1,2", "EMOJI_VERBOSE", "true"));
    cli.parseArgs("tool");
    Tool tool = cli.getSubcommands().get("tool").getCommand();
    assertThat(tool.tags).containsExactly("a", "b c");
    assertThat(tool.levels).containsExactly(1, 2);
    assertThat(tool.verbose).isTrue();

    CommandLine flags = testCommandLine(Map.of("EMOJI_TAG", "a\nb", "EMOJI_LEVEL", "1,2"));
    flags.parseArgs("tool", "--tag", "x", "y", "--level", "3");
    Tool flagged = flags.getSubcommands().get("tool").getCommand();
    assertThat(flagged.tags).containsExactly("x", "y");
    assertThat(flagged.levels).containsExactly(3);
  }

  // ---- help ----

  @Test
  void everyOptionOfEveryCommandListsItsEnvironmentVariableInHelp() {
    CommandLine cli = EmojiCli.commandLine(Map.of());
    List<String> missing = new ArrayList<>();
    for (CommandSpec command : CliConfiguration.commands(cli.getCommandSpec())) {
      String usage = squeeze(command.commandLine().getUsageMessage(CommandLine.Help.Ansi.OFF));
      for (OptionSpec option : command.options()) {
        if (ConfigNames.configurable(option) && !option.hidden()
            && !usage.contains("(env: " + CliConfiguration.environmentNote(option) + ")")) {
          missing.add(command.qualifiedName() + " " + option.longestName());
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void helpShowsTheVariableNamesTheFooterAndAnUnchangedSynopsis() {
    CommandLine cli = EmojiCli.commandLine(Map.of());
    String ingest = squeeze(cli.getSubcommands().get("ingest").getUsageMessage(CommandLine.Help.Ansi.OFF));
    assertThat(ingest)
        .contains("--port=<port> HTTP port; 0 picks a free one. Default: 8080. (env: EMOJI_PORT)")
        .contains("(env: EMOJI_BUFFER)")
        .contains("(env: EMOJI_KAFKA_PROPERTY)")
        .contains("(env: EMOJI_FOLD_SKIN_TONES)")
        .contains("[--kafka-option=KEY=VALUE]...")
        .contains("'emoji --config FILE' or EMOJI_CONFIG")
        .contains("EMOJI_INGEST_PORT and ingest.port apply to ingest alone; they win over EMOJI_PORT and port.")
        .contains("a repeatable option takes one value per line and a flag takes true or false")
        .contains("Precedence: flag > environment > config file > default.");
    assertThat(ingest).doesNotContain("(env: EMOJI_HELP)").doesNotContain("(env: EMOJI_VERSION)");

    String top = squeeze(cli.getSubcommands().get("query").getSubcommands().get("top").getUsageMessage(CommandLine.Help.Ansi.OFF));
    assertThat(top).contains("EMOJI_QUERY_TOP_LAST and query.top.last apply to query top alone, EMOJI_QUERY_LAST and query.last to every query command");

    String root = squeeze(cli.getUsageMessage(CommandLine.Help.Ansi.OFF));
    assertThat(root).contains("--config=FILE").contains("(env: EMOJI_CONFIG)").contains("Precedence: flag > environment > config file > default.");
  }

  @Test
  void helpStaysReachableWithABrokenConfigFile() {
    Run run = execute(Map.of("EMOJI_CONFIG", dir.resolve("missing.properties").toString()), "ingest", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("(env: EMOJI_PORT)");
  }

  // ---- errors ----

  @Test
  void aMissingConfigFileIsAnErrorNamingTheFileAndWhoNamedIt() {
    Path missing = dir.resolve("missing.properties");
    Run flag = execute(Map.of(), "--config", missing.toString(), "ingest", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(flag.exitCode()).isEqualTo(2);
    assertThat(flag.err().strip()).isEqualTo("cannot read config file " + missing + " (--config): no such file");

    Run variable = execute(Map.of("EMOJI_CONFIG", missing.toString()), "ingest", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(variable.exitCode()).isEqualTo(2);
    assertThat(variable.err()).contains("config file " + missing + " (EMOJI_CONFIG): no such file");

    // Without a sub-command, too.
    assertThat(execute(Map.of(), "--config", missing.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void anUnreadableConfigFileIsAnError() {
    Run run = execute(Map.of(), "--config", dir.toString(), "ingest", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("cannot read config file " + dir + " (--config): ");
  }

  @Test
  void anUnknownKeyIsAnErrorNamingTheKeyAndTheFileEvenForAnotherCommand() throws Exception {
    Path file = file("port=9001", "ingest.prot=1", "dashbord.port=2", "kafka-option=security.protocol=SSL", "query.top.jdbc-url=x", "config=y");
    Run run = execute(Map.of(), "--config", file.toString(), "ingest", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err().strip()).isEqualTo("config file " + file + " (--config): unknown keys 'config' (--config is not read from the file), "
        + "'dashbord.port', 'ingest.prot', 'kafka-option' (use the longest name: kafka-property), 'query.top.jdbc-url'; "
        + "a key is an option's long name without dashes, optionally after a command (port, ingest.port)");
  }

  @Test
  void everyKeyOfEveryOptionIsKnown() throws Exception {
    List<String> lines = new ArrayList<>();
    CommandLine model = EmojiCli.commandLine(Map.of());
    for (CommandSpec command : CliConfiguration.commands(model.getCommandSpec())) {
      for (OptionSpec option : command.options()) {
        if (command.parent() != null && !option.inherited() && ConfigNames.configurable(option)) {
          ConfigNames.of(option).fileKeys().forEach(k -> lines.add(k + "=x"));
        }
      }
    }
    assertThat(lines).contains("ingest.port=x", "port=x", "query.top.limit=x", "query.limit=x", "query.jdbc-url=x", "pipeline.kafka-property=x");
    assertThat(ConfigDefaults.knownKeys(model.getCommandSpec())).doesNotContain("query.top.jdbc-url", "config", "help", "ingest.help");
  }

  @Test
  void aBadValueFromTheEnvironmentGetsPicocliMessageAndNamesTheVariable() {
    Run run = execute(Map.of("EMOJI_INGEST_PORT", "eighty"), INGEST);
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid value for option '--port': 'eighty' is not an int (from environment variable EMOJI_INGEST_PORT)");

    Run flag = execute(Map.of("EMOJI_FOLD_SKIN_TONES", "yes"), INGEST);
    assertThat(flag.err()).startsWith("Invalid value for option '--fold-skin-tones': 'yes' is not a boolean (from environment variable EMOJI_FOLD_SKIN_TONES)");

    Run duration = execute(Map.of("EMOJI_COOLDOWN", "5y"), "alerts", "--bootstrap-servers", "127.0.0.1:9092");
    assertThat(duration.err()).startsWith("Invalid value for option '--cooldown': duration must be").contains("(from environment variable EMOJI_COOLDOWN)");

    Run map = execute(Map.of("EMOJI_KAFKA_PROPERTY", "security.protocol"), INGEST);
    // picocli's wording for a map option with a split regex (the line break).
    assertThat(map.err()).contains("'--kafka-property' (KEY=VALUE) should be in KEY=VALUE[\\nKEY=VALUE]... format "
        + "but was security.protocol (from environment variable EMOJI_KAFKA_PROPERTY)");
  }

  @Test
  void aBadValueFromTheFileNamesTheKeyAndTheFile() throws Exception {
    Path file = file("ingest.port=eighty");
    Run run = execute(Map.of(), args(new String[] {"--config", file.toString()}, INGEST));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid value for option '--port': 'eighty' is not an int (from key 'ingest.port' of config file "
        + file + " (--config))");
  }

  @Test
  void aBadFlagIsNotBlamedOnTheEnvironment() {
    Run run = execute(Map.of("EMOJI_PORT", "9001"), args(INGEST, "--port", "eighty"));
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).startsWith("Invalid value for option '--port': 'eighty' is not an int").doesNotContain("(from ");
  }

  // ---- names ----

  @Test
  void environmentNamesFollowTheLongestOptionName() {
    CommandLine cli = EmojiCli.commandLine(Map.of());
    OptionSpec kafka = cli.getSubcommands().get("ingest").getCommandSpec().findOption("--kafka-option");
    assertThat(ConfigNames.of(kafka).environmentVariables()).containsExactly("EMOJI_INGEST_KAFKA_PROPERTY", "EMOJI_KAFKA_PROPERTY");
    assertThat(ConfigNames.of(kafka).fileKeys()).containsExactly("ingest.kafka-property", "kafka-property");
    OptionSpec limit = cli.getSubcommands().get("query").getSubcommands().get("top").getCommandSpec().findOption("--limit");
    assertThat(ConfigNames.of(limit).environmentVariables()).containsExactly("EMOJI_QUERY_TOP_LIMIT", "EMOJI_QUERY_LIMIT", "EMOJI_LIMIT");
    OptionSpec config = cli.getCommandSpec().findOption("--config");
    assertThat(ConfigNames.of(config).environmentVariables()).containsExactly("EMOJI_CONFIG");
  }

  /**
   * A command-qualified name of one option can spell the generic name of another
   * ({@code EMOJI_INGEST_PORT}: ingest's --port, demo's --ingest-port). Each such pair must mean
   * the same thing; a new one fails here until it is looked at.
   */
  @Test
  void environmentNamesOfDifferentOptionsCollideOnlyWhereTheyMeanTheSame() {
    Map<String, TreeSet<String>> readers = new TreeMap<>();
    CommandLine cli = EmojiCli.commandLine(Map.of());
    for (CommandSpec command : CliConfiguration.commands(cli.getCommandSpec())) {
      for (OptionSpec option : command.options()) {
        if (!option.inherited() && ConfigNames.configurable(option)) {
          String who = String.join(" ", ConfigNames.commandPath(command)) + " " + option.longestName();
          for (String variable : ConfigNames.of(option).environmentVariables()) {
            readers.computeIfAbsent(variable, v -> new TreeSet<>()).add(who);
          }
        }
      }
    }
    Map<String, TreeSet<String>> shared = new TreeMap<>();
    readers.forEach((variable, who) -> {
      // The generic name is meant to be shared by the commands that have the option.
      boolean oneOption = who.stream().map(w -> w.substring(w.lastIndexOf(' ') + 1)).distinct().count() == 1;
      if (!oneOption) {
        shared.put(variable, who);
      }
    });
    assertThat(shared).isEqualTo(Map.of("EMOJI_INGEST_PORT", new TreeSet<>(List.of("demo --ingest-port", "ingest --port"))));
    // The variables bin/emoji, the benchmarks and the testkit read themselves are no option's.
    assertThat(readers).doesNotContainKeys("EMOJI_SKIP_BUILD", "EMOJI_JAVA_OPTS", "EMOJI_KAFKA_BOOTSTRAP", "EMOJI_BENCH_JAVA_OPTS",
        "EMOJI_BENCH_HEAP");
  }

  // ---- helpers ----

  @Command(name = "root", subcommands = Tool.class)
  static final class Root implements Runnable {
    @Override
    public void run() {}
  }

  @Command(name = "tool")
  static final class Tool implements Callable<Integer> {
    @Option(names = "--tag", arity = "1..*") List<String> tags;
    @Option(names = "--level", split = ",") List<Integer> levels;
    @Option(names = {"-v", "--verbose"}) boolean verbose;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static CommandLine testCommandLine(Map<String, String> env) {
    return CliConfiguration.install(new CommandLine(new Root()), env);
  }

  private record Run(int exitCode, String out, String err) {}

  private static Run execute(Map<String, String> env, String... args) {
    CommandLine cli = EmojiCli.commandLine(env);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    cli.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
    int code = cli.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  private static Object value(CommandLine parent, String command, String option) {
    return parent.getSubcommands().get(command).getCommandSpec().findOption(option).getValue();
  }

  private Path file(String... lines) throws Exception {
    return Files.writeString(dir.resolve("emoji.properties"), String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
  }

  private static String[] args(String[] first, String... more) {
    List<String> all = new ArrayList<>(List.of(first));
    all.addAll(List.of(more));
    return all.toArray(new String[0]);
  }

  private static String[] args(String[] first, String[] second, String... more) {
    return args(args(first, second), more);
  }

  private static String squeeze(String text) {
    return text.replaceAll("\\s+", " ");
  }
}
