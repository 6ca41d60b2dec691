package io.emojireactions.apps.pipeline;

import io.emojireactions.spark.SparkSessions;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.spark.sql.SparkSession;

/** The one SparkSession of a test JVM, built the way the commands build it. */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSessions.getOrCreate("emoji-apps-tests", Optional.of("local[2]"), OptionalInt.of(2),
          Map.of("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true"));
    }
    return session;
  }
}
