package io.emojireactions.spark.internal;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import java.util.Map;
import org.apache.spark.sql.Column;

/**
 * Column expressions for the output contract's JSON (byte for byte what core's {@code
 * WindowedCountJson.toJson} writes) and for the Python system's aggregate ({@link #seedJson}); the
 * DLQ message is core's {@code DeadLetterCodec}'s.
 */
public final class OutputColumns {

  private OutputColumns() {}

  /**
   * Spark's JSON writer renders timestamps with a fixed pattern, always with milliseconds, in the
   * zone given here (not the session's, so the bytes do not depend on spark.sql.session.timeZone).
   */
  private static final Map<String, String> JSON_OPTIONS = Map.of(
      "timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX",
      "timeZone", "UTC",
      "ignoreNullFields", "true");

  /**
   * core (java.time.Instant#toString) omits a zero fraction: 22:31:00Z, but 22:31:00.500Z. Only
   * the two time fields can match: a '"' inside a room or emoji is always escaped as '\"', so the
   * literal {@code "window_start":"} cannot occur inside a string value.
   */
  private static final String WHOLE_SECOND = "(\"window_(?:start|end)\":\"[^\"]*)\\.000Z\"";

  /** The output JSON value; expects room, window_start, window_end, emoji, reaction_count, scaled_reactions. */
  public static Column outputJson(boolean isFinal) {
    Column json = to_json(
        struct(
            col("room"),
            col("window_start"),
            col("window_end"),
            col("emoji"),
            col("reaction_count").cast("long").as("reaction_count"),
            col("scaled_reactions").cast("long").as("scaled_reactions"),
            lit(isFinal).as("final")),
        JSON_OPTIONS);
    return regexp_replace(json, WHOLE_SECOND, "$1Z\"");
  }

  /** The output record key, {@code WindowedCountJson.key(room, emoji)}: room, '|', emoji. */
  public static Column outputKey() {
    return concat(col("room"), lit("|"), col("emoji"));
  }

  /**
   * The Python job's times: {@code 2025-10-29 22:31:00}, UTC without a zone, no fraction. The zone
   * is given here, not taken from spark.sql.session.timeZone, so the bytes never depend on it.
   */
  private static final Map<String, String> SEED_JSON_OPTIONS = Map.of(
      "timestampFormat", "yyyy-MM-dd HH:mm:ss",
      "timeZone", "UTC");

  /**
   * A field name after a comma in Spark's compact JSON. It cannot occur inside the emoji's string:
   * there every '"' is escaped as '\"', so a '"' right after ',' is always structural.
   */
  private static final String SEED_LATER_FIELD = ",\"(window_end|emoji|reaction_count|scaled_reactions)\":";

  /**
   * The Python system's aggregate, byte for byte: its five fields in its order, with the
   * separators of Python's {@code json.dumps} ({@code ", "} and {@code ": "}):
   * <pre>{@code {"window_start": "2025-10-29 22:31:00", "window_end": "2025-10-29 22:31:02", "emoji": "❤️", "reaction_count": 3785, "scaled_reactions": 3785}}</pre>
   * Expects window_start, window_end, emoji, reaction_count, scaled_reactions (any room is left out).
   * Spark's JSON writer escapes the emoji; the spacing is added to its compact output.
   */
  public static Column seedJson() {
    Column json = to_json(
        struct(
            col("window_start"),
            col("window_end"),
            col("emoji"),
            col("reaction_count").cast("long").as("reaction_count"),
            col("scaled_reactions").cast("long").as("scaled_reactions")),
        SEED_JSON_OPTIONS);
    return regexp_replace(regexp_replace(json, "^\\{\"window_start\":", "{\"window_start\": "), SEED_LATER_FIELD, ", \"$1\": ");
  }

  /** The Python system's record key: the window start exactly as {@link #seedJson} writes it ({@code 2025-10-29 22:31:00}). */
  public static Column seedKey(Column seedJson) {
    return regexp_extract(seedJson, "^\\{\"window_start\": \"([^\"]*)\"", 1);
  }
}
