package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji fanout}: Run the fan-out relay from the main topic to the cluster topics. */
@Command(name = "fanout", mixinStandardHelpOptions = true, description = "Run the fan-out relay from the main topic to the cluster topics.")
public final class FanoutCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji fanout: not available yet");
    return 2;
  }
}
