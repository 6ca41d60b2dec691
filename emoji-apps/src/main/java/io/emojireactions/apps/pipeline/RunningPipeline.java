package io.emojireactions.apps.pipeline;

import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.StreamingQueryException;

/**
 * The two running queries of the pipeline (see {@link PipelineQueries}). They live and die
 * together: when one ends with an error, the other is stopped and the error is rethrown.
 */
public record RunningPipeline(StreamingQuery main, StreamingQuery dlq) {

  public RunningPipeline {
    Objects.requireNonNull(main, "main");
    Objects.requireNonNull(dlq, "dlq");
  }

  /**
   * Waits until both queries end (available-now: when the backlog is processed), or until one
   * fails (then the other is stopped and the failure rethrown).
   */
  public void awaitTermination() throws StreamingQueryException, TimeoutException {
    try {
      while (main.isActive() || dlq.isActive()) {
        if (main.isActive()) {
          main.awaitTermination(500);
        } else {
          dlq.awaitTermination(500);
        }
        failIfEither();
      }
      failIfEither();
    } catch (StreamingQueryException e) {
      stop();
      throw e;
    }
  }

  private void failIfEither() throws StreamingQueryException {
    if (main.exception().isDefined()) {
      throw main.exception().get();
    }
    if (dlq.exception().isDefined()) {
      throw dlq.exception().get();
    }
  }

  /** Stops both queries (idempotent); each keeps its checkpoint, so a restart resumes. */
  public void stop() throws TimeoutException {
    try {
      main.stop();
    } finally {
      dlq.stop();
    }
  }
}
