package io.emojireactions.apps.ingest.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The Kafka sink on a real broker: batches handed over without waiting, and completions that name exactly the records not written. */
class KafkaRecordSinkIT {

  /** A loaded 2-core CI machine has taken over 2 minutes (the default) to start a node. */
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1).startTimeout(Duration.ofMinutes(5));

  private static PendingRecord rec(int i) {
    return new PendingRecord("id-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static Map<String, String> read(String topic, int expected) {
    List<ConsumerRecord<byte[], byte[]>> records = TopicIO.readAll(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(60));
    Map<String, String> byId = new java.util.HashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String id = new String(r.headers().lastHeader(PendingRecord.MESSAGE_ID_HEADER).value(), StandardCharsets.UTF_8);
      assertThat(byId.put(id, new String(r.value(), StandardCharsets.UTF_8))).as("written twice: %s", id).isNull();
    }
    assertThat(records).hasSize(expected);
    return byId;
  }

  @Test
  void batchesHandedOverWithoutWaitingAreEachCompletedOnceAndWrittenOnce() {
    String topic = KAFKA.topic("sink_pipelined", 3);
    Map<Integer, List<PendingRecord>> completions = new ConcurrentHashMap<>();
    List<String> completedTwice = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (KafkaRecordSink sink = new KafkaRecordSink(KafkaConnection.of(KAFKA.bootstrapServers()), topic)) {
      for (int b = 0; b < 10; b++) {
        int batch = b;
        sink.writeAsync(IntStream.range(b * 1_000, (b + 1) * 1_000).mapToObj(KafkaRecordSinkIT::rec).toList(), failed -> {
          if (completions.put(batch, failed) != null) {
            completedTwice.add("batch " + batch);
          }
        });
      }
      Await.until("all 10 batches completed", Duration.ofSeconds(60), () -> completions.size() == 10);
    }
    assertThat(completedTwice).isEmpty();
    assertThat(completions.values()).allSatisfy(failed -> assertThat(failed).isEmpty());
    Map<String, String> written = read(topic, 10_000);
    for (int i = 0; i < 10_000; i++) {
      assertThat(written).containsEntry("id-" + i, "{\"n\":" + i + "}");
    }
  }

  @Test
  void aRecordTheProducerRefusesIsTheOnlyOneReportedAndTheOthersAreWritten() throws Exception {
    String topic = KAFKA.topic("sink_partly_failed", 2);
    // Above the producer's max.request.size (1 MiB): refused before it is sent.
    byte[] tooLarge = new byte[2 << 20];
    Arrays.fill(tooLarge, (byte) 'x');
    List<PendingRecord> batch = new ArrayList<>(List.of(rec(0), rec(1), new PendingRecord("id-big", tooLarge), rec(3), rec(4)));
    try (KafkaRecordSink sink = new KafkaRecordSink(KafkaConnection.of(KAFKA.bootstrapServers()), topic)) {
      List<List<PendingRecord>> completions = new java.util.concurrent.CopyOnWriteArrayList<>();
      sink.writeAsync(batch, completions::add);
      Await.until("the batch completed", Duration.ofSeconds(60), () -> !completions.isEmpty());
      assertThat(completions).hasSize(1);
      assertThat(completions.get(0)).extracting(PendingRecord::messageId).containsExactly("id-big");

      assertThat(sink.write(List.of(rec(5), batch.get(2), rec(6)))).as("the synchronous write reports the same")
          .extracting(PendingRecord::messageId).containsExactly("id-big");
    }
    assertThat(read(topic, 6)).containsOnlyKeys("id-0", "id-1", "id-3", "id-4", "id-5", "id-6");
  }
}
