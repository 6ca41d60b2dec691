package io.emojireactions.apps.simulate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.ReactionTarget;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** POSTs reactions to the ingest with bounded concurrency; 503 answers are retried. */
public final class HttpTarget implements ReactionTarget {

  private static final int RETRIES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  private final URI uri;
  private final String token;
  private final int concurrency;
  private final Semaphore inFlight;

  public HttpTarget(URI baseUrl, int concurrency, String bearerToken) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, but was " + concurrency);
    }
    String base = baseUrl.toString();
    this.uri = URI.create(base.endsWith("/") ? base + "emoji" : base + "/emoji");
    this.token = bearerToken;
    this.concurrency = concurrency;
    this.inFlight = new Semaphore(concurrency);
  }

  @Override
  public void send(byte[] value, Consumer<Outcome> done) throws InterruptedException {
    inFlight.acquire();
    attempt(value, 0).whenComplete((outcome, error) -> {
      inFlight.release();
      done.accept(error != null ? new Outcome(Status.FAILED, String.valueOf(error.getMessage())) : outcome);
    });
  }

  private CompletableFuture<Outcome> attempt(byte[] value, int tries) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(value));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenCompose(resp -> {
      int status = resp.statusCode();
      if (status == 200) {
        return CompletableFuture.completedFuture(Outcome.ACCEPTED);
      }
      if ((status == 503 || status == 429) && tries < RETRIES) {
        long wait = resp.headers().firstValueAsLong("Retry-After").orElse(1);
        Executor later = CompletableFuture.delayedExecutor(Math.min(wait, 5), TimeUnit.SECONDS);
        return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> attempt(value, tries + 1));
      }
      String reason = reasonOf(resp.body());
      if (status == 400 || status == 413) {
        return CompletableFuture.completedFuture(new Outcome(Status.REJECTED, reason));
      }
      return CompletableFuture.completedFuture(new Outcome(Status.FAILED, "HTTP " + status + " " + reason));
    });
  }

  private static String reasonOf(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n.hasNonNull("error") ? n.get("error").asText() : body;
    } catch (Exception e) {
      return body;
    }
  }

  @Override
  public void flush() throws InterruptedException {
    inFlight.acquire(concurrency);
    inFlight.release(concurrency);
  }

  @Override
  public void close() {}
}
