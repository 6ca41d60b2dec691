package io.emojireactions.apps.internal;

import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Environment variables of another system that a command also reads, so that it can replace that
 * system without a change to how it is deployed: the Python ingest's {@code KAFKA_BOOTSTRAP_SERVERS}
 * for {@code emoji ingest --bootstrap-servers}, for instance.
 *
 * <p>A command object that implements this interface gets each {@link Variable} as the last source
 * of its option before the built-in default: flag &gt; {@code EMOJI_*} variables &gt; config file
 * &gt; foreign variable &gt; default. A bad value is reported as a bad flag is, naming the variable.
 */
public interface ForeignVariables {

  /** The foreign variables of this command; empty by default. */
  List<Variable> foreignVariables();

  /**
   * One foreign variable.
   *
   * @param option the option it feeds: its long name without dashes ({@code bootstrap-servers})
   * @param name the variable's name ({@code KAFKA_BOOTSTRAP_SERVERS})
   * @param meaning for the help, how the value is read when it differs from the option's own
   *     ({@code "in seconds"}); empty when the value means what the flag's does
   * @param toOptionText turns the variable's value into the text the option reads; a value it
   *     cannot convert is returned unchanged, so that the option's own conversion reports it
   */
  record Variable(String option, String name, String meaning, UnaryOperator<String> toOptionText) {
    public Variable {
      Objects.requireNonNull(option, "option");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(meaning, "meaning");
      Objects.requireNonNull(toOptionText, "toOptionText");
    }

    /** A variable whose value means what the flag's does. */
    public static Variable same(String option, String name) {
      return new Variable(option, name, "", UnaryOperator.identity());
    }

    /** How the help names it: {@code BUFFER_FLUSH_INTERVAL in seconds}. */
    String describe() {
      return meaning.isEmpty() ? name : name + " " + meaning;
    }
  }

  /** The foreign variables of {@code option}'s command that feed it, in the command's order. */
  static List<Variable> of(picocli.CommandLine.Model.OptionSpec option) {
    Object command = ConfigNames.declaringCommand(option).userObject();
    if (!(command instanceof ForeignVariables foreign)) {
      return List.of();
    }
    String name = ConfigNames.name(option);
    return foreign.foreignVariables().stream().filter(v -> v.option().equals(name)).toList();
  }
}
