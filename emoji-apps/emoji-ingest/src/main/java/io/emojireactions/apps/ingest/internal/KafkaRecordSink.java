package io.emojireactions.apps.ingest.internal;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes batches with one idempotent producer ({@code acks=all}, {@link KafkaClientConfigs#bulkProducer}):
 * sends every record, flushes, and reports the ones whose send failed so the flusher retries them.
 *
 * <p>Exactly once: the producer never gives up on a record it has taken ({@code delivery.timeout.ms}
 * is {@link Integer#MAX_VALUE}, whatever the client properties say), so it retries through a broker
 * outage on the record's own idempotent sequence number, which the broker deduplicates. A record
 * reported failed was therefore never written (refused before it was sent, or refused by the
 * broker for good), and sending it again cannot duplicate it. A finite delivery timeout would
 * instead report records whose write may have succeeded, and sending those again, as new records,
 * could land them twice. The ingest's bounded buffer, not the producer, bounds an outage: once it
 * is full, requests are answered 503.
 */
public final class KafkaRecordSink implements RecordSink {

  private static final Logger LOG = LoggerFactory.getLogger(KafkaRecordSink.class);
  private static final long HEALTH_CACHE_MS = 1_000;

  private final String topic;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;
  private volatile long healthCheckedAtMs;
  private volatile boolean lastHealth;

  public KafkaRecordSink(KafkaConnection kafka, String topic) {
    this.topic = topic;
    // The bulk preset's linger does not delay a write: flush() below sends at once whatever is batched.
    this.producer = new KafkaProducer<>(producerConfig(kafka));
    Map<String, Object> a = KafkaClientConfigs.admin(kafka, "emoji-ingest-health");
    // The health check answers an HTTP probe: it must give up long before the client's defaults.
    a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000);
    a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 2_000);
    this.admin = Admin.create(a);
  }

  /** The bulk producer's settings with the delivery timeout that makes a retry safe (see the class description). */
  static Map<String, Object> producerConfig(KafkaConnection kafka) {
    Map<String, Object> config = KafkaClientConfigs.bulkProducer(kafka, "emoji-ingest");
    Object given = config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
    if (given != null) {
      LOG.warn("the ingest ignores {}={}: a producer that gives up on a record could make a retry write it twice; "
          + "the ingest's buffer (--buffer) bounds a Kafka outage instead", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, given);
    }
    return config;
  }

  @Override
  public List<PendingRecord> write(List<PendingRecord> batch) {
    int n = batch.size();
    AtomicReferenceArray<Exception> errors = new AtomicReferenceArray<>(n);
    for (int i = 0; i < n; i++) {
      PendingRecord r = batch.get(i);
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, r.value());
      record.headers().add(PendingRecord.MESSAGE_ID_HEADER, r.messageId().getBytes(StandardCharsets.UTF_8));
      int index = i;
      try {
        producer.send(record, (metadata, error) -> {
          if (error != null) {
            errors.set(index, error);
          }
        });
      } catch (RuntimeException e) {
        errors.set(index, e);
      }
    }
    producer.flush(); // returns once every send above has completed, acknowledged or failed
    List<PendingRecord> failed = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (errors.get(i) != null) {
        failed.add(batch.get(i));
      }
    }
    return failed;
  }

  @Override
  public boolean reachable() {
    long now = System.currentTimeMillis();
    if (now - healthCheckedAtMs < HEALTH_CACHE_MS) {
      return lastHealth;
    }
    boolean ok;
    try {
      ok = !admin.describeCluster(new DescribeClusterOptions().timeoutMs(2_000)).nodes().get(2_500, TimeUnit.MILLISECONDS).isEmpty();
    } catch (Exception e) {
      ok = false;
    }
    lastHealth = ok;
    healthCheckedAtMs = System.currentTimeMillis();
    return ok;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    admin.close(Duration.ofSeconds(2));
  }
}
