package io.emojireactions.spark;

import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the project's SparkSession with the settings measured to matter here: shuffle partitions
 * matched to the cores (Spark's 200 halves throughput on 2 cores) and, for local masters, the
 * driver bound to 127.0.0.1 and no UI.
 *
 * <p>Whatever is already configured (spark-submit's {@code --master}/{@code --conf}, {@code spark.*}
 * system properties) wins over these defaults; an explicitly given master or partition count wins
 * over both.
 *
 * <p>Stateless and thread-safe, as {@code SparkSession.Builder#getOrCreate} is.
 */
public final class SparkSessions {

  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)(?:,\\d+)?])?");

  private SparkSessions() {}

  /**
   * Gets or creates the session.
   *
   * @param appName the application name (ignored when one is configured)
   * @param master the master to use; when empty, the configured {@code spark.master}, else {@code local[*]}
   * @param shufflePartitions {@code spark.sql.shuffle.partitions}; when empty, the configured value,
   *     else the local core count (for local masters)
   * @param extraConf further settings, applied last
   */
  public static SparkSession getOrCreate(
      String appName, Optional<String> master, OptionalInt shufflePartitions, Map<String, String> extraConf) {
    SparkConf conf = new SparkConf(true);
    conf.setIfMissing("spark.app.name", appName);
    master.ifPresent(conf::setMaster);
    conf.setIfMissing("spark.master", "local[*]");
    String effectiveMaster = conf.get("spark.master");
    OptionalInt localCores = localCores(effectiveMaster);
    if (localCores.isPresent()) {
      conf.setIfMissing("spark.driver.host", "127.0.0.1");
      conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
      conf.setIfMissing("spark.ui.enabled", "false");
    }
    if (shufflePartitions.isPresent()) {
      conf.set("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions.getAsInt()));
    } else if (localCores.isPresent()) {
      conf.setIfMissing("spark.sql.shuffle.partitions", Integer.toString(localCores.getAsInt()));
    }
    extraConf.forEach(conf::set);
    return SparkSession.builder().config(conf).getOrCreate();
  }

  /** The cores a local master uses ({@code local} = 1, {@code local[*]} = all), or empty for a cluster master. */
  public static OptionalInt localCores(String master) {
    Matcher m = LOCAL.matcher(master == null ? "" : master.trim());
    if (!m.matches()) {
      return OptionalInt.empty();
    }
    if (m.group(1) == null) {
      return OptionalInt.of(1);
    }
    return OptionalInt.of(m.group(1).equals("*") ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(m.group(1)));
  }
}
