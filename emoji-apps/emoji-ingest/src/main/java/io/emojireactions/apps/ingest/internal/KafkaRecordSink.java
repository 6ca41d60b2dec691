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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes batches with one idempotent producer ({@code acks=all}, {@link KafkaClientConfigs#bulkProducer}):
 * {@link #writeAsync} hands every record to the producer and reports, from the producer's
 * callbacks, the ones whose send failed so the flusher retries them. Batches are not separated by
 * a flush: while one waits for its acknowledgements the next ones are already being sent.
 *
 * <p>Exactly once: the producer never gives up on a record it has taken ({@code delivery.timeout.ms}
 * is {@link Integer#MAX_VALUE}, whatever the client properties say), so it retries through a broker
 * outage on the record's own idempotent sequence number, which the broker deduplicates. A record
 * reported failed was therefore never written (refused before it was sent, or refused by the
 * broker for good), and sending it again cannot duplicate it. A finite delivery timeout would
 * instead report records whose write may have succeeded, and sending those again, as new records,
 * could land them twice. The ingest's bounded buffer, not the producer, bounds an outage: once it
 * is full, requests are answered 503. Batches in flight together change none of this; a record
 * sent again may land after records of later batches, and the ingest promises no order.
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
    // The bulk preset's linger lets the producer fill its batches while the flusher hands over
    // records; it adds at most that much to a reaction's way to Kafka.
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

  /** Sends the batch and waits until every record is acknowledged or failed; see {@link #writeAsync}. */
  @Override
  public List<PendingRecord> write(List<PendingRecord> batch) {
    CompletableFuture<List<PendingRecord>> done = new CompletableFuture<>();
    writeAsync(batch, done::complete);
    producer.flush(); // sends at once what the linger would hold back; returns once every send completed
    return done.join();
  }

  /**
   * Hands every record to the producer and returns; {@code whenDone} runs on the producer's I/O
   * thread when the last record's send has completed. Nothing waits for the acknowledgements, so
   * the flusher hands over the next batch while this one is in flight: batches pipeline at the
   * producer's rate. A record the producer refuses at once (no metadata within {@code
   * max.block.ms}, producer closed) counts as failed without being sent.
   */
  @Override
  public void writeAsync(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) {
    InFlight inFlight = new InFlight(batch, whenDone);
    for (int i = 0; i < batch.size(); i++) {
      PendingRecord r = batch.get(i);
      ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, r.value());
      record.headers().add(PendingRecord.MESSAGE_ID_HEADER, r.messageId().getBytes(StandardCharsets.UTF_8));
      Sent sent = new Sent(inFlight, i);
      try {
        producer.send(record, sent);
      } catch (RuntimeException e) {
        sent.onCompletion(null, e);
      }
    }
    if (batch.isEmpty()) {
      whenDone.accept(List.of());
    }
  }

  /** One batch whose sends have not all completed; completes once, when the last one does. */
  private static final class InFlight {
    private final List<PendingRecord> batch;
    private final Consumer<List<PendingRecord>> whenDone;
    /** Per record: {@link #OPEN}, {@link #WRITTEN} or {@link #FAILED}. */
    private final AtomicIntegerArray state;
    private final AtomicInteger open;
    private static final int OPEN = 0;
    private static final int WRITTEN = 1;
    private static final int FAILED = 2;

    InFlight(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) {
      this.batch = batch;
      this.whenDone = whenDone;
      this.state = new AtomicIntegerArray(batch.size());
      this.open = new AtomicInteger(batch.size());
    }

    void completed(int index, Exception error) {
      // Only a record's first outcome counts: a second one would complete the batch early.
      if (!state.compareAndSet(index, OPEN, error == null ? WRITTEN : FAILED)) {
        return;
      }
      if (open.decrementAndGet() == 0) {
        List<PendingRecord> notWritten = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
          if (state.get(i) == FAILED) {
            notWritten.add(batch.get(i));
          }
        }
        if (!notWritten.isEmpty()) {
          LOG.warn("{} of {} reactions were refused by the producer; they go back to the buffer and are retried: {}",
              notWritten.size(), batch.size(), error != null ? error.toString() : "see earlier errors");
        }
        whenDone.accept(notWritten);
      }
    }
  }

  /** The producer callback of one record of a batch. */
  private record Sent(InFlight batch, int index) implements Callback {
    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
      batch.completed(index, error);
    }
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
