package io.emojireactions.apps.pipeline;

import io.emojireactions.spark.DeadLetterSink;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * The running query of the pipeline (see {@link PipelineQueries}); its parse stage also writes the
 * DLQ.
 */
public record RunningPipeline(StreamingQuery main) {

  public RunningPipeline {
    Objects.requireNonNull(main, "main");
  }

  /** Waits until the query ends (available-now: when the backlog is processed); rethrows its failure. */
  public void awaitTermination() throws StreamingQueryException, TimeoutException {
    try {
      main.awaitTermination();
    } finally {
      if (!main.isActive()) {
        DeadLetterSink.closeLocalProducers();
      }
    }
  }

  /** Stops the query (idempotent); it keeps its checkpoint, so a restart resumes. */
  public void stop() throws TimeoutException {
    try {
      main.stop();
    } finally {
      DeadLetterSink.closeLocalProducers();
    }
  }
}
