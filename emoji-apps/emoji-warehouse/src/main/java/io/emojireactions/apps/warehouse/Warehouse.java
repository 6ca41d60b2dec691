package io.emojireactions.apps.warehouse;

import io.emojireactions.pubsub.BatchHandler;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.SubscribedMessage;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import java.util.Map;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL warehouse subscriber: reads output messages from one topic and writes every
 * aggregate to {@code emoji_window_counts} (see {@link WarehouseWriter} for the max-merge upsert,
 * {@link WarehouseSchema} for the tables and views).
 *
 * <p>Each poll is one database transaction; Kafka offsets are committed only after it commits
 * (pubsub's {@link Subscriber#runBatches}). A crash between the two replays the batch, which the upsert absorbs, so
 * the table is exact after any crash and restart. A message that is not valid output JSON is
 * stored in {@code warehouse_rejected_messages} with its reason, in the same transaction.
 *
 * <pre>{@code
 * try (Connection db = DriverManager.getConnection(url); Warehouse w = Warehouse.open(config, db)) {
 *   w.run();   // until close() from another thread
 * }
 * }</pre>
 */
public final class Warehouse implements AutoCloseable {

  /** The reason stored for messages that are not valid output JSON. */
  public static final String INVALID_OUTPUT_MESSAGE = "INVALID_OUTPUT_MESSAGE";

  /**
   * Where and how the warehouse reads.
   *
   * @param bootstrapServers Kafka bootstrap servers, not blank
   * @param topic the output topic to read (default {@code emoji_main_publisher})
   * @param groupId the consumer group, the name of the checkpoint
   * @param maxBatch the most messages per transaction
   * @param pollTimeout how long one poll waits
   * @param kafkaProperties further Kafka client properties (security etc.)
   */
  public record Config(String bootstrapServers, String topic, String groupId, int maxBatch, Duration pollTimeout,
      Map<String, String> kafkaProperties) {
    public Config {
      kafkaProperties = Map.copyOf(kafkaProperties);
      requireText("bootstrapServers", bootstrapServers);
      requireText("topic", topic);
      requireText("groupId", groupId);
      if (maxBatch < 1) {
        throw new IllegalArgumentException("maxBatch must be >= 1, but was " + maxBatch);
      }
      if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
        throw new IllegalArgumentException("pollTimeout must be > 0, but was " + pollTimeout);
      }
    }

    public Config(String bootstrapServers, String topic, String groupId, int maxBatch, Duration pollTimeout) {
      this(bootstrapServers, topic, groupId, maxBatch, pollTimeout, Map.of());
    }

    /** Defaults: group {@code emoji-warehouse}, 2000 messages per transaction, 200 ms polls. */
    public static Config of(String bootstrapServers, String topic) {
      return new Config(bootstrapServers, topic, "emoji-warehouse", 2000, Duration.ofMillis(200));
    }

    public Config withGroupId(String group) {
      return new Config(bootstrapServers, topic, group, maxBatch, pollTimeout, kafkaProperties);
    }

    public Config withKafkaProperties(Map<String, String> properties) {
      return new Config(bootstrapServers, topic, groupId, maxBatch, pollTimeout, properties);
    }

    private static void requireText(String field, String value) {
      if (value == null || value.isBlank()) {
        throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
      }
    }
  }

  private final Connection connection;
  private final Subscriber subscriber;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong transactions = new AtomicLong();

  private Warehouse(Connection connection, Subscriber subscriber) {
    this.connection = connection;
    this.subscriber = subscriber;
  }

  /** Migrates the schema to the latest version and prepares the consumer; does not read yet. */
  public static Warehouse open(Config config, Connection connection) throws SQLException {
    Objects.requireNonNull(config, "config");
    WarehouseSchema.migrate(connection);
    KafkaConnection kafka = new KafkaConnection(config.bootstrapServers(), config.kafkaProperties());
    return new Warehouse(connection, Subscriber.create(SubscriberConfig.builder().kafka(kafka).topic(config.topic()).groupId(config.groupId())
        .maxPollRecords(config.maxBatch()).pollTimeout(config.pollTimeout()).build()));
  }

  /**
   * Reads and writes until {@link #close()}.
   *
   * @throws io.emojireactions.pubsub.SubscriberException when a batch could not be written (its
   *     offsets uncommitted; the cause is the database's failure)
   */
  public void run() {
    run(batch -> {});
  }

  /**
   * {@link #run()} with a hook called with each batch after its transaction committed and before
   * its offsets are; what the hook throws stops the warehouse with those offsets uncommitted.
   */
  public void run(BatchHandler afterDatabaseCommit) {
    subscriber.runBatches(batch -> {
      write(batch);
      afterDatabaseCommit.handle(batch);
    });
  }

  private void write(List<SubscribedMessage> records) throws SQLException {
    List<WindowedCount> counts = new ArrayList<>(records.size());
    List<WarehouseWriter.Rejected> bad = new ArrayList<>();
    for (SubscribedMessage r : records) {
      try {
        counts.add(WindowedCountJson.fromJson(r.value()));
      } catch (IllegalArgumentException | NullPointerException e) {
        bad.add(new WarehouseWriter.Rejected(r.topic(), r.partition(), r.offset(), INVALID_OUTPUT_MESSAGE,
            String.valueOf(e.getMessage()), r.value()));
      }
    }
    WarehouseWriter.write(connection, counts, bad);
    messages.addAndGet(records.size());
    rejected.addAndGet(bad.size());
    transactions.incrementAndGet();
  }

  /** Messages written (valid or rejected) so far. */
  public long messages() {
    return messages.get();
  }

  /** Messages stored as rejected so far. */
  public long rejected() {
    return rejected.get();
  }

  /** Committed database transactions so far. */
  public long transactions() {
    return transactions.get();
  }

  /** Stops after the batch in hand. The connection stays the caller's. */
  @Override
  public void close() {
    subscriber.close();
  }
}
