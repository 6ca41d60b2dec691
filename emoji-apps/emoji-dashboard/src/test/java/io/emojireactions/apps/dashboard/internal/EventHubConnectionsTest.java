package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.undertow.Undertow;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout.ThreadMode;
import org.junit.jupiter.api.Timeout;

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
        .setHandler(hub.endpoint(1L << 30, Duration.ofSeconds(10))).build();
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

  /** One SSE message as read off the wire. */
  private record Sse(String event, String id, String data) {}

  /** Reads SSE messages off a real stream (chunked HTTP decoded by the JDK's client). */
  private static final class SseStream implements AutoCloseable {
    private final Stream<String> lines;
    private final Iterator<String> it;

    SseStream(int port, String lastEventId) throws Exception {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).timeout(Duration.ofSeconds(20));
      if (lastEventId != null) {
        b.header("Last-Event-ID", lastEventId);
      }
      this.lines = HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofLines()).body();
      this.it = lines.iterator();
    }

    /** The next message with data (a retry-only message is skipped). */
    Sse next() {
      while (true) {
        String event = "message";
        String id = null;
        StringBuilder data = null;
        String line;
        while (!(line = it.next()).isEmpty()) {
          if (line.startsWith("event:")) {
            event = line.substring(6).trim();
          } else if (line.startsWith("id:")) {
            id = line.substring(3).trim();
          } else if (line.startsWith("data:")) {
            data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).stripLeading());
          }
        }
        if (data != null) {
          return new Sse(event, id, data.toString());
        }
      }
    }

    @Override
    public void close() {
      lines.close();
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static List<WindowedCount> counts(Sse m) throws Exception {
    List<WindowedCount> out = new ArrayList<>();
    for (JsonNode c : JSON.readTree(m.data()).get("counts")) {
      out.add(WindowedCountJson.fromJson(c.toString()));
    }
    return out;
  }

  private static int sentimentCount(Sse m) throws Exception {
    return JSON.readTree(m.data()).get("sentiments").size();
  }

  private static WindowedCount wc(String room, String emoji, long n) {
    return new WindowedCount(room, new TimeWindow(0, 2_000), emoji, n, n, false);
  }

  @Test
  @Timeout(value = 120, threadMode = ThreadMode.SEPARATE_THREAD)
  void eachBatchReachesAStreamAsOneMessageAndAResumeGetsExactlyWhatItMissed() throws Exception {
    EventHub hub = new EventHub(1_000, 120_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000), "e1");
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1").setHandler(hub.endpoint(1L << 30, Duration.ofSeconds(10))).build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    try {
      hub.acceptCounts(List.of(wc("a", "😂", 1), wc("a", "😂", 2), wc("b", "🔥", 1))); // ids 1..3
      try (SseStream live = new SseStream(port, null)) {
        Sse first = live.next();
        assertThat(first.event()).isEqualTo("updates");
        assertThat(first.id()).isEqualTo("e1-3");
        assertThat(counts(first)).containsExactly(wc("a", "😂", 2), wc("b", "🔥", 1));
        Await.until("the stream registered", Duration.ofSeconds(30), () -> hub.connections() == 1);

        // A batch: 😂 twice (one message entry, latest), 🔥 unchanged, a new 👍 in room a: ids 4..6.
        hub.acceptCounts(List.of(wc("a", "😂", 5), wc("b", "🔥", 1), wc("a", "👍", 1), wc("a", "😂", 7)));
        Sse batch = live.next();
        assertThat(batch.event()).isEqualTo("updates");
        assertThat(batch.id()).isEqualTo("e1-6");
        assertThat(counts(batch)).containsExactly(wc("a", "👍", 1), wc("a", "😂", 7));
        assertThat(sentimentCount(batch)).as("room a's window once, room b's untouched").isEqualTo(1);
        assertThat(JSON.readTree(batch.data()).get("sentiments").get(0).get("reactions").asLong()).isEqualTo(8);

        hub.acceptCounts(List.of(wc("b", "🔥", 3))); // id 7: the live stream gets it next, nothing else between
        Sse next = live.next();
        assertThat(next.id()).isEqualTo("e1-7");
        assertThat(counts(next)).containsExactly(wc("b", "🔥", 3));
      }
      // A browser that saw id 3 resumes with exactly what it missed, each key once.
      try (SseStream resumed = new SseStream(port, "e1-3")) {
        Sse m = resumed.next();
        assertThat(m.id()).isEqualTo("e1-7");
        assertThat(counts(m)).containsExactly(wc("a", "👍", 1), wc("a", "😂", 7), wc("b", "🔥", 3));
      }
      // One that saw everything gets no counts and no id, only the windows' sentiments.
      try (SseStream upToDate = new SseStream(port, "e1-7")) {
        Sse m = upToDate.next();
        assertThat(m.id()).isNull();
        assertThat(counts(m)).isEmpty();
        assertThat(sentimentCount(m)).isEqualTo(2);
      }
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
