package io.emojireactions.apps.simulate.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.core.ReactionParser;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * POSTs reactions to the ingest from {@code concurrency} worker threads (blocking sends on
 * kept-alive connections); 503 and 429 answers are retried after {@code Retry-After}.
 *
 * <p>A record larger than the server's {@code max_record_bytes} (read from {@code GET /} at
 * start; the parser's default when that fails) goes on a connection of its own: the server answers
 * it 413 with {@code Connection: close}, and the JDK client can race that close with its next
 * request on a pooled connection (the request then fails with an IOException instead of being
 * answered).
 */
public final class HttpTarget implements ReactionTarget {

  private static final int RETRIES = 5;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = newClient();
  private final URI uri;
  private final int maxRecordBytes;
  private final String token;
  private final int concurrency;
  private final Semaphore inFlight;
  private final ExecutorService workers;

  public HttpTarget(URI baseUrl, int concurrency, String bearerToken) {
    if (concurrency < 1) {
      throw new IllegalArgumentException("concurrency must be >= 1, but was " + concurrency);
    }
    String base = baseUrl.toString();
    this.uri = URI.create(base.endsWith("/") ? base + "emoji" : base + "/emoji");
    this.maxRecordBytes = serverRecordLimit(URI.create(base.endsWith("/") ? base : base + "/"));
    this.token = bearerToken;
    this.concurrency = concurrency;
    this.inFlight = new Semaphore(concurrency);
    this.workers = Executors.newFixedThreadPool(concurrency, r -> {
      Thread t = new Thread(r, "emoji-simulate-http");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void send(byte[] value, Consumer<Outcome> done) throws InterruptedException {
    inFlight.acquire();
    try {
      workers.execute(() -> {
        try {
          done.accept(attempt(value));
        } finally {
          inFlight.release(); // after the outcome is recorded: flush() returns only once all are
        }
      });
    } catch (RuntimeException e) {
      inFlight.release();
      done.accept(new Outcome(Status.FAILED, e.toString()));
    }
  }

  /** The server's record size limit from {@code GET /}, or the parser's default. */
  private int serverRecordLimit(URI info) {
    try {
      HttpResponse<String> resp = http.send(HttpRequest.newBuilder(info).timeout(Duration.ofSeconds(5)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      JsonNode limit = JSON.readTree(resp.body()).get("max_record_bytes");
      if (resp.statusCode() == 200 && limit != null && limit.canConvertToInt() && limit.asInt() > 0) {
        return limit.asInt();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      // not reachable yet, or not our ingest: the sends will say so; the default limit serves
    }
    return ReactionParser.Config.defaults().maxRecordBytes();
  }

  /** The size limit in use: records above it go on a connection of their own. */
  public int maxRecordBytes() {
    return maxRecordBytes;
  }

  private Outcome attempt(byte[] value) {
    // A fresh client per oversized record: its one connection is closed by the 413 and reused by nobody.
    HttpClient client = value.length > maxRecordBytes ? newClient() : http;
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(value));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    HttpRequest request = b.build();
    try {
      for (int tries = 0; ; tries++) {
        HttpResponse<String> resp = client.send(request, HttpResponse.BodyHandlers.ofString());
        int status = resp.statusCode();
        if (status == 200) {
          return Outcome.ACCEPTED;
        }
        if ((status == 503 || status == 429) && tries < RETRIES) {
          long wait = Math.min(5, resp.headers().firstValueAsLong("Retry-After").orElse(1));
          TimeUnit.SECONDS.sleep(wait);
          continue;
        }
        String reason = reasonOf(resp.body());
        return status == 400 || status == 413 ? new Outcome(Status.REJECTED, reason) : new Outcome(Status.FAILED, "HTTP " + status + " " + reason);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(Status.FAILED, "interrupted");
    } catch (ConnectException | HttpConnectTimeoutException e) {
      return new Outcome(Status.FAILED, e.toString()); // no connection: nothing was sent
    } catch (IOException e) {
      // The request may have reached the server and been accepted; only its answer is missing.
      // JDK 17's HttpClient loses answers this way on reused keep-alive connections now and then
      // (JDK-8338569: "HTTP/1.1 header parser received no bytes"). Sending it again could count
      // it twice, so it is reported as unknown, never retried.
      return new Outcome(Status.UNKNOWN, e.toString());
    } catch (Exception e) {
      return new Outcome(Status.FAILED, e.toString());
    }
  }

  private static HttpClient newClient() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();
  }

  private static String reasonOf(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      // Our ingest's code is "reason"; the Python ingest answers only "error".
      return n.hasNonNull("reason") ? n.get("reason").asText() : n.hasNonNull("error") ? n.get("error").asText() : body;
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
  public void close() {
    workers.shutdownNow();
  }
}
