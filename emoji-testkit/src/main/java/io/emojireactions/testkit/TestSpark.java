package io.emojireactions.testkit;

import org.apache.spark.sql.SparkSession;

/**
 * The one local SparkSession of a test JVM (its start costs seconds): {@code local[2]}, two shuffle
 * partitions, the driver on 127.0.0.1, no UI, and a session time zone that is neither UTC nor the
 * machine's ({@code America/New_York}), so that a result that depends on it shows. Needs Spark on
 * the test classpath (this kit declares it {@code provided}).
 *
 * <p>Thread-safe: {@link #session()} is synchronized.
 */
public final class TestSpark {

  private static SparkSession session;

  private TestSpark() {}

  /** The session, created on first use and shared by every test of the JVM. */
  public static synchronized SparkSession session() {
    if (session == null) {
      session = SparkSession.builder()
          .appName("emoji-tests")
          .master("local[2]")
          .config("spark.sql.shuffle.partitions", "2")
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1")
          .config("spark.ui.enabled", "false")
          .config("spark.sql.session.timeZone", "America/New_York")
          .config("spark.sql.streaming.forceDeleteTempCheckpointLocation", "true")
          .getOrCreate();
    }
    return session;
  }
}
