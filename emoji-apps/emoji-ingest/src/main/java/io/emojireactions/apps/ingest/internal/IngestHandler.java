package io.emojireactions.apps.ingest.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.undertow.Handlers;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.RoutingHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import io.undertow.util.PathTemplateMatcher;
import org.xnio.ChannelListener;
import org.xnio.IoUtils;
import org.xnio.channels.StreamSourceChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The HTTP routes of the ingest. A {@code POST /emoji} with a declared length within the limit
 * runs on the I/O thread (non-blocking); everything else on worker threads (blocking I/O). One
 * instance serves all requests. Every rejection answers {@code {"error":…,"reason":REASON,"message":…}}:
 * {@code reason} is the machine-readable code (the core's reason codes for bad reactions, and
 * {@code TOO_LARGE}, {@code UNAUTHORIZED}, {@code RATE_LIMITED}, {@code BUFFER_FULL},
 * {@code SHUTTING_DOWN}, {@code NOT_FOUND}, {@code METHOD_NOT_ALLOWED} at the HTTP level), and
 * {@code error} repeats it, except for an invalid reaction on {@code POST /emoji}: there it is
 * {@value #INVALID_EMOJI_DATA}, the Python ingest's body, so that its clients read what they read
 * before.
 */
public final class IngestHandler implements HttpHandler {

  /** The Python ingest's {@code error} for an invalid reaction, which {@code POST /emoji} answers too. */
  public static final String INVALID_EMOJI_DATA = "Invalid emoji data";

  /** Errors listed one by one in a batch answer, at most (the counts cover them all). */
  static final int MAX_LISTED_ERRORS = 100;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpString RETRY_AFTER = new HttpString("Retry-After");

  private final IngestConfig config;
  private final ReactionParser parser;
  private final ReactionBuffer buffer;
  private final RecordSink sink;
  private final IngestMetrics metrics;
  private final UserRateLimiter rateLimiter; // null when off
  private final RoutingHandler routes;
  private volatile boolean accepting = true;

  public IngestHandler(
      IngestConfig config, ReactionBuffer buffer, RecordSink sink, IngestMetrics metrics, UserRateLimiter rateLimiter) {
    this.config = config;
    this.parser = ReactionParser.create(config.parser());
    this.buffer = buffer;
    this.sink = sink;
    this.metrics = metrics;
    this.rateLimiter = rateLimiter;
    this.routes = routes();
  }

  /** From now on every POST is answered 503 SHUTTING_DOWN. */
  public void stopAccepting() {
    accepting = false;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) throws Exception {
    if (exchange.isInIoThread()) {
      if (isSmallSingleReaction(exchange)) {
        postOneOnIoThread(exchange);
      } else {
        exchange.dispatch(this);
      }
      return;
    }
    exchange.startBlocking();
    routes.handleRequest(exchange);
  }

  /**
   * One route: its exact path (case and trailing slash count), the one method it answers (a GET
   * route answers HEAD too) and its handler, which runs on a worker thread with blocking I/O.
   */
  private record Route(String path, HttpString method, HttpHandler handler) {}

  /**
   * The routes: on a known path with another method the answer is 405 with an {@code Allow}
   * header naming the route's method, on an unknown path 404; both with our JSON error body,
   * not the router's own.
   */
  private RoutingHandler routes() {
    List<Route> table = List.of(
        new Route("/emoji", Methods.POST, this::postOne),
        new Route("/emojis", Methods.POST, this::postBatch),
        new Route("/health", Methods.GET, this::health),
        new Route("/metrics", Methods.GET,
            exchange -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.scrape())),
        new Route("/", Methods.GET, this::info));
    // No path parameters in the templates, so nothing to copy into the query parameters.
    RoutingHandler routing = Handlers.routing(false);
    PathTemplateMatcher<String> allowed = new PathTemplateMatcher<>();
    for (Route route : table) {
      routing.add(route.method(), route.path(), route.handler());
      if (Methods.GET.equals(route.method())) {
        routing.add(Methods.HEAD, route.path(), route.handler());
      }
      allowed.add(route.path(), route.method().toString());
    }
    // The same matcher as the router's, so the Allow header names the route the router found.
    routing.setInvalidMethodHandler(exchange -> methodNotAllowed(exchange, allowed.match(exchange.getRelativePath()).getValue()));
    routing.setFallbackHandler(exchange ->
        error(exchange, 404, "NOT_FOUND", "no route " + exchange.getRequestPath() + "; see GET / for the routes"));
    return routing;
  }

  /**
   * A {@code POST /emoji} whose declared length is within the record limit: the common case, and
   * cheap enough (a parse of a few hundred bytes and a buffer offer, no blocking call) to run on
   * the I/O thread. Measured: handing each one to a worker thread cost a thread wake-up and a
   * selector-key update per request, most of the time of a request on 2 cores.
   */
  private boolean isSmallSingleReaction(HttpServerExchange exchange) {
    long declared = exchange.getRequestContentLength();
    return declared >= 0 && declared <= config.parser().maxRecordBytes()
        && Methods.POST.equals(exchange.getRequestMethod()) && "/emoji".equals(exchange.getRequestPath());
  }

  private void postOneOnIoThread(HttpServerExchange exchange) {
    if (!admitted(exchange)) {
      return;
    }
    // The declared length is within the limit, so the whole body is read without a size check.
    new BodyReader(exchange, (int) exchange.getRequestContentLength()).start();
  }

  /**
   * Reads a body of declared length on the I/O thread straight into one array of that length,
   * then accepts it: one copy out of the connection's buffer. (Undertow's receiver copies byte by
   * byte into a stream and then copies that again.) When the body has not all arrived yet, the
   * rest is read from a read listener. An I/O error or an early end of the body means the client
   * is gone: the connection is closed without an answer.
   */
  private final class BodyReader implements ChannelListener<StreamSourceChannel> {
    private final HttpServerExchange exchange;
    private final ByteBuffer body;

    BodyReader(HttpServerExchange exchange, int length) {
      this.exchange = exchange;
      this.body = ByteBuffer.allocate(length);
    }

    void start() {
      StreamSourceChannel channel = exchange.getRequestChannel();
      if (channel == null) { // the body was taken already: cannot happen on this route
        exchange.endExchange();
        return;
      }
      int state = readAvailable(channel);
      if (state == MORE) {
        channel.getReadSetter().set(this);
        channel.resumeReads();
      } else {
        finish(state);
      }
    }

    @Override
    public void handleEvent(StreamSourceChannel channel) {
      int state = readAvailable(channel);
      if (state != MORE) {
        channel.getReadSetter().set(null);
        channel.suspendReads();
        // Outside the handler's call now: as Undertow's own receiver does, run the rest as a root
        // handler, so that an exception becomes a 500 rather than a request never answered.
        io.undertow.server.Connectors.executeRootHandler(ex -> finish(state), exchange);
      }
    }

    private static final int MORE = 0;
    private static final int COMPLETE = 1;
    private static final int GONE = 2;

    private int readAvailable(StreamSourceChannel channel) {
      try {
        while (body.hasRemaining()) {
          int n = channel.read(body);
          if (n == 0) {
            return MORE;
          }
          if (n < 0) {
            return GONE;
          }
        }
        return COMPLETE;
      } catch (IOException e) {
        return GONE;
      }
    }

    private void finish(int state) {
      if (state == COMPLETE) {
        acceptOne(exchange, body.array());
      } else {
        // Not endExchange(): that would answer the unanswered request 200 with an empty body.
        IoUtils.safeClose(exchange.getConnection());
      }
    }
  }

  private void postOne(HttpServerExchange exchange) throws IOException {
    if (!admitted(exchange)) {
      return;
    }
    int limit = config.parser().maxRecordBytes();
    byte[] body = readBody(exchange, limit);
    if (body == null) {
      metrics.rejected("TOO_LARGE", 1);
      closeAfterAnswer(exchange);
      error(exchange, 413, "TOO_LARGE", "the body is larger than " + limit + " bytes");
      return;
    }
    acceptOne(exchange, body);
  }

  /** Validates, rate-limits and buffers one reaction and answers; never blocks. */
  private void acceptOne(HttpServerExchange exchange, byte[] body) {
    ParseResult result = parser.parse(body);
    if (result instanceof ParseResult.Rejected r) {
      metrics.rejected(r.reason().name(), 1);
      error(exchange, 400, INVALID_EMOJI_DATA, r.reason().name(), r.message());
      return;
    }
    ParseResult.Valid valid = (ParseResult.Valid) result;
    if (rateLimiter != null && !rateLimiter.tryAcquire(valid.reaction().userId(), 1)) {
      metrics.rejected("RATE_LIMITED", 1);
      exchange.getResponseHeaders().put(RETRY_AFTER, "1");
      error(exchange, 429, "RATE_LIMITED", "user_id sends more than " + config.userRatePerSecond() + " reactions per second");
      return;
    }
    String id = newMessageId();
    if (!buffer.offer(new PendingRecord(id, body))) {
      bufferFull(exchange, 1);
      return;
    }
    metrics.accepted(1);
    exchange.setStatusCode(200);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "application/json");
    exchange.getResponseHeaders().put(Headers.CONTENT_LENGTH, RECEIVED_LENGTH);
    exchange.getResponseSender().send(ByteBuffer.wrap(received(id)));
  }

  private static final byte[] RECEIVED_HEAD = "{\"status\":\"Emoji received\",\"message_id\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RECEIVED_TAIL = "\"}".getBytes(StandardCharsets.US_ASCII);
  /** A message id is a UUID: 36 characters. */
  private static final int MESSAGE_ID_CHARS = 36;
  /** The length of every 200 answer of {@code POST /emoji}, given up front so the sender does not format it per request. */
  private static final String RECEIVED_LENGTH = String.valueOf(RECEIVED_HEAD.length + MESSAGE_ID_CHARS + RECEIVED_TAIL.length);

  /**
   * The 200 answer {@code {"status":"Emoji received","message_id":"<id>"}} as bytes, written
   * directly: the answer of nearly every request, so no string is built and encoded for it.
   * A UUID is ASCII and needs no JSON escaping.
   */
  static byte[] received(String messageId) {
    if (messageId.length() != MESSAGE_ID_CHARS) {
      throw new IllegalArgumentException("a message id has " + MESSAGE_ID_CHARS + " characters, not " + messageId.length());
    }
    byte[] out = new byte[RECEIVED_HEAD.length + MESSAGE_ID_CHARS + RECEIVED_TAIL.length];
    System.arraycopy(RECEIVED_HEAD, 0, out, 0, RECEIVED_HEAD.length);
    for (int i = 0; i < MESSAGE_ID_CHARS; i++) {
      out[RECEIVED_HEAD.length + i] = (byte) messageId.charAt(i);
    }
    System.arraycopy(RECEIVED_TAIL, 0, out, RECEIVED_HEAD.length + MESSAGE_ID_CHARS, RECEIVED_TAIL.length);
    return out;
  }

  /**
   * A random (version 4) UUID from {@link ThreadLocalRandom}: unique in practice (122 random bits)
   * and uncontended. {@link UUID#randomUUID()} draws from one shared SecureRandom, which the
   * profile of the ingest under load showed as its most contended lock; an id needs no
   * unpredictability.
   */
  static String newMessageId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    long msb = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lsb = (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb).toString();
  }

  private void postBatch(HttpServerExchange exchange) throws IOException {
    if (!admitted(exchange)) {
      return;
    }
    byte[] body = readBody(exchange, config.maxBatchBytes());
    if (body == null) {
      metrics.rejected("TOO_LARGE", 1);
      closeAfterAnswer(exchange);
      error(exchange, 413, "TOO_LARGE", "the batch body is larger than " + config.maxBatchBytes() + " bytes");
      return;
    }
    List<byte[]> items;
    try {
      items = BatchBody.split(body);
    } catch (BatchBody.MalformedBatchException e) {
      metrics.rejected("MALFORMED_JSON", 1);
      error(exchange, 400, "MALFORMED_JSON", e.getMessage());
      return;
    }
    if (items.size() > buffer.capacity()) {
      metrics.rejected("TOO_LARGE", items.size());
      error(exchange, 413, "TOO_LARGE", "the batch has " + items.size() + " records; at most " + buffer.capacity() + " fit the buffer");
      return;
    }
    String batchId = newMessageId();
    List<PendingRecord> accepted = new ArrayList<>(items.size());
    Map<String, Integer> byReason = new TreeMap<>();
    ArrayNode errors = JSON.createArrayNode();
    for (int i = 0; i < items.size(); i++) {
      ParseResult result = parser.parse(items.get(i));
      String reason = null;
      String message = null;
      if (result instanceof ParseResult.Rejected r) {
        reason = r.reason().name();
        message = r.message();
      } else if (rateLimiter != null
          && !rateLimiter.tryAcquire(((ParseResult.Valid) result).reaction().userId(), 1)) {
        reason = "RATE_LIMITED";
        message = "user_id sends more than " + config.userRatePerSecond() + " reactions per second";
      }
      if (reason == null) {
        accepted.add(new PendingRecord(batchId + "-" + i, items.get(i)));
      } else {
        byReason.merge(reason, 1, Integer::sum);
        if (errors.size() < MAX_LISTED_ERRORS) {
          errors.addObject().put("index", i).put("error", reason).put("reason", reason).put("message", message);
        }
      }
    }
    // All or nothing: a client retrying after 503 then never duplicates part of a batch.
    if (!buffer.offerAll(accepted)) {
      bufferFull(exchange, accepted.size());
      return;
    }
    metrics.accepted(accepted.size());
    byReason.forEach((reason, n) -> metrics.rejected(reason, n));
    ObjectNode answer = JSON.createObjectNode();
    answer.put("status", "Emojis received");
    answer.put("batch_id", batchId);
    answer.put("accepted", accepted.size());
    answer.put("rejected", items.size() - accepted.size());
    ObjectNode reasons = answer.putObject("rejected_by_reason");
    byReason.forEach(reasons::put);
    answer.set("errors", errors);
    sendJson(exchange, 200, answer);
  }

  /** Shutdown and token checks shared by both POST routes; false when already answered. */
  private boolean admitted(HttpServerExchange exchange) {
    if (!accepting) {
      exchange.getResponseHeaders().put(RETRY_AFTER, "1");
      error(exchange, 503, "SHUTTING_DOWN", "the ingest is shutting down; send to another instance or retry");
      return false;
    }
    if (config.bearerToken() != null) {
      String auth = exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION);
      if (auth == null || !constantTimeEquals(auth, "Bearer " + config.bearerToken())) {
        metrics.rejected("UNAUTHORIZED", 1);
        exchange.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Bearer");
        error(exchange, 401, "UNAUTHORIZED", "send the header Authorization: Bearer <token>");
        return false;
      }
    }
    return true;
  }

  private void bufferFull(HttpServerExchange exchange, int n) {
    metrics.rejected("BUFFER_FULL", n);
    exchange.getResponseHeaders().put(RETRY_AFTER, "1");
    error(exchange, 503, "BUFFER_FULL", "the buffer to Kafka is full (" + buffer.capacity() + " reactions); retry after a second");
  }

  private void health(HttpServerExchange exchange) {
    boolean kafka = sink.reachable();
    int size = buffer.size();
    ObjectNode answer = JSON.createObjectNode();
    answer.put("status", kafka && accepting ? "UP" : "DOWN");
    answer.put("kafka", kafka ? "UP" : "DOWN");
    answer.put("accepting", accepting);
    answer.put("buffer_records", size);
    answer.put("buffer_capacity", buffer.capacity());
    answer.put("buffer_fill", (double) size / buffer.capacity());
    sendJson(exchange, kafka && accepting ? 200 : 503, answer);
  }

  private void info(HttpServerExchange exchange) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("service", "emoji-ingest");
    answer.put("topic", config.topic());
    answer.put("max_record_bytes", config.parser().maxRecordBytes());
    answer.put("max_batch_bytes", config.maxBatchBytes());
    answer.put("auth", config.bearerToken() != null ? "bearer" : "none");
    ObjectNode routes = answer.putObject("routes");
    routes.put("POST /emoji", "one reaction: {\"user_id\",\"emoji_type\",\"timestamp\"[,\"room\"]}");
    routes.put("POST /emojis", "a JSON array or NDJSON of reactions");
    routes.put("GET /health", "Kafka connectivity and buffer fill");
    routes.put("GET /metrics", "Prometheus metrics");
    sendJson(exchange, 200, answer);
  }

  /** How much of an oversized body is read and dropped before answering 413. */
  private static final long DRAIN_LIMIT_BYTES = 1 << 20;

  /** The body, or null when it is longer than {@code limit} bytes. */
  private static byte[] readBody(HttpServerExchange exchange, int limit) throws IOException {
    long declared = exchange.getRequestContentLength();
    InputStream in = exchange.getInputStream();
    if (declared > limit) {
      drain(in);
      return null;
    }
    byte[] buf = new byte[declared >= 0 ? (int) declared + 1 : Math.min(limit + 1, 8192)];
    int n = 0;
    while (true) {
      if (n == buf.length) {
        if (n > limit) {
          return null;
        }
        buf = Arrays.copyOf(buf, Math.min(limit + 1, buf.length * 2));
      }
      int r = in.read(buf, n, buf.length - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    if (n > limit) {
      drain(in);
      return null;
    }
    return Arrays.copyOf(buf, n);
  }

  /**
   * Reads and drops the rest of an oversized body, up to {@link #DRAIN_LIMIT_BYTES}. Closing a
   * connection with unread request bytes makes the kernel reset it, and the client then loses the
   * 413 answer itself; beyond the bound the reset is the lesser evil.
   */
  private static void drain(InputStream in) throws IOException {
    byte[] scratch = new byte[8192];
    long left = DRAIN_LIMIT_BYTES;
    while (left > 0) {
      int r = in.read(scratch, 0, (int) Math.min(scratch.length, left));
      if (r < 0) {
        return;
      }
      left -= r;
    }
  }

  /**
   * The rest of an oversized body is never read, so the connection cannot carry another request.
   * Saying so ({@code Connection: close}) stops a keep-alive client from sending its next request
   * on a connection the server is about to close (it would see no answer at all).
   */
  private static void closeAfterAnswer(HttpServerExchange exchange) {
    exchange.setPersistent(false);
    exchange.getResponseHeaders().put(Headers.CONNECTION, "close");
  }

  private static boolean constantTimeEquals(String a, String b) {
    return java.security.MessageDigest.isEqual(
        a.getBytes(java.nio.charset.StandardCharsets.UTF_8), b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  private static void methodNotAllowed(HttpServerExchange exchange, String allowed) {
    exchange.getResponseHeaders().put(Headers.ALLOW, allowed);
    error(exchange, 405, "METHOD_NOT_ALLOWED", "use " + allowed);
  }

  private static void error(HttpServerExchange exchange, int status, String reason, String message) {
    error(exchange, status, reason, reason, message);
  }

  private static void error(HttpServerExchange exchange, int status, String error, String reason, String message) {
    ObjectNode answer = JSON.createObjectNode();
    answer.put("error", error);
    answer.put("reason", reason);
    answer.put("message", message);
    sendJson(exchange, status, answer);
  }

  private static void sendJson(HttpServerExchange exchange, int status, ObjectNode body) {
    send(exchange, status, "application/json", body.toString());
  }

  private static void send(HttpServerExchange exchange, int status, String contentType, String body) {
    exchange.setStatusCode(status);
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, contentType);
    exchange.getResponseSender().send(body);
  }
}
