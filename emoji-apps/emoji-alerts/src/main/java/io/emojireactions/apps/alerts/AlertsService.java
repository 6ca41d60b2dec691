package io.emojireactions.apps.alerts;

import static io.emojireactions.apps.internal.Checks.requireText;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.SubscribedMessage;
import io.emojireactions.pubsub.InvalidMessageException;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.apps.internal.RoomCap;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerts subscriber: reads output messages, runs a {@link SpikeDetector}, and publishes each
 * alert as JSON on the alert topic with its {@link Alert#id()} as the record key.
 *
 * <p>No duplicates across restarts and replays: on start it reads the alert topic back and marks
 * every id found there as already alerted; the detector derives ids from event time and counts
 * only. Offsets of the source topic are committed only after the batch's alerts are acknowledged.
 * After a restart from the checkpoint the baselines warm up again ({@link AlertRules#minHistoryWindows()}).
 * The alert topic is created when missing, with {@link Config#alertTopicSettings()} (by default
 * compacted, one record per id; one partition; the broker's replication factor).
 *
 * <p>A message that is not a valid output message goes to the alerts' dead-letter topic, the alert
 * topic's name plus {@code _dlq} ({@code emoji_alerts_dlq} by default; pubsub's
 * {@link io.emojireactions.pubsub.DeadLetters} envelope, naming the source topic), with the
 * reason {@code EMPTY_MESSAGE} or {@code INVALID_MESSAGE}; one whose window size is not the
 * rules' with {@value #WINDOW_SIZE_MISMATCH}. Both are counted in {@link #rejected()}.
 */
public final class AlertsService implements AutoCloseable {

  /** The dead-letter reason of a message whose window is not the size the rules expect. */
  public static final String WINDOW_SIZE_MISMATCH = "WINDOW_SIZE_MISMATCH";

  private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);

  /**
   * Where and how the alerts service reads and publishes: immutable, validated by
   * {@link Builder#build()}, whose messages name the field and the value. Build with
   * {@link #builder()} (only the bootstrap servers have no default), copy with {@link #toBuilder()}.
   * A class rather than a record so that a new setting never breaks a caller.
   *
   * <p>{@link #toString()} shows the names of the Kafka properties but never their values, which
   * may be secrets.
   */
  public static final class Config {

    public static final String DEFAULT_TOPIC = "emoji_main_publisher";
    public static final String DEFAULT_ALERT_TOPIC = "emoji_alerts";
    public static final String DEFAULT_GROUP_ID = "emoji-alerts";

    /**
     * Compacted (one record per alert id, the id being the key), one partition (a reader such as
     * the dashboard sees the alerts in publication order), the broker's default replication factor
     * (the operator's cluster knows how many brokers it has).
     */
    public static final TopicSettings DEFAULT_ALERT_TOPIC_SETTINGS =
        TopicSettings.builder().partitions(1).config("cleanup.policy", "compact").build();

    private final String bootstrapServers;
    private final String topic;
    private final String alertTopic;
    private final String groupId;
    private final AlertRules rules;
    private final Map<String, String> kafkaProperties;
    private final TopicSettings alertTopicSettings;
    private final int maxRooms;

    private Config(Builder b, Map<String, String> kafkaProperties) {
      this.bootstrapServers = b.bootstrapServers;
      this.topic = b.topic;
      this.alertTopic = b.alertTopic;
      this.groupId = b.groupId;
      this.rules = b.rules;
      this.kafkaProperties = kafkaProperties;
      this.alertTopicSettings = b.alertTopicSettings;
      this.maxRooms = b.maxRooms;
    }

    /**
     * The most rooms followed at once; further rooms are summed into the room
     * {@value RoomCap#OVERFLOW_ROOM} ({@link SpikeDetector} has the rule).
     */
    public int maxRooms() {
      return maxRooms;
    }

    /** A builder holding every default; the bootstrap servers must be set. */
    public static Builder builder() {
      return new Builder();
    }

    /** A builder holding this config's settings, to derive a changed copy. */
    public Builder toBuilder() {
      return new Builder(this);
    }

    /** Kafka bootstrap servers. */
    public String bootstrapServers() {
      return bootstrapServers;
    }

    /** The output topic read. */
    public String topic() {
      return topic;
    }

    /** Where alerts go. */
    public String alertTopic() {
      return alertTopic;
    }

    /** The consumer group. */
    public String groupId() {
      return groupId;
    }

    /** The alert rule. */
    public AlertRules rules() {
      return rules;
    }

    /** Further Kafka client properties (security etc.); unmodifiable. */
    public Map<String, String> kafkaProperties() {
      return kafkaProperties;
    }

    /** How the alert topic is created when missing. */
    public TopicSettings alertTopicSettings() {
      return alertTopicSettings;
    }

    /** Bootstrap servers and client properties as one connection. */
    public KafkaConnection kafka() {
      return new KafkaConnection(bootstrapServers, kafkaProperties);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Config c
          && bootstrapServers.equals(c.bootstrapServers)
          && topic.equals(c.topic)
          && alertTopic.equals(c.alertTopic)
          && groupId.equals(c.groupId)
          && rules.equals(c.rules)
          && kafkaProperties.equals(c.kafkaProperties)
          && alertTopicSettings.equals(c.alertTopicSettings)
          && maxRooms == c.maxRooms;
    }

    @Override
    public int hashCode() {
      return Objects.hash(bootstrapServers, topic, alertTopic, groupId, rules, kafkaProperties, alertTopicSettings, maxRooms);
    }

    /** Every setting, with the Kafka properties' names only: their values may be passwords or JAAS configs. */
    @Override
    public String toString() {
      return "AlertsService.Config[bootstrapServers=" + bootstrapServers + ", topic=" + topic + ", alertTopic=" + alertTopic
          + ", groupId=" + groupId + ", rules=" + rules + ", kafkaProperties=" + new TreeSet<>(kafkaProperties.keySet())
          + ", alertTopicSettings=" + alertTopicSettings + ", maxRooms=" + maxRooms + "]";
    }

    /** Collects settings, each preset to its default; {@link #build()} validates them all. Not thread-safe. */
    public static final class Builder {
      private String bootstrapServers;
      private String topic = DEFAULT_TOPIC;
      private String alertTopic = DEFAULT_ALERT_TOPIC;
      private String groupId = DEFAULT_GROUP_ID;
      private AlertRules rules = AlertRules.defaults();
      // May hold nulls until build() rejects them, so that the message names the key.
      private Map<String, String> kafkaProperties = new LinkedHashMap<>();
      private TopicSettings alertTopicSettings = DEFAULT_ALERT_TOPIC_SETTINGS;
      private int maxRooms = RoomCap.DEFAULT_MAX_ROOMS;

      private Builder() {}

      private Builder(Config c) {
        this.bootstrapServers = c.bootstrapServers;
        this.topic = c.topic;
        this.alertTopic = c.alertTopic;
        this.groupId = c.groupId;
        this.rules = c.rules;
        this.kafkaProperties = new LinkedHashMap<>(c.kafkaProperties);
        this.alertTopicSettings = c.alertTopicSettings;
        this.maxRooms = c.maxRooms;
      }

      /**
       * The most rooms followed at once; further rooms are summed into the room
       * {@value RoomCap#OVERFLOW_ROOM}. Default {@value RoomCap#DEFAULT_MAX_ROOMS}; {@code >= 1}.
       */
      public Builder maxRooms(int value) {
        this.maxRooms = value;
        return this;
      }

      /** Kafka bootstrap servers, {@code host:port[,host:port…]}. No default: required, not blank. */
      public Builder bootstrapServers(String value) {
        this.bootstrapServers = value;
        return this;
      }

      /** The output topic to read. Default {@value Config#DEFAULT_TOPIC}; not blank. */
      public Builder topic(String value) {
        this.topic = value;
        return this;
      }

      /** Where alerts go. Default {@value Config#DEFAULT_ALERT_TOPIC}; not blank, distinct from {@link #topic}. */
      public Builder alertTopic(String value) {
        this.alertTopic = value;
        return this;
      }

      /** The consumer group, the name of the checkpoint. Default {@value Config#DEFAULT_GROUP_ID}; not blank. */
      public Builder groupId(String value) {
        this.groupId = value;
        return this;
      }

      /** The alert rule. Default {@link AlertRules#defaults()}; not null. */
      public Builder rules(AlertRules value) {
        this.rules = value;
        return this;
      }

      /** Further Kafka client properties (security etc.), replacing those set so far. Default none; no null key or value. */
      public Builder kafkaProperties(Map<String, String> value) {
        this.kafkaProperties = value == null ? null : new LinkedHashMap<>(value);
        return this;
      }

      /**
       * How the alert topic is created when missing; an existing topic is used as it is. Default
       * {@link Config#DEFAULT_ALERT_TOPIC_SETTINGS}; not null.
       */
      public Builder alertTopicSettings(TopicSettings value) {
        this.alertTopicSettings = value;
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
        requireText("alertTopic", alertTopic);
        requireText("groupId", groupId);
        if (topic.equals(alertTopic)) {
          throw new IllegalArgumentException("alertTopic must differ from topic, but both were '" + topic + "'");
        }
        if (rules == null) {
          throw new IllegalArgumentException("rules must be alert rules, but was null");
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
        if (alertTopicSettings == null) {
          throw new IllegalArgumentException("alertTopicSettings must be topic settings, but was null");
        }
        if (maxRooms < 1) {
          throw new IllegalArgumentException("maxRooms must be >= 1, but was " + maxRooms);
        }
        return new Config(this, Map.copyOf(kafkaProperties));
      }

    }
  }

  private final Config config;
  private final SpikeDetector detector;
  private final Subscriber subscriber;
  private final KafkaProducer<byte[], byte[]> producer;
  private final AtomicLong messages = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong published = new AtomicLong();

  private AlertsService(Config config, SpikeDetector detector) {
    this.config = config;
    this.detector = detector;
    // Its own dead-letter topic: <topic>_dlq of the default input (the main topic) is the relay's.
    this.subscriber = Subscriber.create(SubscriberConfig.builder().kafka(config.kafka()).topic(config.topic()).groupId(config.groupId())
        .maxPollRecords(2000).deadLetterTopic(config.alertTopic() + "_dlq").build());
    this.producer = new KafkaProducer<>(KafkaClientConfigs.producer(config.kafka(), "emoji-alerts-" + config.groupId()));
  }

  /** Creates the alert topic if missing, reads back the ids published so far, and prepares the consumer. */
  public static AlertsService open(Config config) {
    ensureAlertTopic(config);
    SpikeDetector detector = new SpikeDetector(config.rules(), SentimentLexicon.emojiSentimentRanking(), config.maxRooms());
    publishedIds(config.kafka(), config.alertTopic(), Duration.ofSeconds(60)).forEach(detector::markAlerted);
    return new AlertsService(config, detector);
  }

  /**
   * Reads and alerts until {@link #close()}.
   *
   * @throws io.emojireactions.pubsub.SubscriberException when a batch's alerts could not be
   *     published (its source offsets uncommitted)
   */
  public void run() {
    subscriber.runBatches(this::handle);
  }

  private void handle(List<SubscribedMessage> records) throws ExecutionException, InterruptedException {
    List<Future<?>> sends = new ArrayList<>();
    for (SubscribedMessage r : records) {
      WindowedCount count;
      try {
        count = r.count();
      } catch (InvalidMessageException e) {
        // To <topic>_dlq with its reason (acknowledged before this batch's offsets move), and counted.
        rejected.incrementAndGet();
        subscriber.deadLetter(r, e.reason(), e.getMessage());
        continue;
      }
      List<Alert> alerts;
      try {
        alerts = detector.accept(count);
      } catch (IllegalArgumentException e) {
        rejected.incrementAndGet();
        subscriber.deadLetter(r, WINDOW_SIZE_MISMATCH, e.getMessage());
        continue;
      }
      for (Alert a : alerts) {
        LOG.info("alert {}", a.toJson());
        sends.add(producer.send(new ProducerRecord<>(config.alertTopic(), a.id().getBytes(StandardCharsets.UTF_8), a.toJsonBytes())));
      }
    }
    messages.addAndGet(records.size());
    for (Future<?> f : sends) {
      f.get(); // acknowledged before the source offsets move
    }
    published.addAndGet(sends.size());
  }

  public long messages() {
    return messages.get();
  }

  /** Messages dead-lettered (invalid, or of another window size) so far. */
  public long rejected() {
    return rejected.get();
  }

  /** Alerts published by this run. */
  public long published() {
    return published.get();
  }

  @Override
  public void close() {
    subscriber.close();
    producer.close(Duration.ofSeconds(10));
  }

  private static void ensureAlertTopic(Config config) {
    for (TopicStatus status : TopologyAdmin.ensureTopics(config.kafka(), config.alertTopicSettings(), List.of(config.alertTopic()))) {
      if (!status.ok()) {
        // Nothing here depends on the partition count or the replication factor: use it as it is.
        LOG.warn("{}", status.message());
      }
    }
  }

  /** The record keys (alert ids) on the alert topic, from the beginning up to its current end. */
  static List<String> publishedIds(String bootstrap, String topic, Duration timeout) {
    return publishedIds(KafkaConnection.of(bootstrap), topic, timeout);
  }

  static List<String> publishedIds(KafkaConnection kafka, String topic, Duration timeout) {
    List<String> ids = new ArrayList<>();
    long deadline = System.nanoTime() + timeout.toNanos();
    try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(KafkaClientConfigs.reader(kafka, "emoji-alerts-read-back"))) {
      List<TopicPartition> partitions = c.partitionsFor(topic, timeout).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, timeout);
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading back " + topic + " did not reach its end within " + timeout);
        }
        ConsumerRecords<byte[], byte[]> records = c.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          if (r.key() != null) {
            ids.add(new String(r.key(), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return ids;
  }
}
