package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "alerts", mixinStandardHelpOptions = true, description = "Spike and sentiment-swing alerts.")
public final class AlertsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    System.err.println("emoji alerts: not available yet");
    return 2;
  }
}
