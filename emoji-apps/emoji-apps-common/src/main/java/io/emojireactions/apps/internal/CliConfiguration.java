package io.emojireactions.apps.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Help.Ansi.Text;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.Help.IOptionRenderer;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * One configuration idiom for every command: each option may also come from an environment
 * variable or from a config file, with precedence flag &gt; environment &gt; config file &gt;
 * default. {@link #install} wires it into a command line built from annotations, so no option
 * declares anything for it:
 *
 * <ul>
 *   <li>a root option {@code --config FILE} (also {@code EMOJI_CONFIG}), a Java properties file;
 *   <li>{@link ConfigDefaults} as picocli's default value provider (the names are {@link ConfigNames}'s);
 *   <li>in each command's help, {@code (env: EMOJI_<NAME>)} as the last line of every option's
 *       description, and a footer on precedence, qualified names and the config file;
 *   <li>a bad value from the environment or the file is reported as picocli reports a bad flag,
 *       plus where it came from; a broken config file is one line and exit code 2.
 * </ul>
 *
 * <p>Two kinds of options are adapted so that a value from outside the command line means what
 * the flag means:
 *
 * <ul>
 *   <li>a repeatable or multi-valued option without a {@code split} regex splits its value at line
 *       breaks, so that {@code EMOJI_KAFKA_PROPERTY} can hold several {@code KEY=VALUE}s, one per
 *       line; a flag's value with a line break now splits the same way. The usage syntax shown
 *       stays as it was.
 *   <li>a boolean flag gets its meaning as fallback value: picocli otherwise sets a flag to the
 *       opposite of its default, and the default includes the provider's answer, so
 *       {@code EMOJI_FOLD_SKIN_TONES=true} plus {@code --fold-skin-tones} would switch it off.
 * </ul>
 *
 * <p>Options inherited by sub-commands ({@code scope = INHERIT}) and options in argument groups
 * are read from the environment and the file but not adapted: picocli keeps copies of the former
 * and cannot remove the latter.
 */
public final class CliConfiguration {

  /** Where the value of a multi-valued option without a split regex of its own is split. */
  static final String LINE_BREAK = "\\n";

  private CliConfiguration() {}

  /**
   * Adds the idiom to {@code root} and all its sub-commands; call it once, after every sub-command
   * is added.
   *
   * @param environment the process environment ({@link System#getenv()} in production)
   * @return {@code root}
   */
  public static CommandLine install(CommandLine root, Map<String, String> environment) {
    return install(root, environment, true);
  }

  /**
   * As {@link #install(CommandLine, Map)}; {@code everyCommand} false for a root with only some of
   * the commands (one application's own {@code main}), whose config file may hold other
   * applications' keys (see {@link ConfigDefaults}).
   */
  public static CommandLine install(CommandLine root, Map<String, String> environment, boolean everyCommand) {
    CommandSpec rootSpec = root.getCommandSpec();
    OptionSpec config = OptionSpec.builder("--config")
        .paramLabel("FILE")
        .type(Path.class)
        .description("Java properties file with a value for any option of any command (keys like port or "
            + "ingest.port); flags and environment variables win over it.")
        .build();
    rootSpec.addOption(config);
    List<CommandSpec> commands = commands(rootSpec);
    for (CommandSpec command : commands) {
      adaptOptions(command);
    }
    ConfigDefaults defaults = new ConfigDefaults(environment, rootSpec, config, everyCommand);
    root.setDefaultValueProvider(defaults);
    root.setHelpFactory(EnvironmentHelp::new);
    for (CommandSpec command : commands) {
      addFooter(command);
    }
    root.setParameterExceptionHandler(new SourceNamingHandler(root.getParameterExceptionHandler(), defaults));
    return root;
  }

  /** {@code root} and every command below it, each once (aliases map several names to one command). */
  static List<CommandSpec> commands(CommandSpec root) {
    List<CommandSpec> out = new ArrayList<>();
    Set<CommandSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    collect(root, out, seen);
    return out;
  }

  private static void collect(CommandSpec command, List<CommandSpec> out, Set<CommandSpec> seen) {
    if (!seen.add(command)) {
      return;
    }
    out.add(command);
    for (CommandLine sub : command.subcommands().values()) {
      collect(sub.getCommandSpec(), out, seen);
    }
  }

  private static void adaptOptions(CommandSpec command) {
    for (OptionSpec option : new ArrayList<>(command.options())) {
      if (option.inherited() || option.scopeType() == ScopeType.INHERIT || option.group() != null
          || !ConfigNames.configurable(option)) {
        continue;
      }
      OptionSpec.Builder adapted = null;
      if (option.typeInfo().isMultiValue() && option.splitRegex().isEmpty()) {
        adapted = option.toBuilder().splitRegex(LINE_BREAK);
        if (option.arity().max == 1) {
          // One value per occurrence: hiding the split keeps "--opt=KEY=VALUE" in the usage.
          adapted.hideParamSyntax(true);
        }
      }
      if (isFlag(option) && option.fallbackValue().isEmpty()) {
        adapted = (adapted == null ? option.toBuilder() : adapted).fallbackValue(String.valueOf(!builtInDefault(option)));
      }
      if (adapted != null) {
        command.remove(option);
        command.addOption(adapted.build());
      }
    }
  }

  private static boolean isFlag(OptionSpec option) {
    Class<?> type = option.type();
    return option.arity().max == 0 && (type == boolean.class || type == Boolean.class);
  }

  /** The flag's value when it is absent and nothing else gives one. */
  private static boolean builtInDefault(OptionSpec option) {
    String declared = option.defaultValue();
    if (declared != null) {
      return Boolean.parseBoolean(declared);
    }
    return option.initialValue() instanceof Boolean b && b;
  }

