package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji debug}: Print every micro-batch of the aggregation as a table; publishes nothing. */
@Command(name = "debug", mixinStandardHelpOptions = true, description = "Print every micro-batch of the aggregation as a table; publishes nothing.")
public final class DebugCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji debug: not available yet");
    return 2;
  }
}
