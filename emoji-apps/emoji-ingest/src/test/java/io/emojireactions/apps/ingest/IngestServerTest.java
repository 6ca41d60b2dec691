package io.emojireactions.apps.ingest;

import io.emojireactions.testkit.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.testkit.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP contract of the ingest on a real server, with an in-memory sink instead of Kafka. */
class IngestServerTest {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID = "{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\"}";

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private final MemorySink sink = new MemorySink();
  private IngestServer server;

  /** Keeps every written record; can be held shut to play a stopped Kafka. */
  static final class MemorySink implements RecordSink {
    final List<PendingRecord> written = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch open = new CountDownLatch(1);
    volatile boolean gated;
    volatile boolean closed;

    @Override
    public List<PendingRecord> write(List<PendingRecord> batch) throws InterruptedException {
      if (gated) {
        open.await(30, TimeUnit.SECONDS);
      }
      written.addAll(batch);
      return List.of();
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private IngestServer start(IngestConfig config) {
    server = IngestServer.start(config.toBuilder().host("127.0.0.1").port(0).build(), sink, clock);
    return server;
  }

  @AfterEach
  void stop() {
    if (server != null) {
      sink.open.countDown();
      server.stop();
    }
  }

  private HttpResponse<String> post(String path, String body, String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  private static JsonNode json(HttpResponse<String> r) throws Exception {
    return JSON.readTree(r.body());
  }

  @Test
  void validReactionIsAnsweredLikeTheSeedAndForwardedByteForByteWithItsMessageId() throws Exception {
    start(IngestConfig.defaults());
    String spaced = "{ \"user_id\": \"u1\", \"emoji_type\": \"❤\", \"timestamp\": \"2025-10-29T22:31:00\", \"extra\": 1 }";
    HttpResponse<String> r = post("/emoji", spaced, "Content-Type", "application/json");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(json(r).get("status").asText()).isEqualTo("Emoji received");
    String id = json(r).get("message_id").asText();
    assertThat(id).isNotBlank();
    assertThat(sink.written).as("not flushed before the interval").isEmpty();

    clock.advance(Duration.ofMillis(500));
    Await.until("the flush", Duration.ofSeconds(10), () -> sink.written.size() == 1);
    assertThat(sink.written.get(0).messageId()).isEqualTo(id);
    assertThat(new String(sink.written.get(0).value(), StandardCharsets.UTF_8)).isEqualTo(spaced);
  }

  @Test
  void invalidReactionsAre400WithTheCoreReasonAndNothingIsForwarded() throws Exception {
    start(IngestConfig.defaults());
    assertThat(reject("{\"user_id\":\"u1\",\"emoji_type\":\"😂\"", 400)).isEqualTo("MALFORMED_JSON");
    assertThat(reject("{\"user_id\":\"u1\",\"timestamp\":\"2025-10-29T22:31:00\"}", 400)).isEqualTo("MISSING_FIELD");
    assertThat(reject("{\"user_id\":\"u1\",\"emoji_type\":\"hello\",\"timestamp\":\"2025-10-29T22:31:00\"}", 400)).isEqualTo("NOT_AN_EMOJI");
    assertThat(reject("{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"yesterday\"}", 400)).isEqualTo("BAD_TIMESTAMP");
    assertThat(reject("{\"user_id\":7,\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\"}", 400)).isEqualTo("BAD_FIELD_TYPE");
    String big = "{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\",\"pad\":\"" + "x".repeat(5000) + "\"}";
    assertThat(reject(big, 413)).isEqualTo("TOO_LARGE");

    server.stop();
    assertThat(sink.written).isEmpty();
    assertThat(server.metricsText())
        .contains("emoji_ingest_rejected_total{reason=\"MALFORMED_JSON\"} 1.0")
        .contains("emoji_ingest_rejected_total{reason=\"TOO_LARGE\"} 1.0")
        .contains("emoji_ingest_accepted_total 0.0");
  }

  @Test
  void aRoomTheRoomPolicyRefusesIs400RoomNotAllowedAndIsNotForwarded() throws Exception {
    IngestCommand flags = new IngestCommand();
    new picocli.CommandLine(flags).parseArgs("--bootstrap-servers", "unused:9092", "--rooms-allowed", "final, semi-final");
    start(flags.config());
    String inFinal = VALID.replace("}", ",\"room\":\"final\"}");
    String invented = VALID.replace("}", ",\"room\":\"room-829341\"}");

    assertThat(post("/emoji", inFinal).statusCode()).isEqualTo(200);
    HttpResponse<String> r = post("/emoji", invented);
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(json(r).get("reason").asText()).isEqualTo("ROOM_NOT_ALLOWED");
    assertThat(json(r).get("message").asText()).isEqualTo("room 'room-829341' is not one of the allowed rooms [final, semi-final]");
    assertThat(reject(VALID, 400)).as("no room is global, not in the list").isEqualTo("ROOM_NOT_ALLOWED");
    JsonNode batch = json(post("/emojis", "[" + inFinal + "," + invented + "," + invented + "]"));
    assertThat(batch.get("accepted").asInt()).isEqualTo(1);
    assertThat(batch.get("rejected_by_reason").get("ROOM_NOT_ALLOWED").asInt()).isEqualTo(2);

    server.stop();
    assertThat(sink.written).hasSize(2);
    assertThat(sink.written).allSatisfy(p -> assertThat(new String(p.value(), StandardCharsets.UTF_8)).isEqualTo(inFinal));
    assertThat(server.metricsText()).contains("emoji_ingest_rejected_total{reason=\"ROOM_NOT_ALLOWED\"} 4.0");
  }

  @Test
  void theRoomPatternComesFromTheEnvironmentAndABadOneNamesTheFlag() {
    IngestCommand fromEnv = new IngestCommand();
    io.emojireactions.apps.internal.CommandLines.configure(new picocli.CommandLine(fromEnv),
        java.util.Map.of("EMOJI_ROOM_PATTERN", "match-[0-9]+")).parseArgs("--bootstrap-servers", "unused:9092");
    assertThat(fromEnv.config().parser().roomPolicy()).isEqualTo(io.emojireactions.core.RoomPolicy.pattern("match-[0-9]+"));

    IngestCommand bad = new IngestCommand();
    new picocli.CommandLine(bad).parseArgs("--bootstrap-servers", "unused:9092", "--room-pattern", "(a)\\1");
    org.assertj.core.api.Assertions.assertThatThrownBy(bad::config)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("--room-pattern: roomPolicy pattern '(a)\\1' is not a valid RE2 expression: ");

    IngestCommand both = new IngestCommand();
    new picocli.CommandLine(both).parseArgs("--bootstrap-servers", "unused:9092", "--room-pattern", "a.*", "--rooms-allowed", "a");
    org.assertj.core.api.Assertions.assertThatThrownBy(both::config)
        .hasMessage("--rooms-allowed and --room-pattern exclude each other, but both were set: 'a' and 'a.*'");
  }

  /** The reason code of a rejected POST /emoji; an invalid reaction's "error" is the Python ingest's wording. */
  private String reject(String body, int status) throws Exception {
    HttpResponse<String> r = post("/emoji", body);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode answer = json(r);
    assertThat(answer.get("message").asText()).isNotBlank();
    String reason = answer.get("reason").asText();
    assertThat(answer.get("error").asText()).isEqualTo(status == 400 ? "Invalid emoji data" : reason);
    return reason;
  }

  @Test
  void batchOfArrayOrNdjsonCountsAcceptedAndRejectedByReasonAndForwardsOnlyTheValid() throws Exception {
    start(IngestConfig.defaults());
    String bad = "{\"user_id\":\"u2\",\"emoji_type\":\"x\",\"timestamp\":\"2025-10-29T22:31:00\"}";
    HttpResponse<String> r = post("/emojis", "[" + VALID + "," + bad + ", 5, " + VALID + "]");
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode a = json(r);
    assertThat(a.get("accepted").asInt()).isEqualTo(2);
    assertThat(a.get("rejected").asInt()).isEqualTo(2);
    assertThat(a.get("rejected_by_reason").get("NOT_AN_EMOJI").asInt()).isEqualTo(1);
    assertThat(a.get("rejected_by_reason").get("BAD_FIELD_TYPE").asInt()).isEqualTo(1);
    assertThat(a.get("errors").get(0).get("index").asInt()).isEqualTo(1);

    HttpResponse<String> n = post("/emojis", VALID + "\n" + bad + "\n\n" + VALID + "\n", "Content-Type", "application/x-ndjson");
    assertThat(json(n).get("accepted").asInt()).isEqualTo(2);
    assertThat(json(n).get("rejected").asInt()).isEqualTo(1);

    HttpResponse<String> broken = post("/emojis", "[" + VALID + ",");
    assertThat(broken.statusCode()).isEqualTo(400);
    assertThat(json(broken).get("reason").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(json(broken).get("error").asText()).isEqualTo("MALFORMED_JSON");
    assertThat(a.get("errors").get(0).get("reason").asText()).isEqualTo("NOT_AN_EMOJI");

    server.stop();
    assertThat(sink.written).hasSize(4);
    assertThat(sink.written).allSatisfy(p -> assertThat(new String(p.value(), StandardCharsets.UTF_8)).isEqualTo(VALID));
  }

  @Test
  void fullBufferIsAnswered503WithRetryAfterAndAcceptsAgainOnceKafkaCatchesUp() throws Exception {
    sink.gated = true; // a stopped Kafka: the first batch hangs in flight
    start(IngestConfig.builder().bufferCapacity(3).flushRecords(1).flushInterval(Duration.ofMillis(500)).build());
    for (int i = 0; i < 3; i++) {
      assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    }
    HttpResponse<String> full = post("/emoji", VALID);
    assertThat(full.statusCode()).isEqualTo(503);
    assertThat(full.headers().firstValue("Retry-After")).contains("1");
    assertThat(json(full).get("error").asText()).isEqualTo("BUFFER_FULL");
    assertThat(post("/emojis", VALID).statusCode()).isEqualTo(503);
    JsonNode health = json(get("/health"));
    assertThat(health.get("buffer_records").asInt()).isEqualTo(3);
    assertThat(health.get("buffer_fill").asDouble()).isEqualTo(1.0);

    sink.open.countDown();
    Await.until("the buffer to drain", Duration.ofSeconds(10), () -> server.buffered() == 0);
    assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    server.stop();
    assertThat(sink.written).hasSize(4);
  }

  @Test
  void bearerTokenIsRequiredOnPostsWhenConfigured() throws Exception {
    start(IngestConfig.builder().bearerToken("s3cret").build());
    HttpResponse<String> none = post("/emoji", VALID);
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).get("error").asText()).isEqualTo("UNAUTHORIZED");
    assertThat(post("/emoji", VALID, "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
    assertThat(post("/emoji", VALID, "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
    assertThat(get("/health").statusCode()).isEqualTo(200);
  }

  @Test
  void perUserRateLimitAnswers429UntilTheClockRefills() throws Exception {
    start(IngestConfig.builder().userRatePerSecond(2).build());
    assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    HttpResponse<String> limited = post("/emoji", VALID);
    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(json(limited).get("error").asText()).isEqualTo("RATE_LIMITED");
    assertThat(post("/emoji", VALID.replace("u1", "u2")).statusCode()).isEqualTo(200);
    clock.advance(Duration.ofMillis(500));
    assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
  }

  @Test
  void stopWritesOutTheBufferRefusesNewPostsAndClosesTheSink() throws Exception {
    start(IngestConfig.defaults());
    for (int i = 0; i < 5; i++) {
      assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    }
    assertThat(sink.written).isEmpty();
    assertThat(server.stop()).isZero();
    assertThat(sink.written).hasSize(5);
    assertThat(sink.closed).isTrue();
  }

  @Test
  void infoMetricsAndUnknownRoutes() throws Exception {
    start(IngestConfig.defaults());
    post("/emoji", VALID);
    assertThat(json(get("/")).get("service").asText()).isEqualTo("emoji-ingest");
    HttpResponse<String> metrics = get("/metrics");
    assertThat(metrics.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
    assertThat(metrics.body()).contains("emoji_ingest_accepted_total 1.0").contains("emoji_ingest_buffer_records 1.0")
        .contains("emoji_ingest_send_seconds");
    assertThat(get("/nope").statusCode()).isEqualTo(404);
    assertThat(get("/emoji").statusCode()).isEqualTo(405);
  }

  /** One HTTP/1.1 answer read off a raw socket: status line, headers (lower-case names), body of Content-Length bytes. */
  private record RawAnswer(String statusLine, java.util.Map<String, String> headers, String body) {
    static RawAnswer read(java.io.InputStream in) throws java.io.IOException {
      java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
      List<String> lines = new ArrayList<>();
      while (true) {
        int b = in.read();
        if (b < 0) {
          throw new java.io.EOFException("connection closed in the headers: " + lines);
        }
        if (b == '\n') {
          String l = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
          line.reset();
          if (l.isEmpty()) {
            break;
          }
          lines.add(l);
        } else {
          line.write(b);
        }
      }
      java.util.Map<String, String> headers = new java.util.HashMap<>();
      for (String h : lines.subList(1, lines.size())) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), h.substring(colon + 1).trim());
      }
      byte[] body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
      return new RawAnswer(lines.get(0), headers, new String(body, StandardCharsets.UTF_8));
    }
  }

  @Test
  void aBodyArrivingInPiecesIsReadWholeAndTheKeptAliveConnectionServesTheNextRequest() throws Exception {
    start(IngestConfig.defaults());
    byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
    byte[] head = ("POST /emoji HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      java.io.InputStream in = socket.getInputStream();
      out.write(head);
      out.write(body, 0, 20);
      out.flush();
      // A whole request on another connection meanwhile, so the server has most likely read the
      // first piece and waits for the rest (the answer must be the same either way).
      assertThat(get("/").statusCode()).isEqualTo(200);
      out.write(body, 20, body.length - 20);
      out.flush();
      RawAnswer first = RawAnswer.read(in);

      out.write(head);
      out.write(body);
      out.flush();
      RawAnswer second = RawAnswer.read(in);

      for (RawAnswer a : List.of(first, second)) {
        assertThat(a.statusLine()).isEqualTo("HTTP/1.1 200 OK");
        assertThat(a.headers()).containsEntry("content-type", "application/json").containsEntry("content-length", "79");
        assertThat(a.body()).matches("\\{\"status\":\"Emoji received\",\"message_id\":\"[0-9a-f-]{36}\"}");
      }
      String firstId = json(first.body()).get("message_id").asText();
      String secondId = json(second.body()).get("message_id").asText();
      assertThat(server.stop()).isZero();
      assertThat(sink.written).extracting(PendingRecord::messageId).containsExactly(firstId, secondId);
      assertThat(sink.written).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo(VALID));
    }
  }

  @Test
  void aClientClosingInTheMiddleOfItsBodyIsNotAnsweredNorBufferedAndTheServerServesOthers() throws Exception {
    start(IngestConfig.defaults());
    byte[] body = VALID.getBytes(StandardCharsets.UTF_8);
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(10_000);
      java.io.OutputStream out = socket.getOutputStream();
      out.write(("POST /emoji HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body, 0, 20);
      out.flush();
      socket.shutdownOutput();
      assertThat(new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1)).as("no answer, the connection is closed").isEmpty();
    }
    assertThat(post("/emoji", VALID).statusCode()).isEqualTo(200);
    assertThat(server.buffered()).as("only the whole reaction").isEqualTo(1);
    assertThat(get("/metrics").body()).contains("emoji_ingest_accepted_total 1.0");
  }

  private static JsonNode json(String body) throws Exception {
    return JSON.readTree(body);
  }
}
