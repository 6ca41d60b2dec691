package io.emojireactions.apps.alerts;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.SubscribedMessage;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 */
public final class AlertsService implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertsService.class);

  /**
   * @param bootstrapServers Kafka bootstrap servers
   * @param topic the output topic to read
   * @param alertTopic where alerts go (default {@code emoji_alerts})
   * @param groupId the consumer group
   * @param rules the alert rule
   * @param kafkaProperties further Kafka client properties (security etc.)
   * @param alertTopicSettings how the alert topic is created when missing (default
   *     {@link #DEFAULT_ALERT_TOPIC_SETTINGS}); an existing topic is used as it is
   */
  public record Config(String bootstrapServers, String topic, String alertTopic, String groupId, AlertRules rules,
      Map<String, String> kafkaProperties, TopicSettings alertTopicSettings) {

    /**
     * Compacted (one record per alert id, the id being the key), one partition (a reader such as
     * the dashboard sees the alerts in publication order), the broker's default replication factor
     * (the operator's cluster knows how many brokers it has).
     */
    public static final TopicSettings DEFAULT_ALERT_TOPIC_SETTINGS =
        TopicSettings.builder().partitions(1).config("cleanup.policy", "compact").build();

    public Config(String bootstrapServers, String topic, String alertTopic, String groupId, AlertRules rules,
        Map<String, String> kafkaProperties) {
      this(bootstrapServers, topic, alertTopic, groupId, rules, kafkaProperties, DEFAULT_ALERT_TOPIC_SETTINGS);
    }

    public Config(String bootstrapServers, String topic, String alertTopic, String groupId, AlertRules rules) {
      this(bootstrapServers, topic, alertTopic, groupId, rules, Map.of());
    }

    /** Bootstrap servers and client properties as one connection. */
    public KafkaConnection kafka() {
      return new KafkaConnection(bootstrapServers, kafkaProperties);
    }

    public Config {
      kafkaProperties = Map.copyOf(kafkaProperties);
      for (Map.Entry<String, String> f : Map.of("bootstrapServers", String.valueOf(bootstrapServers), "topic", String.valueOf(topic),
          "alertTopic", String.valueOf(alertTopic), "groupId", String.valueOf(groupId)).entrySet()) {
        if (f.getValue().isBlank() || f.getValue().equals("null")) {
          throw new IllegalArgumentException(f.getKey() + " must not be blank, but was '" + f.getValue() + "'");
        }
      }
      if (topic.equals(alertTopic)) {
        throw new IllegalArgumentException("alertTopic must differ from topic, but both were '" + topic + "'");
      }
      Objects.requireNonNull(rules, "rules");
      Objects.requireNonNull(alertTopicSettings, "alertTopicSettings");
    }

    public Config withAlertTopicSettings(TopicSettings settings) {
      return new Config(bootstrapServers, topic, alertTopic, groupId, rules, kafkaProperties, settings);
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
    this.subscriber = Subscriber.create(SubscriberConfig.builder().kafka(config.kafka()).topic(config.topic()).groupId(config.groupId()).maxPollRecords(2000).build());
    this.producer = new KafkaProducer<>(KafkaClientConfigs.producer(config.kafka(), "emoji-alerts-" + config.groupId()));
  }

  /** Creates the alert topic if missing, reads back the ids published so far, and prepares the consumer. */
  public static AlertsService open(Config config) {
    ensureAlertTopic(config);
    SpikeDetector detector = new SpikeDetector(config.rules(), SentimentLexicon.emojiSentimentRanking());
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
        count = WindowedCountJson.fromJson(r.value());
      } catch (IllegalArgumentException | NullPointerException e) {
        rejected.incrementAndGet();
        LOG.warn("INVALID_OUTPUT_MESSAGE at {}-{}@{} ignored by the alert detector: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
        continue;
      }
      List<Alert> alerts;
      try {
        alerts = detector.accept(count);
      } catch (IllegalArgumentException e) {
        rejected.incrementAndGet();
        LOG.warn("WINDOW_SIZE_MISMATCH at {}-{}@{} ignored by the alert detector: {}", r.topic(), r.partition(), r.offset(), e.getMessage());
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
