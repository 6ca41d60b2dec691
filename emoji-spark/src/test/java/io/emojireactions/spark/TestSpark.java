package io.emojireactions.spark;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of a test JVM (start-up costs seconds), built like the app builds it. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.getOrCreate(
          "emoji-spark-tests", Optional.of("local[2]"), OptionalInt.of(2),
          Map.of("spark.sql.session.timeZone", "America/New_York", // output bytes must not depend on it
              "spark.sql.streaming.forceDeleteTempCheckpointLocation", "true"));
    }
    return session;
  }
}
