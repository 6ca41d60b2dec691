package io.emojireactions.apps.ingest;

import io.emojireactions.apps.ingest.internal.Flusher;
import io.emojireactions.apps.ingest.internal.IngestHandler;
import io.emojireactions.apps.ingest.internal.IngestMetrics;
import io.emojireactions.apps.ingest.internal.ReactionBuffer;
import io.emojireactions.apps.ingest.internal.UserRateLimiter;
import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.server.handlers.GracefulShutdownHandler;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xnio.Options;

/**
 * The HTTP ingest: validates reactions with the core parser and hands the valid ones, byte for
 * byte, to a {@link RecordSink} (Kafka) through a bounded buffer flushed every {@code
 * flushInterval} or {@code flushRecords} reactions, whichever comes first.
 *
 * <p>Routes: {@code POST /emoji} (one reaction; 200 {@code {"status":"Emoji received",
 * "message_id":…}}, 400 {@code {"error":"Invalid emoji data","reason":REASON,"message":…}}, 413 too large, 401, 429, 503 with
 * {@code Retry-After} when the buffer is full), {@code POST /emojis} (JSON array or NDJSON;
 * accepted/rejected counts and reasons), {@code GET /health}, {@code GET /metrics} (Prometheus),
 * {@code GET /} (service info).
 *
 * <p>Guarantee: a reaction answered 200 is in the buffer; {@link #close()} stops accepting,
 * waits for requests in flight, writes everything buffered, then closes the sink. So a clean
 * stop (SIGTERM) loses nothing answered 200. Built on Undertow core (no servlet, no Netty: both
 * would clash with Spark's on the same classpath). Thread-safe.
 */
public final class IngestServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(IngestServer.class);

  /**
   * Slow clients (slowloris): a request's headers must have arrived this long after its first
   * byte, else the connection is closed. Headers are parsed on the I/O threads, so until then a
   * slow client holds no worker thread.
   */
  public static final Duration REQUEST_PARSE_TIMEOUT = Duration.ofSeconds(10);

  /** A kept-alive connection with no new request is closed after this long. */
  public static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

  /** A read (e.g. of a body that stalls mid-way) that gets no byte for this long closes the connection. */
  public static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

  private final IngestConfig config;
  private final RecordSink sink;
  private final ReactionBuffer buffer;
  private final IngestMetrics metrics;
  private final Flusher flusher;
  private final IngestHandler handler;
  private final GracefulShutdownHandler graceful;
  private final Undertow undertow;
  private final int port;
  private boolean closed;

  private IngestServer(IngestConfig config, RecordSink sink, Clock clock) {
    this.config = config;
    this.sink = sink;
    this.buffer = new ReactionBuffer(config.bufferCapacity(), config.flushRecords(), config.flushInterval().toMillis(), clock);
    this.metrics = new IngestMetrics(buffer);
    this.flusher = new Flusher(buffer, sink, metrics);
    UserRateLimiter limiter = config.userRatePerSecond() > 0 ? new UserRateLimiter(config.userRatePerSecond(), clock) : null;
    this.handler = new IngestHandler(config, buffer, sink, metrics, limiter);
    this.graceful = Handlers.gracefulShutdown(handler);
    this.undertow = Undertow.builder()
        .addHttpListener(config.port(), config.host())
        .setWorkerThreads(Math.max(16, Runtime.getRuntime().availableProcessors() * 8))
        .setHandler(graceful)
        .setServerOption(UndertowOptions.REQUEST_PARSE_TIMEOUT, (int) REQUEST_PARSE_TIMEOUT.toMillis())
        .setServerOption(UndertowOptions.NO_REQUEST_TIMEOUT, (int) IDLE_TIMEOUT.toMillis())
        .setSocketOption(Options.READ_TIMEOUT, (int) READ_TIMEOUT.toMillis())
        .build();
    flusher.start();
    try {
      undertow.start();
    } catch (RuntimeException e) {
      flusher.stopAndDrain(Duration.ZERO);
      throw new IllegalStateException("cannot listen on " + config.host() + ":" + config.port() + ": " + e.getMessage(), e);
    }
    this.port = ((InetSocketAddress) undertow.getListenerInfo().get(0).getAddress()).getPort();
  }

  /** Starts a server writing to Kafka at {@code bootstrapServers}, topic {@link IngestConfig#topic()}. */
  public static IngestServer start(IngestConfig config, String bootstrapServers) {
    return start(config, io.emojireactions.pubsub.KafkaConnection.of(bootstrapServers));
  }

  /** Starts a server writing to Kafka by {@code kafka} (servers and client settings), topic {@link IngestConfig#topic()}. */
  public static IngestServer start(IngestConfig config, io.emojireactions.pubsub.KafkaConnection kafka) {
    RecordSink sink = RecordSink.kafka(kafka, config.topic());
    try {
      return start(config, sink, Clock.systemUTC());
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
  }

  /**
   * Starts a server writing to {@code sink}; {@code clock} drives the flush interval and the rate
   * limit. The server owns the sink and closes it.
   */
  public static IngestServer start(IngestConfig config, RecordSink sink, Clock clock) {
    return new IngestServer(Objects.requireNonNull(config, "config"), Objects.requireNonNull(sink, "sink"), Objects.requireNonNull(clock, "clock"));
  }

  /** The port listened on (the chosen one when the config said 0). */
  public int port() {
    return port;
  }

  public IngestConfig config() {
    return config;
  }

  /** Reactions accepted and not yet written. */
  public int buffered() {
    return buffer.size();
  }

  /** The Prometheus text of {@code GET /metrics}. */
  public String metricsText() {
    return metrics.scrape();
  }

  /**
   * Graceful stop: new POSTs get 503, requests in flight finish, the buffer is written out (up to
   * {@link IngestConfig#shutdownTimeout()}), the sink is closed. Idempotent.
   *
   * @return reactions answered 200 that could not be written in time (0 on a clean stop)
   */
  public synchronized int stop() {
    if (closed) {
      return 0;
    }
    closed = true;
    handler.stopAccepting();
    graceful.shutdown();
    try {
      graceful.awaitShutdown(config.shutdownTimeout().toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    undertow.stop();
    int lost = flusher.stopAndDrain(config.shutdownTimeout());
    if (lost > 0) {
      LOG.error("{} accepted reactions could not be written to Kafka within {}", lost, config.shutdownTimeout());
    }
    sink.close();
    return lost;
  }

  @Override
  public void close() {
    stop();
  }
}
