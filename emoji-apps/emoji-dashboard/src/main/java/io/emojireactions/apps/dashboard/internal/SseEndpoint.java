package io.emojireactions.apps.dashboard.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import java.time.Duration;

/**
 * The {@code text/event-stream} endpoint: answers 200 with the stream's headers, then hands an
 * {@link SseStream} and the request's {@code Last-Event-ID} to the {@link Listener}. A HEAD request
 * gets the headers only. The response is not persistent (the stream ends with the connection), so
 * its body is the events themselves, without chunk framing.
 */
public final class SseEndpoint implements HttpHandler {

  /** Takes each new stream. */
  interface Listener {
    /** A browser connected; {@code lastEventId} is null when it sent none. Called on the connection's I/O thread. */
    void connected(SseStream stream, String lastEventId);
  }

  private static final HttpString LAST_EVENT_ID = new HttpString("Last-Event-ID");

  private final Listener listener;
  private final long maxLiveBytes;
  private final Duration closeGrace;

  /**
   * @param maxLiveBytes the live bytes that may wait for one browser (see {@link SseStream})
   * @param closeGrace how long a browser that fell behind has to read its resync event
   */
  SseEndpoint(Listener listener, long maxLiveBytes, Duration closeGrace) {
    this.listener = listener;
    this.maxLiveBytes = maxLiveBytes;
    this.closeGrace = closeGrace;
  }

  @Override
  public void handleRequest(HttpServerExchange exchange) {
    exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/event-stream; charset=UTF-8");
    exchange.getResponseHeaders().put(Headers.CACHE_CONTROL, "no-cache");
    if (exchange.getRequestMethod().equals(Methods.HEAD)) {
      exchange.endExchange();
      return;
    }
    exchange.setPersistent(false);
    String lastEventId = exchange.getRequestHeaders().getFirst(LAST_EVENT_ID);
    // Dispatched, so that the exchange outlives this call; the stream then writes on this I/O thread.
    exchange.dispatch(exchange.getIoThread(), () -> listener.connected(new SseStream(exchange, maxLiveBytes, closeGrace), lastEventId));
  }
}
