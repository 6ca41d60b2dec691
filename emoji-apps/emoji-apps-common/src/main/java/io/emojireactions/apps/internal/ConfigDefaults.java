package io.emojireactions.apps.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The default value of every option from the environment or the config file, so that an option
 * given neither way keeps its built-in default: precedence flag &gt; environment &gt; config file
 * &gt; default. picocli asks for a default only for options absent from the command line, and
 * passes the answer through the option's own type conversion and validation.
 *
 * <p>Names are those of {@link ConfigNames}: every environment variable of an option before any of
 * its file keys, each most specific first; last, the {@link ForeignVariables} its command reads. A variable that is set counts even when empty, as
 * {@code --flag ""} would. The config file is the root's {@code --config FILE}, else
 * {@code EMOJI_CONFIG} (empty means none); the root's own options never come from the file.
 *
 * <p>The file is read once per path and checked against every option of every command: a missing
 * or unreadable file, or a key that names no option, fails the parse with a {@link ConfigFileException}
 * rather than being ignored (a misspelled key would otherwise silently do nothing). While usage or
 * version help is requested, or the help command runs, a broken file is skipped instead, so that
 * help stays reachable.
 *
 * <p>Values are handed to picocli literally: picocli interpolates {@code ${...}} in default
 * values and turns {@code $$} into {@code $}, so every {@code $} is escaped (a password with a
 * {@code $} must arrive as typed).
 *
 * <p>picocli's {@link CommandLine.PropertiesDefaultProvider} does not fit: it qualifies keys with
 * the root's name too ({@code emoji.ingest.port}), reads no environment, and only logs a warning
 * for a missing file.
 *
 * <p>Not thread-safe, as a {@link CommandLine} is not: one instance per command line.
 */
public final class ConfigDefaults implements IDefaultValueProvider {

  /** The environment variable that names the config file when {@code --config} is absent. */
  public static final String CONFIG_VARIABLE = ConfigNames.ENVIRONMENT_PREFIX + "CONFIG";

  private final Map<String, String> environment;
  private final CommandSpec root;
  private final OptionSpec configOption;
  private final boolean everyCommand;
  private final Map<ArgSpec, Supplied> supplied = new IdentityHashMap<>();
  private Set<String> knownKeys;
  private Path loadedPath;
  private ConfigFile loaded;
  private String loadError;

  /**
   * @param environment the process environment (injectable so that tests need not change it)
   * @param root the root command, whose sub-commands' options the file's keys are checked against
   * @param configOption the root's {@code --config} option
   * @param everyCommand whether {@code root} holds every command ({@code bin/emoji}): then a key no
   *     option answers to is an error; otherwise (one application's own {@code main}, the
   *     spark-submit jar) one config file serves every application, so only a key qualified by one
   *     of this root's commands must name an option of it
   */
  public ConfigDefaults(Map<String, String> environment, CommandSpec root, OptionSpec configOption, boolean everyCommand) {
    this.environment = Map.copyOf(environment);
    this.root = root;
    this.configOption = configOption;
    this.everyCommand = everyCommand;
  }

  /** A value this provider gave, and where it came from ({@code environment variable EMOJI_PORT}). */
  private record Supplied(String value, String source) {}

  @Override
  public String defaultValue(ArgSpec arg) {
    if (arg.command() != null && arg.command().parent() == null) {
      // The root's defaults are applied last, after any sub-command's, and for every root option
      // absent from the command line: check a file no sub-command read (emoji --config FILE alone).
      configFile(arg.command());
    }
    if (!(arg instanceof OptionSpec option) || !ConfigNames.configurable(option)) {
      return null;
    }
    supplied.remove(option);
    ConfigNames names = ConfigNames.of(option);
    for (String variable : names.environmentVariables()) {
      String value = environment.get(variable);
      if (value != null) {
        return supply(option, value, "environment variable " + variable);
      }
    }
    boolean rootOption = ConfigNames.declaringCommand(option).parent() == null;
    ConfigFile file = rootOption ? null : configFile(option.command());
    if (file != null) {
      for (String key : names.fileKeys()) {
        String value = file.entries().get(key);
        if (value != null) {
          return supply(option, value, "key '" + key + "' of " + file.describe());
        }
      }
    }
    for (ForeignVariables.Variable foreign : ForeignVariables.of(option)) {
      String value = environment.get(foreign.name());
      if (value != null) {
        return supply(option, foreign.toOptionText().apply(value), "environment variable " + foreign.name());
      }
    }
    return null;
  }

  /**
   * Where the value picocli found bad came from, when this provider gave it: {@code arg} is an
   * option it answered for and {@code badValue} is that answer or one of its parts (a split value,
   * a map's key or value). Null when the bad value came from the command line.
   */
  String sourceOf(ArgSpec arg, String badValue) {
    Supplied s = arg == null ? null : supplied.get(arg);
    if (s == null || badValue == null || !s.value().contains(badValue)) {
      return null;
    }
    return s.source();
  }

