package io.emojireactions.apps.pipeline;

import io.emojireactions.apps.internal.CommandLines;

/**
 * The entry point of the spark-submit jar ({@code emoji-pipeline-VERSION-spark.jar}): the
 * {@code pipeline} and {@code debug} commands of {@code bin/emoji}, with the same flags.
 *
 * <pre>
 * spark-submit emoji-pipeline-VERSION-spark.jar pipeline --bootstrap-servers kafka:9092 --checkpoint s3a://…
 * </pre>
 */
public final class PipelineCli {

  private PipelineCli() {}

  public static void main(String[] args) {
    System.exit(CommandLines.of(new PipelineCommand(), new DebugCommand()).execute(args));
  }
}
