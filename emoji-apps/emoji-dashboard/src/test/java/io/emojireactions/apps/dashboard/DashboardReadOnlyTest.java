package io.emojireactions.apps.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The dashboard is read-only: every path answers GET/HEAD and refuses any other method with 405
 * and an Allow header. (Kafka is not needed for this: the subscriber only retries in the background.)
 */
class DashboardReadOnlyTest {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyPathRefusesWritesWith405AndStillServesReads() throws Exception {
    try (DashboardServer server = DashboardServer.start(
        DashboardServer.Config.builder().host("127.0.0.1").port(0).bootstrapServers("127.0.0.1:1").topic("emoji_cluster_1")
            .replay(Duration.ZERO).build())) {
      String base = "http://127.0.0.1:" + server.port();
      for (String path : List.of("/", "/index.html", "/api/state", "/health", "/events", "/emoji")) {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
          HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base + path))
              .method(method, HttpRequest.BodyPublishers.ofString("{\"room\":\"global\",\"reaction_count\":999}"))
              .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
          assertThat(r.statusCode()).as(method + " " + path).isEqualTo(405);
          assertThat(r.headers().firstValue("Allow")).as(method + " " + path).hasValue("GET, HEAD");
        }
      }
      HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/health")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(health.statusCode()).isEqualTo(200);
      HttpResponse<String> state = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/api/state")).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(state.statusCode()).isEqualTo(200);
      assertThat(state.body()).isEqualTo("[]"); // the refused POSTs wrote nothing
    }
  }
}
