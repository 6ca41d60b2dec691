package io.emojireactions.apps.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The names under which one option may be given besides its flag, most specific first.
 *
 * <p>The option's <em>name</em> is its longest name without the leading dashes ({@code --bootstrap-servers}
 * is {@code bootstrap-servers}); its <em>command path</em> is the names of the command that declares it,
 * below the root ({@code ingest}, or {@code query top}). Then:
 *
 * <ul>
 *   <li>environment variables: {@code EMOJI_} + path + name, upper-cased, every character that is
 *       not a letter or digit as {@code _}; first with the whole path ({@code EMOJI_INGEST_PORT}),
 *       then with each shorter path, last without one ({@code EMOJI_PORT});
 *   <li>config-file keys: the same parts joined by {@code .} with their case and dashes kept
 *       ({@code ingest.port}, then {@code port}).
 * </ul>
 *
 * <p>An option a sub-command inherits ({@code scope = INHERIT}) is named after the command that
 * declares it: picocli applies its default there, not in the sub-command.
 *
 * @param environmentVariables most specific first; the last one is the generic {@code EMOJI_<NAME>}
 * @param fileKeys most specific first; the last one is the bare name
 */
public record ConfigNames(List<String> environmentVariables, List<String> fileKeys) {

  /** What every environment variable of the command line starts with. */
  public static final String ENVIRONMENT_PREFIX = "EMOJI_";

  public ConfigNames {
    environmentVariables = List.copyOf(environmentVariables);
    fileKeys = List.copyOf(fileKeys);
  }

  /** The names of {@code option}; see the class description. */
  public static ConfigNames of(OptionSpec option) {
    List<String> path = commandPath(declaringCommand(option));
    String name = name(option);
    List<String> env = new ArrayList<>();
    List<String> keys = new ArrayList<>();
    for (int i = path.size(); i >= 0; i--) {
      List<String> parts = new ArrayList<>(path.subList(0, i));
      parts.add(name);
      env.add(environmentVariable(parts));
      keys.add(String.join(".", parts));
    }
    return new ConfigNames(env, keys);
  }

  /** The generic environment variable, {@code EMOJI_<NAME>}: the one every command of the option shares. */
  public String genericEnvironmentVariable() {
    return environmentVariables.get(environmentVariables.size() - 1);
  }

  /**
   * Whether {@code option} can come from the environment or a config file: every option except
   * the help and version requests ({@code EMOJI_HELP=true} would make every command print help).
   */
  public static boolean configurable(OptionSpec option) {
    return !option.usageHelp() && !option.versionHelp() && !option.help();
  }

  /** The option's longest name without its leading dashes: {@code --bootstrap-servers} is {@code bootstrap-servers}. */
  public static String name(OptionSpec option) {
    return withoutDashes(option.longestName());
  }

  /** {@code --port} and {@code -p} without their dashes. */
  static String withoutDashes(String optionName) {
    int i = 0;
    while (i < optionName.length() && optionName.charAt(i) == '-') {
      i++;
    }
    return optionName.substring(i);
  }

  /** The names of {@code command} and its parents below the root, outermost first; empty for the root. */
  public static List<String> commandPath(CommandSpec command) {
    List<String> path = new ArrayList<>();
    for (CommandSpec c = command; c != null && c.parent() != null; c = c.parent()) {
      path.add(0, c.name());
    }
    return path;
  }

  /** The command whose default picocli applies for {@code option}: for an inherited copy, the ancestor that declares it. */
  public static CommandSpec declaringCommand(OptionSpec option) {
    CommandSpec command = option.command();
    if (!option.inherited()) {
      return command;
    }
    for (CommandSpec c = command.parent(); c != null; c = c.parent()) {
      OptionSpec declared = c.findOption(option.longestName());
      if (declared != null && !declared.inherited()) {
        return c;
      }
    }
    return command;
  }

  private static String environmentVariable(List<String> parts) {
    return ENVIRONMENT_PREFIX + String.join("_", parts).toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
