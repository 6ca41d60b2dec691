package io.emojireactions.apps.dashboard.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on a daemon thread, starting {@code replay} back in time
 * (so a fresh dashboard shows the last minutes at once), and hands each value on. It commits no
 * offsets: the dashboard's state lives in memory and is rebuilt from the replay on restart.
 */
public final class TopicFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final String topic;
  private final Duration replay;
  private final Consumer<byte[]> sink;
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean assigned;

  public TopicFollower(String bootstrapServers, String topic, Duration replay, Consumer<byte[]> sink) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100); // a live view: small fetch waits
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "emoji-dashboard");
    this.consumer = new KafkaConsumer<>(p);
    this.topic = topic;
    this.replay = replay;
    this.sink = sink;
    this.thread = new Thread(this::loop, "emoji-dashboard-follower");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** True once the topic's partitions are assigned and positioned. */
  public boolean isAssigned() {
    return assigned;
  }

  private void loop() {
    try {
      assign();
      while (running) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          if (r.value() != null) {
            sink.accept(r.value());
          }
        }
      }
    } catch (WakeupException e) {
      // close() asked us to stop
    } catch (RuntimeException e) {
      LOG.error("dashboard stopped reading {}", topic, e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private void assign() {
    List<PartitionInfo> infos = null;
    while (running && (infos == null || infos.isEmpty())) {
      infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
      if (infos == null || infos.isEmpty()) {
        LOG.info("waiting for topic {} to exist", topic);
        consumer.poll(Duration.ofMillis(500)); // nothing assigned: waits without busy-looping
      }
    }
    if (infos == null) {
      return;
    }
    List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
    consumer.assign(partitions);
    long from = Instant.now().minus(replay).toEpochMilli();
    Map<TopicPartition, Long> times = new HashMap<>();
    partitions.forEach(tp -> times.put(tp, from));
    Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(times, Duration.ofSeconds(10));
    Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
    for (TopicPartition tp : partitions) {
      OffsetAndTimestamp o = offsets.get(tp);
      consumer.seek(tp, o != null ? o.offset() : end.get(tp));
    }
    assigned = true;
  }

  @Override
  public void close() {
    running = false;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
