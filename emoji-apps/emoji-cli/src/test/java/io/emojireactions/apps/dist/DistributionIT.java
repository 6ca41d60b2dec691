package io.emojireactions.apps.dist;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.BrokerCommand;
import io.emojireactions.apps.ingest.IngestCommand;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball, extracted into a fresh directory and run with an empty {@code HOME}:
 * its layout, {@code bin/emoji broker} serving Kafka from {@code lib/broker-lib} alone, and
 * {@code bin/emoji ingest} configured as the Python ingest is. (The demo from the same tarball is
 * {@code DemoIT}.)
 */
class DistributionIT {

  /** A broker for the ingest. */
  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1).startTimeout(Duration.ofMinutes(5));

  @Test
  void holdsTheLauncherTheLibrariesTheBrokersOwnJarsConfigAndNotices(@TempDir Path dir) throws Exception {
    Path home = Distribution.extract(dir).home();

    assertThat(home.getFileName().toString()).startsWith("emoji-");
    assertThat(Files.isExecutable(home.resolve("bin/emoji"))).isTrue();
    assertThat(home.resolve("LICENSE")).content().contains("Apache License");
    assertThat(home.resolve("NOTICE")).content().contains("Emoji Sentiment Ranking");
    assertThat(home.resolve("THIRD-PARTY.txt")).content().contains("spark-sql").contains("undertow-core").contains("kafka-clients");
    assertThat(home.resolve("config/log4j2.properties")).exists();
    assertThat(home.resolve("config/emoji.properties")).exists();
    assertThat(jarNames(home.resolve("lib"))).anyMatch(n -> n.startsWith("emoji-cli-")).anyMatch(n -> n.startsWith("emoji-broker-"))
        .anyMatch(n -> n.startsWith("spark-sql_2.12-")).noneMatch(n -> n.startsWith("kafka_2.13-")).noneMatch(n -> n.startsWith("emoji-testkit-"));
    // The broker's Scala 2.13 server stays apart from Spark's Scala 2.12.
    assertThat(jarNames(home.resolve("lib/broker-lib"))).anyMatch(n -> n.startsWith("kafka_2.13-")).anyMatch(n -> n.startsWith("scala-library-2.13"));
  }

  @Test
  void binEmojiPrintsTheVersionItWasBuiltAs(@TempDir Path dir) throws Exception {
    Distribution dist = Distribution.extract(dir);
    Process version = dist.command("-Xmx64m", "--version").start();
    String out = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
    assertThat(version.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(version.exitValue()).as(out).isZero();
    // The tarball is named emoji-VERSION; the jar's manifest carries the same version.
    assertThat(out).isEqualTo("emoji " + dist.home().getFileName().toString().substring("emoji-".length()));
  }

  @Test
  void binEmojiBrokerServesKafkaFromTheInstallationAloneAndStopsOnSigint(@TempDir Path dir) throws Exception {
    Distribution dist = Distribution.extract(dir);
    int port = freePort();
    Process broker = dist.command("-Xmx512m", "broker", "--port", Integer.toString(port), "--data-dir", dir.resolve("kafka").toString()).start();
    List<String> output = follow(broker);
    try {
      Await.until("the broker's ready line", Duration.ofSeconds(120),
          () -> output.stream().anyMatch(l -> l.startsWith(BrokerCommand.READY_PREFIX)) || !broker.isAlive(), () -> String.join("\n", output));
      assertThat(broker.isAlive()).as(String.join("\n", output)).isTrue();
      String bootstrap = "127.0.0.1:" + port;
      TopicIO.produce(bootstrap, "from-the-tarball", List.of("one", "two"));
      assertThat(TopicIO.readValues(bootstrap, "from-the-tarball", Duration.ofSeconds(60))).containsExactly("one", "two");
      // The broker node runs on the installation's jars, never on a path of this build.
      List<String> brokerCommandLines = broker.descendants().map(p -> p.info().commandLine().orElse("")).toList();
      assertThat(brokerCommandLines).as("the broker JVM").anyMatch(c -> c.contains(dist.home().resolve("lib/broker-lib").toString()));
      assertThat(brokerCommandLines).noneMatch(c -> c.contains("/.m2/") || c.contains("/target/"));

      new ProcessBuilder("kill", "-INT", Long.toString(broker.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertThat(broker.waitFor(120, TimeUnit.SECONDS)).as("exits after SIGINT").isTrue();
      // A JVM that ends on SIGINT exits 128 + 2 once its shutdown hooks ran; the broker's stop line says they did.
      assertThat(broker.exitValue()).as(String.join("\n", output)).isIn(0, 130);
      Await.until("the broker's stop line", Duration.ofSeconds(10), () -> output.contains("Kafka stopped"), () -> String.join("\n", output));
      Await.until("no broker JVM left", Duration.ofSeconds(30), () -> broker.descendants().noneMatch(ProcessHandle::isAlive));
    } finally {
      if (broker.isAlive()) {
        broker.descendants().forEach(ProcessHandle::destroyForcibly);
        broker.destroyForcibly();
      }
    }
  }

  @Test
  void binEmojiIngestRunsWithThePythonIngestsEnvironmentAlone(@TempDir Path dir) throws Exception {
    Distribution dist = Distribution.extract(dir);
    KAFKA.cluster().createTopic("py_reactions", 1, 1, Map.of());
    ProcessBuilder pb = dist.command("-Xmx256m", "ingest", "--host", "127.0.0.1", "--port", "0");
    // What the Python ingest's deployment sets, and nothing of ours.
    pb.environment().put("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
    pb.environment().put("EMOJI_TOPIC", "py_reactions");
    Process ingest = pb.start();
    List<String> output = follow(ingest);
    try {
      Await.until("the ingest's ready line", Duration.ofSeconds(120),
          () -> output.stream().anyMatch(l -> l.startsWith(IngestCommand.READY_PREFIX)) || !ingest.isAlive(), () -> String.join("\n", output));
      String ready = output.stream().filter(l -> l.startsWith(IngestCommand.READY_PREFIX)).findFirst().orElseThrow(
          () -> new AssertionError("the ingest exited: " + String.join("\n", output)));
      assertThat(ready).endsWith("(topic py_reactions at " + KAFKA.bootstrapServers() + ")");
      URI emoji = URI.create(ready.substring(IngestCommand.READY_PREFIX.length()).split(" ")[0] + "/emoji");

      String reaction = "{\"user_id\": \"u1\", \"emoji_type\": \"😂\", \"timestamp\": \"2025-10-29T22:31:00\"}";
      HttpResponse<String> ok = post(emoji, reaction);
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
      HttpResponse<String> bad = post(emoji, "{\"user_id\": \"u1\"}");
      assertThat(bad.statusCode()).isEqualTo(400);
      JsonNode answer = new ObjectMapper().readTree(bad.body());
      assertThat(answer.get("error").asText()).isEqualTo("Invalid emoji data");
      assertThat(answer.get("reason").asText()).isEqualTo("MISSING_FIELD");

      // A 200 means buffered; the flusher writes it within the flush interval.
      Await.until("the reaction in Kafka", Duration.ofSeconds(60),
          () -> !TopicIO.readValues(KAFKA.bootstrapServers(), "py_reactions", Duration.ofSeconds(30)).isEmpty());
      assertThat(TopicIO.readValues(KAFKA.bootstrapServers(), "py_reactions", Duration.ofSeconds(30))).containsExactly(reaction);
    } finally {
      ingest.descendants().forEach(ProcessHandle::destroy);
      ingest.destroy();
      if (!ingest.waitFor(60, TimeUnit.SECONDS)) {
        ingest.destroyForcibly();
      }
    }
  }

  private static HttpResponse<String> post(URI uri, String body) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The process's output lines, collected as they come. */
  private static List<String> follow(Process process) {
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        r.lines().forEach(output::add);
      } catch (Exception e) {
        output.add("reader: " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    return output;
  }

  private static List<String> jarNames(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).toList();
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
