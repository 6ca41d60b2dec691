package io.emojireactions.apps.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.ingest.IngestCommand;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code emoji ingest} as its own process: SIGTERM under load loses no reaction answered 200; a
 * flood it cannot write out is answered 503/429 with its memory bounded and no crash; slow
 * clients (slowloris) are cut off without starving the others.
 */
class IngestFaultsIT {

  private static final ObjectMapper JSON = new ObjectMapper();
  /** How long the flood lasts: {@code -Demoji.faults.flood.seconds} (default 10). */
  private static final Duration FLOOD = Duration.ofSeconds(Long.getLong("emoji.faults.flood.seconds", 10));
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @RegisterExtension
  static final KafkaExtension KAFKA = FaultKafka.SHARED;

  @Test
  void sigtermUnderLoadWritesEveryReactionAnswered200ToKafkaExactlyOnce(@TempDir Path dir) throws Exception {
    KafkaCluster kafka = KAFKA.cluster();
    String topic = "ingest_sigterm";
    FaultKafka.ensureTopic(kafka, topic, 2, 1, FaultKafka.KEEP_FOREVER);
    ChildJvm ingest = startIngest(dir, kafka.bootstrapServers(), topic, List.of());
    URI uri = uri(ingest, "/emoji");
    List<GeneratedRecord> records = ReactionGenerator.builder().seed(21).count(60_000).rooms(3).build().records().toList();
    Map<String, String> answered200 = new ConcurrentHashMap<>();
    AtomicInteger index = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 8; c++) {
        done.add(clients.submit(() -> {
          int i;
          int refused = 0;
          while ((i = index.getAndIncrement()) < records.size() && refused < 20) {
            try {
              HttpResponse<String> resp = post(uri, records.get(i).value());
              if (resp.statusCode() == 200) {
                answered200.put(JSON.readTree(resp.body()).get("message_id").asText(), records.get(i).value());
              } else if (resp.statusCode() != 503) {
                other.incrementAndGet();
              }
            } catch (IOException e) {
              refused++; // the process is gone
            }
          }
          return null;
        }));
      }
      Await.until("3,000 reactions answered 200", Duration.ofSeconds(90), () -> answered200.size() >= 3_000);
      // 143 = ended by SIGTERM (128 + 15), after the shutdown hook's graceful stop; its last line says how it went.
      assertThat(ingest.sigterm(Duration.ofSeconds(60))).as("exit code after SIGTERM; log:\n%s", ingest.tail(10)).isEqualTo(143);
      for (Future<?> f : done) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      clients.shutdownNow();
      ingest.close();
    }
    assertThat(other.get()).as("answers other than 200 and 503").isZero();
    assertThat(answered200.size()).as("SIGTERM came before the load ended").isLessThan(records.size());
    assertThat(ingest.countLines("buffer written out")).isEqualTo(1);
    Map<String, String> inKafka = new HashMap<>();
    List<ConsumerRecord<byte[], byte[]>> read = TopicIO.readAll(kafka.bootstrapServers(), topic, Duration.ofSeconds(90));
    for (ConsumerRecord<byte[], byte[]> r : read) {
      String id = new String(r.headers().lastHeader(PendingRecord.MESSAGE_ID_HEADER).value(), StandardCharsets.UTF_8);
      assertThat(inKafka.put(id, new String(r.value(), StandardCharsets.UTF_8))).as("written once: %s", id).isNull();
    }
    assertThat(inKafka).isEqualTo(answered200);
    System.out.printf("IngestFaultsIT: SIGTERM under 8 clients: %d answered 200, %d in Kafka, lost 0, duplicated 0%n",
        answered200.size(), read.size());
  }

  @Test
  void aFloodItCannotWriteOutIsAnswered503And429WithBoundedMemoryAndNoCrash(@TempDir Path dir) throws Exception {
    // Kafka unreachable (a closed port): nothing drains, so the buffer fills and stays full.
    int deadPort;
    try (ServerSocket s = new ServerSocket(0)) {
      deadPort = s.getLocalPort();
    }
    ChildJvm ingest = startIngest(dir, "127.0.0.1:" + deadPort, "flood", List.of("--buffer", "20000", "--user-rate", "5"));
    try {
      URI one = uri(ingest, "/emoji");
      URI batch = uri(ingest, "/emojis");
      List<String> values = ReactionGenerator.builder().seed(22).count(500).build().values();
      String ndjson = String.join("\n", values);
      com.fasterxml.jackson.databind.node.ObjectNode flooder = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(values.get(0));
      String fromOneUser = flooder.put("user_id", "flooder").toString();
      Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
      AtomicLong maxRss = new AtomicLong();
      long rssBefore = ingest.rssKib();
      ExecutorService clients = Executors.newFixedThreadPool(16);
      long end = System.nanoTime() + FLOOD.toNanos();
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < 16; c++) {
        int client = c;
        done.add(clients.submit(() -> {
          while (System.nanoTime() < end) {
            // Half the clients flood batches of 500 (distinct users); the others one user's single reactions.
            HttpResponse<String> resp = client % 2 == 0 ? post(batch, ndjson)
                : post(one, fromOneUser);
            statuses.computeIfAbsent(resp.statusCode(), k -> new AtomicLong()).incrementAndGet();
          }
          return null;
        }));
      }
      Await.until("the flood is over", Duration.ofSeconds(60), () -> {
        maxRss.accumulateAndGet(ingest.rssKib(), Math::max);
        return done.stream().allMatch(Future::isDone);
      });
      clients.shutdownNow();
      for (Future<?> f : done) {
        f.get();
      }
      assertThat(ingest.isAlive()).as("ingest survived the flood").isTrue();
      assertThat(statuses.keySet()).as("statuses %s", statuses).contains(503, 429);
      assertThat(statuses.keySet()).as("statuses %s", statuses).isSubsetOf(200, 429, 503);
      // -Xmx256m: the resident set stays within heap + JVM overhead however long the flood lasts.
      assertThat(maxRss.get()).as("max RSS KiB (before the flood %d)", rssBefore).isLessThan(600 * 1024);
      HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(uri(ingest, "/health")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).as("health answers during overload").isIn(200, 503);
      System.out.printf("IngestFaultsIT: flood for %d s against a full buffer: statuses %s, RSS %d KiB before, %d KiB max, no crash%n",
          FLOOD.toSeconds(), statuses, rssBefore, maxRss.get());
    } finally {
      ingest.close();
    }
  }

  @Test
  void slowClientsAreCutOffWithoutStarvingTheOthers(@TempDir Path dir) throws Exception {
    KafkaCluster kafka = KAFKA.cluster();
    FaultKafka.ensureTopic(kafka, "ingest_slow", 1, 1, FaultKafka.KEEP_FOREVER);
    ChildJvm ingest = startIngest(dir, kafka.bootstrapServers(), "ingest_slow", List.of());
    int port = uri(ingest, "/").getPort();
    List<Socket> slow = new ArrayList<>();
    try {
      // 200 slowloris connections: a request line and one header, then nothing more.
      for (int i = 0; i < 200; i++) {
        Socket s = new Socket("127.0.0.1", port);
        s.getOutputStream().write("POST /emoji HTTP/1.1\r\nHost: x\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        slow.add(s);
      }
      long started = System.nanoTime();
      // Meanwhile normal clients are answered, each promptly.
      URI uri = uri(ingest, "/emoji");
      List<String> values = ReactionGenerator.builder().seed(23).count(100).build().values();
      long slowest = 0;
      for (String v : values) {
        long t0 = System.nanoTime();
        assertThat(post(uri, v).statusCode()).isEqualTo(200);
        slowest = Math.max(slowest, System.nanoTime() - t0);
      }
      // Starved requests would wait for the slow connections to be cut (the parse timeout); these do not.
      assertThat(Duration.ofNanos(slowest)).as("slowest normal request").isLessThan(IngestServer.REQUEST_PARSE_TIMEOUT.dividedBy(2));
      // The slow connections are closed by the server once the request parse timeout has passed.
      for (Socket s : slow) {
        s.setSoTimeout((int) IngestServer.REQUEST_PARSE_TIMEOUT.plusSeconds(20).toMillis());
        InputStream in = s.getInputStream();
        try {
          while (in.read() >= 0) {
            // a 408 or similar may come before the close
          }
        } catch (IOException e) {
          // a reset is a close too
        }
      }
      Duration cutOff = Duration.ofNanos(System.nanoTime() - started);
      assertThat(cutOff).as("all slow connections closed").isLessThan(IngestServer.REQUEST_PARSE_TIMEOUT.plusSeconds(15));
      assertThat(ingest.isAlive()).isTrue();
      System.out.printf("IngestFaultsIT: 200 slowloris connections closed by the server after %d ms; 100 normal requests meanwhile, slowest %d ms%n",
          cutOff.toMillis(), slowest / 1_000_000);
    } finally {
      for (Socket s : slow) {
        s.close();
      }
      ingest.close();
    }
  }

  private static ChildJvm startIngest(Path dir, String bootstrap, String topic, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("ingest", "--bootstrap-servers", bootstrap, "--host", "127.0.0.1", "--port", "0",
        "--topic", topic));
    args.addAll(extra);
    ChildJvm ingest = ChildJvm.emoji("ingest", dir.resolve("ingest.log"), "256m", args);
    try {
      ingest.awaitLines(IngestCommand.READY_PREFIX, 1, ChildJvm.PATIENCE);
    } catch (RuntimeException | AssertionError e) {
      ingest.destroy();
      throw e;
    }
    return ingest;
  }

  /** The ingest's URL from its ready line ("Ingest listening on http://127.0.0.1:PORT (…)"). */
  private static URI uri(ChildJvm ingest, String path) {
    String line = ingest.firstLine(IngestCommand.READY_PREFIX);
    String base = line.substring(line.indexOf(IngestCommand.READY_PREFIX) + IngestCommand.READY_PREFIX.length()).split(" ")[0];
    return URI.create(base + path);
  }

  private static HttpResponse<String> post(URI uri, String body) throws IOException, InterruptedException {
    return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(), HttpResponse.BodyHandlers.ofString());
  }
}
