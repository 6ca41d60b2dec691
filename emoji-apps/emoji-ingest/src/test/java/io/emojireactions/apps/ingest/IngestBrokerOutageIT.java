package io.emojireactions.apps.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingest under load while its only broker is frozen for 30 s and comes back: every reaction
 * answered 200 is in the topic exactly once (by its {@code message_id} header), and every other
 * answer is 503 (the buffer was full).
 *
 * <p>The client properties ask for a 5 s delivery timeout, as a user might: a producer that gave
 * up on records after 5 s of outage would hand back records whose write may have reached the
 * broker, and resending them would land some twice. The ingest keeps its producer from giving up.
 */
class IngestBrokerOutageIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final int CLIENTS = 8;

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1).startTimeout(Duration.ofMinutes(5));

  @Test
  void everyReactionAnswered200IsInKafkaExactlyOnceAfterTheBrokerWasFrozenFor30Seconds() throws Exception {
    String topic = KAFKA.topic("ingest_outage", 2);
    KafkaConnection kafka = new KafkaConnection(KAFKA.bootstrapServers(),
        Map.of("delivery.timeout.ms", "5000", "request.timeout.ms", "2000", "reconnect.backoff.max.ms", "500"));
    IngestServer server = IngestServer.start(
        IngestConfig.builder().host("127.0.0.1").port(0).topic(topic).bufferCapacity(20_000).flushRecords(2_000)
            .flushInterval(Duration.ofMillis(100)).shutdownTimeout(Duration.ofSeconds(60)).build(), kafka);
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    URI uri = URI.create("http://127.0.0.1:" + server.port() + "/emoji");
    List<GeneratedRecord> records = ReactionGenerator.builder().seed(31).count(400_000).rooms(3).build().records().toList();

    Map<String, String> answered200 = new ConcurrentHashMap<>();
    AtomicInteger answered503 = new AtomicInteger();
    List<String> unanswered = java.util.Collections.synchronizedList(new ArrayList<>());
    Map<Integer, AtomicInteger> otherAnswers = new ConcurrentHashMap<>();
    AtomicInteger next = new AtomicInteger();
    AtomicBoolean stopLoad = new AtomicBoolean();
    ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Future<?>> load = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        load.add(clients.submit(() -> {
          int i;
          while (!stopLoad.get() && (i = next.getAndIncrement()) < records.size()) {
            String body = records.get(i).value();
            HttpResponse<String> resp;
            try {
              resp = post(http, uri, body);
            } catch (IOException e) {
              // JDK 17's HttpClient can hand the answer on a reused keep-alive connection to the
              // pool's idle-connection watcher, which closes it (JDK-8338569, "header parser
              // received no bytes"): the server may have accepted the reaction, we cannot know.
              unanswered.add(body);
              continue;
            }
            if (resp.statusCode() == 200) {
              answered200.put(JSON.readTree(resp.body()).get("message_id").asText(), body);
            } else if (resp.statusCode() == 503) {
              answered503.incrementAndGet();
              // A polite client honours Retry-After (1 s) roughly; a tenth of it keeps the load up.
              LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            } else {
              otherAnswers.computeIfAbsent(resp.statusCode(), k -> new AtomicInteger()).incrementAndGet();
            }
          }
          return null;
        }));
      }
      Await.until("5,000 reactions answered 200 before the outage", Duration.ofSeconds(120), () -> answered200.size() >= 5_000);
      // Frozen, not gone: requests in flight stay in its socket buffers and are written after the
      // resume, long after a producer that gives up would have reported them failed.
      KAFKA.cluster().pauseNode(0);
      long outageEnds = System.nanoTime() + OUTAGE.toNanos();
      // The outage is the scenario: 30 s of load against a stopped broker, however long that takes to pass.
      Await.until("30 s of outage under load", OUTAGE.plusSeconds(30), () -> System.nanoTime() - outageEnds >= 0);
      int answeredDuringOutage = answered200.size();
      assertThat(answered503.get()).as("the buffer filled during the outage").isPositive();
      KAFKA.cluster().resumeNode(0);
      Await.until("10,000 more reactions answered 200 after the outage", Duration.ofSeconds(180),
          () -> answered200.size() >= answeredDuringOutage + 10_000 || next.get() >= records.size());
      stopLoad.set(true);
      for (Future<?> f : load) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      stopLoad.set(true);
      clients.shutdownNow();
      assertThat(server.stop()).as("reactions answered 200 but not written by the stop").isZero();
    }
    assertThat(otherAnswers).as("answers other than 200 and 503").isEmpty();

    Map<String, String> inKafka = new HashMap<>();
    List<String> duplicated = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r : TopicIO.readAll(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(120))) {
      String id = new String(r.headers().lastHeader(PendingRecord.MESSAGE_ID_HEADER).value(), StandardCharsets.UTF_8);
      if (inKafka.put(id, new String(r.value(), StandardCharsets.UTF_8)) != null) {
        duplicated.add(id);
      }
    }
    assertThat(duplicated).as("message ids written more than once").isEmpty();
    assertThat(inKafka).containsAllEntriesOf(answered200);
    // Beyond the 200s, only reactions whose answer the client lost, each at most once.
    List<String> extra = new ArrayList<>(inKafka.entrySet().stream().filter(e -> !answered200.containsKey(e.getKey()))
        .map(Map.Entry::getValue).toList());
    List<String> lost = new ArrayList<>(unanswered);
    for (String body : extra) {
      assertThat(lost.remove(body)).as("written without a 200 and not among the lost answers: %s", body).isTrue();
    }
    System.out.printf("IngestBrokerOutageIT: %d answered 200, %d answered 503, %d answers lost by the client, %d in Kafka, 0 duplicated, 0 lost%n",
        answered200.size(), answered503.get(), unanswered.size(), inKafka.size());
  }

  private static HttpResponse<String> post(HttpClient http, URI uri, String body) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
