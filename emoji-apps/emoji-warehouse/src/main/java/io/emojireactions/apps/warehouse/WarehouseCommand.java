package io.emojireactions.apps.warehouse;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.StopSignal;
import io.emojireactions.pubsub.BatchHandler;
import io.emojireactions.apps.warehouse.EmbeddedDatabase;
import io.emojireactions.apps.warehouse.Warehouse;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji warehouse}: writes every aggregate of an output topic to PostgreSQL table
 * {@code emoji_window_counts} (max-merge upsert, offsets committed after each transaction).
 *
 * <pre>
 * bin/emoji warehouse --bootstrap-servers 127.0.0.1:9092                       # embedded PostgreSQL on 127.0.0.1:5433
 * bin/emoji warehouse --bootstrap-servers kafka:9092 --jdbc-url 'jdbc:postgresql://db/emoji?user=emoji&amp;password=…'
 * </pre>
 *
 * <p>Without {@code --jdbc-url} it starts a real PostgreSQL from Maven-published binaries with its
 * data in {@code --data-dir}, and prints its JDBC URL ({@code emoji query} uses that URL by default).
 */
@Command(name = "warehouse", mixinStandardHelpOptions = true,
    description = "Write every aggregate of a topic to PostgreSQL (table emoji_window_counts), exactly, with idempotent upserts.")
public final class WarehouseCommand implements Callable<Integer> {

  /** Runs {@code emoji warehouse} on its own: {@code java -cp … io.emojireactions.apps.warehouse.WarehouseCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new WarehouseCommand(), args);
  }

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Warehouse is writing to ";

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--topic", defaultValue = "emoji_main_publisher", paramLabel = "TOPIC", description = "Topic to read. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--group", paramLabel = "GROUP", defaultValue = "emoji-warehouse", description = "Consumer group (the checkpoint). Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(names = "--jdbc-url", paramLabel = "URL", description = "PostgreSQL JDBC URL. Default: an embedded PostgreSQL (see --data-dir, --pg-port).")
  String jdbcUrl;

  @Option(names = "--data-dir", defaultValue = "emoji-warehouse-data", paramLabel = "DIR",
      description = "Data directory of the embedded PostgreSQL (kept). Default: ${DEFAULT-VALUE}.")
  Path dataDir;

  @Option(names = "--pg-port", defaultValue = "5433", paramLabel = "PORT",
      description = "Port of the embedded PostgreSQL on 127.0.0.1. Default: ${DEFAULT-VALUE}.")
  int pgPort;

  @Option(names = "--batch", defaultValue = "2000", paramLabel = "N", description = "Most messages per transaction. Default: ${DEFAULT-VALUE}.")
  int batch;

  /**
   * Test seam: with {@code -Demoji.warehouse.crash-after-transactions=N} the warehouse stops dead
   * after its N-th database commit and before that batch's offset commit: it prints
   * {@link #CRASH_POINT_PREFIX} and blocks until the process is killed.
   */
  public static final String CRASH_AFTER_PROPERTY = "emoji.warehouse.crash-after-transactions";
  /** The line printed at the crash point. */
  public static final String CRASH_POINT_PREFIX = "Warehouse crash point: database committed, offsets not, transaction ";

  /** The JDBC URL {@code emoji query} assumes: the embedded database on its default port. */
  public static final String DEFAULT_JDBC_URL = "jdbc:postgresql://127.0.0.1:5433/postgres?user=postgres";

  @Override
  public Integer call() {
    Warehouse.Config config;
    try {
      config = Warehouse.Config.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic).groupId(group).maxBatch(batch)
          .kafkaProperties(kafka.properties()).build();
      if (jdbcUrl == null && (pgPort < 1 || pgPort > 65_535)) {
        throw new IllegalArgumentException("--pg-port must be in 1..65535, but was " + pgPort);
      }
    } catch (IllegalArgumentException e) {
      System.err.println("emoji warehouse: " + e.getMessage());
      return 2;
    }
    try (StopSignal stop = StopSignal.onShutdown("emoji-warehouse-stop")) {
      return serve(config, jdbcUrl, dataDir, pgPort, System.out, System.err, stop.requested());
    }
  }

  /**
   * Runs the warehouse until {@code stop} is released or it fails.
   *
   * @param jdbcUrl the database, or null for an embedded one over {@code dataDir} on {@code pgPort}
   * @return 0 after a clean stop, 1 on failure (the reason on {@code err})
   */
  public static int serve(Warehouse.Config config, String jdbcUrl, Path dataDir, int pgPort, PrintStream out, PrintStream err,
      CountDownLatch stop) {
    EmbeddedDatabase embedded = null;
    try {
      String url = jdbcUrl;
      if (url == null) {
        embedded = EmbeddedDatabase.start(dataDir, pgPort);
        url = embedded.jdbcUrl();
        out.println("Embedded PostgreSQL ready, data in " + dataDir.toAbsolutePath());
      }
      try (Connection db = DriverManager.getConnection(url); Warehouse warehouse = Warehouse.open(config, db)) {
        out.println(READY_PREFIX + url + " from " + config.topic());
        out.flush();
        Thread stopper = new Thread(() -> {
          try {
            stop.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          warehouse.close();
        }, "emoji-warehouse-stopper");
        stopper.setDaemon(true);
        stopper.start();
        warehouse.run(crashPoint(warehouse, out));
        out.println("Warehouse stopped after " + warehouse.messages() + " messages (" + warehouse.rejected() + " rejected, "
            + warehouse.deadLettered() + " dead-lettered) in "
            + warehouse.transactions() + " transactions");
        return 0;
      }
    } catch (Exception e) {
      err.println("emoji warehouse: " + e.getMessage());
      return 1;
    } finally {
      if (embedded != null) {
        embedded.close();
      }
    }
  }

  /** The {@link #CRASH_AFTER_PROPERTY} hook: nothing unless the property is set. */
  private static BatchHandler crashPoint(Warehouse warehouse, PrintStream out) {
    Long after = Long.getLong(CRASH_AFTER_PROPERTY);
    if (after == null) {
      return batch -> {};
    }
    return batch -> {
      if (warehouse.transactions() >= after) {
        // The offsets this batch would commit: per partition, one past its last message.
        Map<String, Long> offsets = new TreeMap<>();
        batch.forEach(m -> offsets.merge(m.topic() + "-" + m.partition(), m.offset() + 1, Math::max));
        synchronized (out) {
          out.println(CRASH_POINT_PREFIX + warehouse.transactions() + ", offsets " + offsets);
          out.flush();
        }
        try {
          new CountDownLatch(1).await(); // until killed
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException("interrupted at the crash point", e);
        }
      }
    };
  }
}