  private static void addFooter(CommandSpec command) {
    List<String> footer = new ArrayList<>(Arrays.asList(command.usageMessage().footer()));
    if (command.parent() == null) {
      footer.add("%nAny option of a command can also come from the environment (EMOJI_PORT for --port, "
          + "EMOJI_INGEST_PORT for ingest alone) or from the properties file named by --config or EMOJI_CONFIG "
          + "(port=…, ingest.port=…). Precedence: flag > environment > config file > default. "
          + "See COMMAND --help.");
    } else {
      List<OptionSpec> options = command.options().stream()
          .filter(o -> !o.inherited() && !o.hidden() && ConfigNames.configurable(o))
          .sorted((a, b) -> ConfigNames.name(a).compareTo(ConfigNames.name(b)))
          .toList();
      if (options.isEmpty()) {
        return;
      }
      footer.add(commandFooter(command, options));
    }
    command.usageMessage().footer(footer.toArray(new String[0]));
  }

  private static String commandFooter(CommandSpec command, List<OptionSpec> options) {
    OptionSpec example = options.stream().filter(o -> ConfigNames.name(o).equals("port")).findFirst().orElse(options.get(0));
    ConfigNames names = ConfigNames.of(example);
    List<String> env = names.environmentVariables();
    List<String> keys = names.fileKeys();
    String commandName = String.join(" ", ConfigNames.commandPath(command));
    StringBuilder s = new StringBuilder("%nEvery option can also be set by its environment variable (env: above) or in the "
        + "properties file named by '" + command.root().name() + " --config FILE' or " + ConfigDefaults.CONFIG_VARIABLE + ", keyed by the option's name without dashes ("
        + keys.get(keys.size() - 1) + "=…). ");
    s.append(env.get(0)).append(" and ").append(keys.get(0)).append(" apply to ").append(commandName).append(" alone");
    for (int i = 1; i < env.size() - 1; i++) {
      s.append(", ").append(env.get(i)).append(" and ").append(keys.get(i)).append(" to every ")
          .append(keys.get(i).substring(0, keys.get(i).lastIndexOf('.')).replace('.', ' ')).append(" command");
    }
    s.append("; they win over ").append(names.genericEnvironmentVariable()).append(" and ").append(keys.get(keys.size() - 1))
        .append(". ");
    boolean multiValued = options.stream().anyMatch(o -> o.typeInfo().isMultiValue());
    boolean flags = options.stream().anyMatch(CliConfiguration::isFlag);
    if (multiValued || flags) {
      s.append("From the environment or the file, ")
          .append(multiValued ? "a repeatable option takes one value per line" : "")
          .append(multiValued && flags ? " and " : "")
          .append(flags ? "a flag takes true or false" : "")
          .append(". ");
    }
    s.append("Precedence: flag > environment > config file > default.");
    return s.toString();
  }

  /** picocli's help with {@code (env: EMOJI_<NAME>)} as the last line of every configurable option's description. */
  static final class EnvironmentHelp extends CommandLine.Help {

    EnvironmentHelp(CommandSpec command, ColorScheme colorScheme) {
      super(command, colorScheme);
    }

    @Override
    public IOptionRenderer createDefaultOptionRenderer() {
      IOptionRenderer plain = super.createDefaultOptionRenderer();
      return (option, labels, colors) -> withEnvironment(plain.render(option, labels, colors), option, colors);
    }

    private static Text[][] withEnvironment(Text[][] rows, OptionSpec option, ColorScheme colors) {
      if (!ConfigNames.configurable(option) || rows.length == 0) {
        return rows;
      }
      // A row of its own: appended to the description, the note would be broken across lines.
      Text empty = colors.text("");
      Text[][] out = Arrays.copyOf(rows, rows.length + 1);
      out[rows.length] = new Text[] {empty, empty, empty, empty,
          colors.text("(env: " + environmentNote(option) + ")")};
      return out;
    }
  }

  /** {@code EMOJI_PORT}, or with the foreign variables below it: {@code EMOJI_FLUSH_INTERVAL_MS, then BUFFER_FLUSH_INTERVAL in seconds}. */
  static String environmentNote(OptionSpec option) {
    StringBuilder note = new StringBuilder(ConfigNames.of(option).genericEnvironmentVariable());
    List<ForeignVariables.Variable> foreign = ForeignVariables.of(option);
    for (int i = 0; i < foreign.size(); i++) {
      note.append(i == 0 ? ", then " : ", ").append(foreign.get(i).describe());
    }
    return note.toString();
  }

  /**
   * picocli's handling of a bad parameter, with two changes: a broken config file is its message
   * alone (the usage would not help), and a bad value the environment or the file gave says where
   * it came from, since the user typed no flag.
   */
  private record SourceNamingHandler(IParameterExceptionHandler delegate, ConfigDefaults defaults)
      implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) throws Exception {
      CommandLine command = ex.getCommandLine();
      if (ex instanceof ConfigDefaults.ConfigFileException) {
        command.getErr().println(command.getColorScheme().errorText(ex.getMessage()));
        command.getErr().flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
      }
      // Only plain ParameterExceptions: type conversion and KEY=VALUE format errors, which carry the value.
      String source = ex.getClass() == ParameterException.class ? defaults.sourceOf(ex.getArgSpec(), ex.getValue()) : null;
      if (source != null) {
        ex = new ParameterException(command, ex.getMessage() + " (from " + source + ")", ex.getCause(), ex.getArgSpec(), ex.getValue());
      }
      return delegate.handleParseException(ex, args);
    }
  }
}
