package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji topics}: Create every topic of the default topology. */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create every topic of the default topology.")
public final class TopicsCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji topics: not available yet");
    return 2;
  }
}
