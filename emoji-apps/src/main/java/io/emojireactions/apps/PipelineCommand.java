package io.emojireactions.apps;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code emoji pipeline}: Run the Spark Structured Streaming aggregation pipeline. */
@Command(name = "pipeline", mixinStandardHelpOptions = true, description = "Run the Spark Structured Streaming aggregation pipeline.")
public final class PipelineCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    // TODO: not built yet.
    System.err.println("emoji pipeline: not available yet");
    return 2;
  }
}
