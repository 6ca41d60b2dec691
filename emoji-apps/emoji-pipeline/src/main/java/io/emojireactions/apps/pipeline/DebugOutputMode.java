package io.emojireactions.apps.pipeline;

import io.emojireactions.core.OutputMode;
import java.util.Locale;

/**
 * The output modes of {@code emoji debug}: the pipeline's two ({@link OutputMode}) and Spark's
 * complete mode, which only a printed table can use.
 *
 * <p>{@link #COMPLETE} prints the whole result table at every trigger, as the Python system's
 * debug job does. Spark then keeps every window's state for as long as the query runs (the
 * watermark drops none, and late records are still counted), so memory grows with the number of
 * (window, key) rows seen: for looking at a topic, not for running for days. The pipeline, which
 * writes to Kafka, does not offer it: it would re-send every window at every trigger.
 */
public enum DebugOutputMode {
  /** Each batch prints the rows whose count changed in it. */
  UPDATE,
  /** Each batch prints the windows the watermark closed in it, once, final. */
  APPEND,
  /** Each batch prints every row of the result table; no state is ever dropped. */
  COMPLETE;

  /** Parses {@code update}, {@code append} or {@code complete}, case-insensitively, surrounding blanks ignored. */
  public static DebugOutputMode parse(String text) {
    if (text != null && text.trim().equalsIgnoreCase("complete")) {
      return COMPLETE;
    }
    try {
      return of(OutputMode.parse(text)); // the pipeline's two, by the pipeline's rule
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("output mode must be 'update', 'append' or 'complete', but was '" + text + "'", e);
    }
  }

  /** The debug mode of the pipeline's {@code mode}. */
  public static DebugOutputMode of(OutputMode mode) {
    return mode == OutputMode.APPEND ? APPEND : UPDATE;
  }

  /** The pipeline's mode closest to this one, for the config: {@link OutputMode#APPEND} for append, else update. */
  OutputMode pipelineMode() {
    return this == APPEND ? OutputMode.APPEND : OutputMode.UPDATE;
  }

  /** The name Spark's {@code DataStreamWriter.outputMode} takes, and the table's headline shows. */
  public String sparkName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
