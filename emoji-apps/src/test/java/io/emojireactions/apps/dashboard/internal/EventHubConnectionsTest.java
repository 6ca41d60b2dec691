package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.testkit.Await;
import io.undertow.Handlers;
import io.undertow.Undertow;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * The hub behind a real Undertow SSE endpoint on loopback: browsers that leave while updates are
 * being broadcast must neither freeze the broadcast nor stay registered. (A close task that took
 * the hub's lock once deadlocked here: Undertow runs close tasks under the connection's monitor,
 * which a broadcast holding the hub's lock was waiting for.)
 */
class EventHubConnectionsTest {

  private static final int CLIENTS = 200;
  private static final int ROUNDS = 3;

  @Test
  @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD) // a deadlock would block even the polls
  void browsersLeavingMidBroadcastNeitherFreezeTheBroadcastNorStayRegistered() throws Exception {
    EventHub hub = new EventHub(1_000, 120_000);
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(Handlers.serverSentEvents(hub)).build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    AtomicLong broadcasts = new AtomicLong();
    try {
      for (int round = 0; round < ROUNDS; round++) {
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
          clients.add(connect(port));
        }
        Await.until("all " + CLIENTS + " streams registered", Duration.ofSeconds(30), () -> hub.connections() == CLIENTS);

        long base = round * 1_000_000L;
        Thread broadcaster = new Thread(() -> {
          for (long n = 1; n <= 2_000; n++) { // bounded: 2,000 updates per round
            hub.accept(new WindowedCount("global", new TimeWindow(0, 2_000), "😂", base + n, base + n, false));
            broadcasts.incrementAndGet();
          }
        }, "broadcaster");
        broadcaster.setDaemon(true);
        broadcaster.start();
        for (Socket s : clients) {
          s.setSoLinger(true, 0); // leave abruptly (RST), as a closed tab does
          s.close();
        }
        long expected = (round + 1) * 2_000L;
        Await.until("broadcast round " + round + " finished", Duration.ofSeconds(60), () -> broadcasts.get() == expected);
        broadcaster.join(Duration.ofSeconds(10).toMillis());
        assertThat(broadcaster.isAlive()).as("broadcaster ended").isFalse();
        Await.until("every leaving stream unregistered", Duration.ofSeconds(30), () -> hub.connections() == 0);
      }
      // The hub still serves: a new browser gets the latest count.
      try (Socket late = connect(port)) {
        String head = readUntil(late.getInputStream(), "data:");
        assertThat(head).contains("text/event-stream");
      }
      assertThat(hub.snapshot()).extracting(WindowedCount::reactionCount).containsExactly((ROUNDS - 1) * 1_000_000L + 2_000);
    } finally {
      hub.closeAll();
      server.stop();
    }
  }

  private static Socket connect(int port) throws Exception {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(30_000);
    OutputStream out = s.getOutputStream();
    out.write(("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return s;
  }

  private static String readUntil(InputStream in, String marker) throws Exception {
    StringBuilder text = new StringBuilder();
    byte[] buf = new byte[4096];
    while (text.indexOf(marker) < 0 && text.length() < 1_000_000) {
      int n = in.read(buf);
      if (n < 0) {
        break;
      }
      text.append(new String(buf, 0, n, StandardCharsets.UTF_8));
    }
    return text.toString();
  }
}
