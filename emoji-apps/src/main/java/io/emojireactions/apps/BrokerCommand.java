package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji broker}: Run a local Apache Kafka broker (KRaft) in the foreground. */
@Command(name = "broker", mixinStandardHelpOptions = true, description = "Run a local Apache Kafka broker (KRaft) in the foreground.")
public final class BrokerCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji broker: not available yet");
    return 2;
  }
}
