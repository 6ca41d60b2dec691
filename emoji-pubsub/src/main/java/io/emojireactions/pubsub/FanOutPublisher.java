package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes windowed counts straight into the fan-out tree, for callers that hold the counts
 * themselves (e.g. a Spark {@code foreachBatch}): it writes to every cluster topic and to the
 * sub-topics each cluster's routing chooses. It does <em>not</em> write to the main topic; to
 * fan out the main topic, run a {@link FanOutRelay}.
 *
 * <p>One long-lived, idempotent producer per Kafka cluster ({@code acks=all}, lz4, a short
 * linger) instead of a producer and a flush per row. Record key:
 * {@link WindowedCountJson#key(String, String)}; value: {@link WindowedCountJson#toJson}.
 *
 * <p>Delivery is at-least-once: call {@link #flush()} at the end of each batch; if it throws,
 * fail the batch so that it is retried. Repeats are harmless, consumers max-merge.
 *
 * <p>Thread-safe ({@link KafkaProducer} is).
 */
public final class FanOutPublisher implements Publisher {

  private final FanOutTopology topology;
  private final Map<Optional<KafkaConnection>, Producer<byte[], byte[]>> producers = new LinkedHashMap<>();
  private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

  private FanOutPublisher(FanOutTopology topology, KafkaConnection home, String clientId) {
    this.topology = Objects.requireNonNull(topology, "topology");
    Objects.requireNonNull(home, "home");
    try {
      for (Optional<KafkaConnection> kafka : topology.topicsByKafka().keySet()) {
        producers.put(kafka, new KafkaProducer<>(KafkaClientConfigs.producer(kafka.orElse(home), clientId + "-" + producers.size())));
      }
    } catch (RuntimeException e) {
      producers.values().forEach(Producer::close);
      throw e;
    }
  }

  /**
   * A publisher for {@code topology}; clusters without their own Kafka connection are written to
   * {@code home} (the main topic's Kafka cluster).
   */
  public static FanOutPublisher create(FanOutTopology topology, KafkaConnection home) {
    return new FanOutPublisher(topology, home, "emoji-fanout-publisher");
  }

  @Override
  public void publish(WindowedCount count) {
    throwIfFailed();
    byte[] key = WindowedCountJson.key(count.room(), count.emoji()).getBytes(StandardCharsets.UTF_8);
    byte[] value = WindowedCountJson.toJson(count);
    for (FanOutTopology.Destination destination : topology.destinations(count)) {
      producers.get(destination.cluster().kafka()).send(new ProducerRecord<>(destination.topic(), key, value), (metadata, error) -> {
        if (error != null) {
          firstFailure.compareAndSet(null, error);
        }
      });
    }
  }

  @Override
  public void flush() {
    producers.values().forEach(Producer::flush);
    throwIfFailed();
  }

  @Override
  public void close() {
    try {
      flush();
    } finally {
      producers.values().forEach(Producer::close);
    }
  }

  private void throwIfFailed() {
    Exception failure = firstFailure.getAndSet(null);
    if (failure != null) {
      throw new PublishException("publishing to the fan-out topics failed: " + failure.getMessage(), failure);
    }
  }
}