  /** The config file in effect, read and checked; null when none is named. */
  private ConfigFile configFile(CommandSpec asking) {
    Object named = configOption.getValue();
    Path path;
    String origin;
    if (named != null) {
      path = (Path) named;
      origin = "--config";
    } else {
      String variable = environment.get(CONFIG_VARIABLE);
      if (variable == null || variable.isEmpty()) {
        return null;
      }
      path = Path.of(variable);
      origin = CONFIG_VARIABLE;
    }
    if (!path.equals(loadedPath)) {
      loadedPath = path;
      loaded = null;
      loadError = null;
      try {
        ConfigFile file = ConfigFile.read(path, origin);
        loadError = unknownKeys(file);
        loaded = loadError == null ? file : null;
      } catch (IllegalArgumentException e) {
        loadError = e.getMessage();
      }
    }
    if (loadError != null && !helpRequested(asking)) {
      throw new ConfigFileException(asking.commandLine(), loadError);
    }
    return loaded;
  }

  /** The message for the keys of {@code file} that name no option, or null when all do. */
  private String unknownKeys(ConfigFile file) {
    if (knownKeys == null) {
      knownKeys = knownKeys(root);
    }
    List<String> problems = new ArrayList<>();
    for (String key : file.entries().keySet()) {
      if (!knownKeys.contains(key) && (everyCommand || qualifiedByOwnCommand(key))) {
        problems.add("'" + key + "'" + hint(key));
      }
    }
    if (problems.isEmpty()) {
      return null;
    }
    return file.describe() + ": unknown key" + (problems.size() == 1 ? " " : "s ") + String.join(", ", problems)
        + "; a key is an option's long name without dashes, optionally after a command (port, ingest.port)";
  }

  /** True when {@code key}'s first part names one of the root's sub-commands ({@code ingest.port} for an ingest root). */
  private boolean qualifiedByOwnCommand(String key) {
    int dot = key.indexOf('.');
    return dot > 0 && root.subcommands().containsKey(key.substring(0, dot));
  }

  /** Every key some option answers to: each file key of each option of each sub-command. */
  static Set<String> knownKeys(CommandSpec root) {
    Set<String> keys = new TreeSet<>();
    for (CommandSpec command : CliConfiguration.commands(root)) {
      if (command.parent() == null) {
        continue;
      }
      for (OptionSpec option : command.options()) {
        if (!option.inherited() && ConfigNames.configurable(option)) {
          keys.addAll(ConfigNames.of(option).fileKeys());
        }
      }
    }
    return keys;
  }

  /** Why a key matched nothing, when that can be told: an alias instead of the longest name, or a root option. */
  private String hint(String key) {
    int dot = key.lastIndexOf('.');
    String prefix = dot < 0 ? "" : key.substring(0, dot + 1);
    String name = key.substring(dot + 1);
    for (CommandSpec command : CliConfiguration.commands(root)) {
      for (OptionSpec option : command.options()) {
        for (String alias : option.names()) {
          if (ConfigNames.withoutDashes(alias).equals(name) && !alias.equals(option.longestName())) {
            String longest = prefix + ConfigNames.name(option);
            if (knownKeys.contains(longest)) {
              return " (use the longest name: " + longest + ")";
            }
          }
        }
      }
    }
    if (dot < 0 && root.findOption(name) != null) {
      return " (--" + name + " is not read from the file)";
    }
    return "";
  }

  private String supply(OptionSpec option, String value, String source) {
    supplied.put(option, new Supplied(value, source));
    return value.replace("$", "$$");
  }

  /**
   * Whether this parse asks for usage or version help (or is the help command): then a broken
   * file must not stand between the user and the help that explains it.
   */
  private static boolean helpRequested(CommandSpec command) {
    CommandSpec root = command;
    for (CommandSpec c = command; c != null; c = c.parent()) {
      CommandLine cl = c.commandLine();
      if (cl != null && (cl.isUsageHelpRequested() || cl.isVersionHelpRequested())) {
        return true;
      }
      root = c;
    }
    // The root asks last, when its parse result holds the sub-commands parsed this time.
    CommandLine.ParseResult result = root.commandLine() == null ? null : root.commandLine().getParseResult();
    for (CommandLine.ParseResult r = result; r != null; r = r.subcommand()) {
      if (r.isUsageHelpRequested() || r.isVersionHelpRequested() || r.commandSpec().helpCommand()) {
        return true;
      }
    }
    return false;
  }

  /** The config file is missing, unreadable or has a key that names no option: exit code 2, no usage dump. */
  public static final class ConfigFileException extends CommandLine.ParameterException {
    private static final long serialVersionUID = 1L;

    public ConfigFileException(CommandLine commandLine, String message) {
      super(commandLine, message);
    }
  }
}
