package io.emojireactions.apps.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Which route answers which request: exact paths, one method each (GET routes also HEAD), and
 * our JSON error bodies for unknown paths (404) and other methods (405 with {@code Allow}).
 */
class IngestRoutesTest {

  private static final String VALID = "{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\"}";

  private final HttpClient http = HttpClient.newHttpClient();
  private IngestServer server;

  @BeforeEach
  void start() {
    server = IngestServer.start(IngestConfig.builder().host("127.0.0.1").port(0).build(), batch -> List.of(), Clock.systemUTC());
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build();
    return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  @Test
  void eachRouteAnswersItsMethodAndGetRoutesAlsoHead() throws Exception {
    assertThat(send("POST", "/emoji", VALID).body()).contains("\"status\":\"Emoji received\"");
    assertThat(send("POST", "/emojis", "[" + VALID + "]").body()).contains("\"accepted\":1");
    for (String path : List.of("/", "/health", "/metrics")) {
      assertThat(send("GET", path, null).statusCode()).as("GET " + path).isEqualTo(200);
      HttpResponse<String> head = send("HEAD", path, null);
      assertThat(head.statusCode()).as("HEAD " + path).isEqualTo(200);
      assertThat(head.body()).isEmpty();
    }
    // The query string is not part of the path.
    assertThat(send("GET", "/health?verbose=1", null).statusCode()).isEqualTo(200);
  }

  @Test
  void anotherMethodOnAKnownPathIs405WithAllowAndOurErrorBody() throws Exception {
    for (String path : List.of("/emoji", "/emojis")) {
      for (String method : List.of("GET", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH")) {
        HttpResponse<String> r = send(method, path, null);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue("POST");
        if (!method.equals("HEAD")) {
          assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
          assertThat(r.body()).isEqualTo("{\"error\":\"METHOD_NOT_ALLOWED\",\"reason\":\"METHOD_NOT_ALLOWED\",\"message\":\"use POST\"}");
        }
      }
    }
    for (String path : List.of("/", "/health", "/metrics")) {
      for (String method : List.of("POST", "PUT", "DELETE", "OPTIONS", "PATCH")) {
        HttpResponse<String> r = send(method, path, method.equals("POST") ? VALID : null);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
        assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET");
        assertThat(r.body()).isEqualTo("{\"error\":\"METHOD_NOT_ALLOWED\",\"reason\":\"METHOD_NOT_ALLOWED\",\"message\":\"use GET\"}");
      }
    }
  }

  @Test
  void anUnknownPathIs404WithOurErrorBodyWhateverTheMethod() throws Exception {
    // Paths match exactly: no trailing slash, no other case, no extra segment, no doubled slash.
    for (String path : List.of("/nope", "/emoji/", "/health/", "/Health", "/emoji/x", "/metrics/", "//health")) {
      for (String method : List.of("GET", "POST", "PUT")) {
        HttpResponse<String> r = send(method, path, method.equals("GET") ? null : VALID);
        assertThat(r.statusCode()).as(method + " " + path).isEqualTo(404);
        assertThat(r.headers().firstValue("Allow")).isEmpty();
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
        assertThat(r.body()).isEqualTo("{\"error\":\"NOT_FOUND\",\"reason\":\"NOT_FOUND\",\"message\":\"no route " + path + "; see GET / for the routes\"}");
      }
    }
  }
}
