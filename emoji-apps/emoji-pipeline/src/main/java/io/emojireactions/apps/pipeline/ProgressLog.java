package io.emojireactions.apps.pipeline;

import java.util.Locale;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.streaming.StateOperatorProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per micro-batch of the pipeline's main query (and of the debug query):
 *
 * <pre>
 * batch=12 input=500000 rows/s=210345 late_dropped=3 dlq=17 duration_ms=2377 watermark=2025-10-29T22:31:00Z
 * </pre>
 *
 * {@code late_dropped} is Spark's {@code numRowsDroppedByWatermark}: Spark counts rows after the
 * partial (per input partition) aggregation, so it is the number of late (room, window, emoji)
 * groups per partition, not of late records. {@code dlq} is the number of records the batch
 * rejected (observed on the main query; the DLQ query writes the same records).
 */
public final class ProgressLog extends StreamingQueryListener {

  private static final Logger LOG = LoggerFactory.getLogger("io.emojireactions.pipeline.progress");

  @Override
  public void onQueryStarted(QueryStartedEvent event) {
    LOG.info("query {} started (id {})", event.name(), event.id());
  }

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    boolean executed = p.durationMs() != null && p.durationMs().containsKey("addBatch"); // else an idle trigger
    if (executed && (PipelineQueries.MAIN_QUERY.equals(p.name()) || PipelineQueries.DEBUG_QUERY.equals(p.name()))) {
      LOG.info(line(p));
    } else if (LOG.isDebugEnabled()) {
      LOG.debug("{} batch={} input={}", p.name(), p.batchId(), p.numInputRows());
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    if (event.exception().isDefined()) {
      LOG.error("query {} failed: {}", event.id(), event.exception().get());
    } else {
      LOG.info("query {} stopped", event.id());
    }
  }

  /** The progress line of one micro-batch. */
  public static String line(StreamingQueryProgress p) {
    long lateDropped = 0;
    for (StateOperatorProgress op : p.stateOperators()) {
      lateDropped += op.numRowsDroppedByWatermark();
    }
    long rejected = 0;
    Map<String, Row> observed = p.observedMetrics();
    if (observed != null && observed.containsKey(PipelineQueries.PARSE_METRICS)) {
      rejected = observed.get(PipelineQueries.PARSE_METRICS).<Long>getAs("rejected");
    }
    Long duration = p.durationMs() == null ? null : p.durationMs().get("triggerExecution");
    String watermark = p.eventTime() == null ? null : p.eventTime().get("watermark");
    return line(p.batchId(), p.numInputRows(), p.processedRowsPerSecond(), lateDropped, rejected,
        duration == null ? p.batchDuration() : duration, watermark);
  }

  /** The progress line from its values; {@code watermark} may be null (none yet). */
  public static String line(long batchId, long inputRows, double rowsPerSecond, long lateDropped, long dlqRows,
      long durationMs, String watermark) {
    String rate = Double.isNaN(rowsPerSecond) || Double.isInfinite(rowsPerSecond)
        ? "0" : String.format(Locale.ROOT, "%.0f", rowsPerSecond);
    return "batch=" + batchId + " input=" + inputRows + " rows/s=" + rate + " late_dropped=" + lateDropped
        + " dlq=" + dlqRows + " duration_ms=" + durationMs + " watermark=" + (watermark == null ? "none" : watermark);
  }
}
