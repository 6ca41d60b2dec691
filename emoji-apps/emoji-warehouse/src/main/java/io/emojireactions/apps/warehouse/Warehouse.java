package io.emojireactions.apps.warehouse;

import static io.emojireactions.apps.internal.Checks.requireText;

import io.emojireactions.pubsub.BatchHandler;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.SubscribedMessage;
import io.emojireactions.pubsub.HandlerUnavailableException;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The PostgreSQL warehouse subscriber: reads output messages from one topic and writes every
 * aggregate to {@code emoji_window_counts} (see {@link WarehouseWriter} for the max-merge upsert,
 * {@link WarehouseSchema} for the tables and views).
 *
 * <p>Each poll is one database transaction; Kafka offsets are committed only after it commits
 * (pubsub's {@link Subscriber#runBatches}). A crash between the two replays the batch, which the upsert absorbs, so
 * the table is exact after any crash and restart. A message that is not valid output JSON is
 * stored in {@code warehouse_rejected_messages} with its reason, in the same transaction; a valid
 * one the database refuses goes to {@code <topic>_dlq} (see {@link #run()}).
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
   * Where and how the warehouse reads: immutable, validated by {@link Builder#build()}, whose
   * messages name the field and the value. Build with {@link #builder()} (the bootstrap servers and
   * topic have no default) or {@link #of}, copy with {@link #toBuilder()}. A class rather than a
   * record so that a new setting never breaks a caller.
   *
   * <p>{@link #toString()} shows the names of the Kafka properties but never their values, which
   * may be secrets.
   */
  public static final class Config {

    /** The consumer group, and so the checkpoint, unless one is set. */
    public static final String DEFAULT_GROUP_ID = "emoji-warehouse";

    private final String bootstrapServers;
    private final String topic;
    private final String groupId;
    private final int maxBatch;
    private final Duration pollTimeout;
    private final Map<String, String> kafkaProperties;

    private Config(Builder b, Map<String, String> kafkaProperties) {
      this.bootstrapServers = b.bootstrapServers;
      this.topic = b.topic;
      this.groupId = b.groupId;
      this.maxBatch = b.maxBatch;
      this.pollTimeout = b.pollTimeout;
      this.kafkaProperties = kafkaProperties;
    }

    /** A builder holding every default; the bootstrap servers and topic must be set. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding this config's settings, to derive a changed copy. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Defaults: group {@code emoji-warehouse}, 2000 messages per transaction, 200 ms polls. */
    public static Config of(String bootstrapServers, String topic) {
      return builder().bootstrapServers(bootstrapServers).topic(topic).build();
    }

    /** Kafka bootstrap servers. */
    public String bootstrapServers() {
      return bootstrapServers;
    }

    /** The output topic read. */
    public String topic() {
      return topic;
    }

    /** The consumer group, the name of the checkpoint. */
    public String groupId() {
      return groupId;
    }

    /** The most messages per transaction, {@code >= 1}. */
    public int maxBatch() {
      return maxBatch;
    }

    /** How long one poll waits, {@code > 0}. */
    public Duration pollTimeout() {
      return pollTimeout;
    }

    /** Further Kafka client properties (security etc.); unmodifiable. */
    public Map<String, String> kafkaProperties() {
      return kafkaProperties;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c
          && bootstrapServers.equals(c.bootstrapServers)
          && topic.equals(c.topic)
          && groupId.equals(c.groupId)
          && maxBatch == c.maxBatch
          && pollTimeout.equals(c.pollTimeout)
          && kafkaProperties.equals(c.kafkaProperties);
    }

    @Override
    public int hashCode() {
      return Objects.hash(bootstrapServers, topic, groupId, maxBatch, pollTimeout, kafkaProperties);
    }

    /** Every setting, with the Kafka properties' names only: their values may be passwords or JAAS configs. */
    @Override
    public String toString() {
      return "Warehouse.Config[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", groupId=" + groupId
          + ", maxBatch=" + maxBatch + ", pollTimeout=" + pollTimeout
          + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet()) + "]";
    }

    /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
      private String bootstrapServers;
      private String topic;
      private String groupId = DEFAULT_GROUP_ID;
      private int maxBatch = 2000;
      private Duration pollTimeout = Duration.ofMillis(200);
      // May hold nulls until build() rejects them, so that the message names the key.
      private Map<String, String> kafkaProperties = new LinkedHashMap<>();

      private Builder() {}

      private Builder(Config c) {
        this.bootstrapServers = c.bootstrapServers;
        this.topic = c.topic;
        this.groupId = c.groupId;
        this.maxBatch = c.maxBatch;
        this.pollTimeout = c.pollTimeout;
        this.kafkaProperties = new LinkedHashMap<>(c.kafkaProperties);
      }

      /** Kafka bootstrap servers, {@code host:port[,host:port…]}. No default: required, not blank. */
      public Builder bootstrapServers(String value) {
        this.bootstrapServers = value;
        return this;
      }

      /** The output topic to read (the pipeline's is {@code emoji_main_publisher}). No default: required, not blank. */
      public Builder topic(String value) {
        this.topic = value;
        return this;
      }

      /**
       * The consumer group, the name of the checkpoint: a restart with the same group resumes.
       * Default {@value Config#DEFAULT_GROUP_ID}; not blank.
       */
      public Builder groupId(String value) {
        this.groupId = value;
        return this;
      }

      /** The most messages per database transaction. Default 2000; {@code >= 1}. */
      public Builder maxBatch(int value) {
        this.maxBatch = value;
        return this;
      }

      /** How long one poll waits for messages. Default 200 ms; {@code > 0}. */
      public Builder pollTimeout(Duration value) {
        this.pollTimeout = value;
        return this;
      }

      /** Further Kafka client properties (security etc.), replacing those set so far. Default none; no null key or value. */
      public Builder kafkaProperties(Map<String, String> value) {
        this.kafkaProperties = value == null ? null : new LinkedHashMap<>(value);
        return this;
      }

      /**
       * The config.
       *
       * @throws IllegalArgumentException naming the first invalid field and its value
       */
      public Config build() {
        requireText("bootstrapServers", bootstrapServers);
        requireText("topic", topic);
        requireText("groupId", groupId);
        if (maxBatch < 1) {
          throw new IllegalArgumentException("maxBatch must be >= 1, but was " + maxBatch);
        }
        if (pollTimeout == null || pollTimeout.isNegative() || pollTimeout.isZero()) {
          throw new IllegalArgumentException("pollTimeout must be > 0, but was " + pollTimeout);
        }
        if (kafkaProperties == null) {
          throw new IllegalArgumentException("kafkaProperties must be a map, but was null");
        }
        for (Map.Entry<String, String> e : kafkaProperties.entrySet()) {
          if (e.getKey() == null) {
            throw new IllegalArgumentException("kafkaProperties keys must not be null");
          }
          if (e.getValue() == null) {
            throw new IllegalArgumentException("kafkaProperties value of '" + e.getKey() + "' must not be null");
          }
        }
        return new Config(this, Map.copyOf(kafkaProperties));
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
   * Reads and writes until {@link #close()}. A batch the database refuses is retried and then
   * written message by message; a message it still refuses (a valid aggregate it cannot store) goes
   * to the subscriber's dead-letter topic, {@code <topic>_dlq}, with the reason
   * {@code HANDLER_FAILED}, and the warehouse carries on. When the database itself is out of reach,
   * the warehouse stops instead, with the batch's offsets uncommitted.
   *
   * @throws io.emojireactions.pubsub.SubscriberException when the warehouse stops: the database
   *     is out of reach (its offsets uncommitted; the cause says why)
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
      try {
        afterDatabaseCommit.handle(batch);
      } catch (Exception e) {
        throw new HandlerUnavailableException("after the database commit: " + e.getMessage(), e);
      }
    });
  }

  private void write(List<SubscribedMessage> records) throws SQLException, HandlerUnavailableException {
    List<WindowedCount> counts = new ArrayList<>(records.size());
    List<WarehouseWriter.Rejected> bad = new ArrayList<>();
    for (SubscribedMessage r : records) {
      try {
        counts.add(WindowedCountJson.fromJson(r.value()));
      } catch (IllegalArgumentException | NullPointerException e) {
        bad.add(new WarehouseWriter.Rejected(r.topic(), r.partition(), r.offset(), INVALID_OUTPUT_MESSAGE,
            storable(String.valueOf(e.getMessage())), r.value()));
      }
    }
    try {
      WarehouseWriter.write(connection, counts, bad);
    } catch (SQLException e) {
      if (databaseUnreachable(e)) {
        // Not the messages' fault: stop rather than let the subscriber dead-letter good data.
        throw new HandlerUnavailableException("the database is out of reach: " + e.getMessage(), e);
      }
      throw e; // the data: the subscriber retries, then isolates and dead-letters the message
    }
    messages.addAndGet(records.size());
    rejected.addAndGet(bad.size());
    transactions.incrementAndGet();
  }

  /** SQLState class 08 (connection exception), or a connection that no longer answers. */
  private boolean databaseUnreachable(SQLException e) {
    if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
      return true;
    }
    try {
      return !connection.isValid(5);
    } catch (SQLException notValid) {
      return true;
    }
  }

  /** PostgreSQL text cannot hold U+0000, which a parser's message may quote from hostile bytes. */
  static String storable(String text) {
    return text.indexOf('\0') < 0 ? text : text.replace('\0', '\uFFFD');
  }

  /** Messages written (valid or rejected) so far. */
  public long messages() {
    return messages.get();
  }

  /** Messages stored as rejected so far. */
  public long rejected() {
    return rejected.get();
  }

  /** Messages the database refused, written to {@code <topic>_dlq} so far. */
  public long deadLettered() {
    return subscriber.deadLetterCount();
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
