package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji subscribe}: Print the messages of one topic, one JSON object per line. */
@Command(name = "subscribe", mixinStandardHelpOptions = true, description = "Print the messages of one topic, one JSON object per line.")
public final class SubscribeCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji subscribe: not available yet");
    return 2;
  }
}
