package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.internal.RoomCap;
import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.undertow.Undertow;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Timeout.ThreadMode;

/**
 * A browser that stops reading, behind a real Undertow endpoint on loopback: once more than the
 * bound of live updates waits for it, it is dropped from the broadcast and told to resync (no more
 * memory held for it), while a browser that keeps up gets every update; when the slow one reads
 * again it finds an unbroken prefix of the updates, then the {@code resync} event, then the end of
 * the stream, and resuming from its last id brings it to exactly the hub's state.
 */
class SlowBrowserTest {

  private static final long BOUND = 64 * 1024;
  private static final int COUNTS_PER_BATCH = 40;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One SSE message off the wire. */
  private record Sse(String event, String id, String data) {}

  @Test
  @Timeout(value = 180, threadMode = ThreadMode.SEPARATE_THREAD)
  void aStalledBrowserIsToldToResyncAndClosedWhileOthersGetEverything() throws Exception {
    EventHub hub = new EventHub(1_000, 600_000, SentimentLexicon.emojiSentimentRanking(), RoomCap.of(1_000_000), "e1");
    Undertow server = Undertow.builder().addHttpListener(0, "127.0.0.1")
        .setHandler(hub.endpoint(BOUND, Duration.ofSeconds(60))).build();
    server.start();
    int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
    try (Socket stalled = new Socket(); Socket healthy = new Socket()) {
      stalled.setReceiveBufferSize(4096); // before connecting: a small window, so the server's side fills sooner
      stalled.connect(new InetSocketAddress("127.0.0.1", port));
      request(stalled, null);
      healthy.connect(new InetSocketAddress("127.0.0.1", port));
      request(healthy, null);
      Await.until("both streams registered", Duration.ofSeconds(30), () -> hub.connections() == 2);

      // The healthy browser reads on its own thread; the broadcast waits for it after each batch,
      // so it never falls behind, whatever the machine's speed.
      List<Sse> healthyGot = new ArrayList<>();
      AtomicReference<String> healthyLastId = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        try {
          readEvents(healthy.getInputStream(), m -> {
            synchronized (healthyGot) {
              healthyGot.add(m);
            }
            if (m.id() != null) {
              healthyLastId.set(m.id());
            }
          });
        } catch (Exception e) {
          // the stream ends when the test closes it
        }
      }, "healthy-browser");
      reader.setDaemon(true);
      reader.start();

      int batches = 0;
      int key = 0;
      // Bounded: at most 4,000 batches of ~10 KB (40 MB), far beyond loopback's socket buffers.
      while (hub.resyncedStreams() == 0 && batches < 4_000) {
        List<WindowedCount> batch = new ArrayList<>();
        for (int i = 0; i < COUNTS_PER_BATCH; i++) {
          batch.add(count(key++));
        }
        hub.acceptCounts(batch);
        batches++;
        String id = "e1-" + hub.lastEventId();
        Await.until("the healthy browser got " + id, Duration.ofSeconds(30), () -> id.equals(healthyLastId.get()));
      }
      assertThat(hub.resyncedStreams()).as("the stalled browser was told to resync").isEqualTo(1);
      assertThat(hub.connections()).as("the stalled browser gets no further broadcast").isEqualTo(1);

      // Updates go on: the healthy browser gets each, in order.
      for (int n = 0; n < 50; n++) {
        hub.acceptCounts(List.of(count(key++)));
        batches++;
      }
      String last = "e1-" + hub.lastEventId();
      Await.until("the healthy browser got " + last, Duration.ofSeconds(30), () -> last.equals(healthyLastId.get()));
      List<String> healthyIds;
      synchronized (healthyGot) {
        healthyIds = healthyGot.stream().map(Sse::id).filter(id -> id != null).toList();
      }
      assertThat(healthyIds).as("every batch, once, in order").hasSize(batches);
      for (int b = 0; b < batches; b++) {
        long seq = b < batches - 50 ? (long) (b + 1) * COUNTS_PER_BATCH : (long) (batches - 50) * COUNTS_PER_BATCH + (b - (batches - 50)) + 1;
        assertThat(healthyIds.get(b)).isEqualTo("e1-" + seq);
      }

      // The stalled browser reads again: a prefix of the updates without a gap, the resync event, the end.
      List<Sse> stalledGot = new ArrayList<>();
      readEvents(stalled.getInputStream(), stalledGot::add);
      assertThat(stalledGot).isNotEmpty();
      assertThat(stalledGot.get(stalledGot.size() - 1).event()).isEqualTo(SseStream.RESYNC_EVENT);
      assertThat(stalledGot.get(stalledGot.size() - 1).data()).contains("\"reason\":\"SLOW_CLIENT\"");
      List<Sse> updates = stalledGot.subList(0, stalledGot.size() - 1);
      assertThat(updates).extracting(Sse::event).containsOnly("updates");
      assertThat(updates.size()).as("fewer than were sent: it fell behind").isLessThan(batches - 50);
      for (int b = 0; b < updates.size(); b++) {
        assertThat(updates.get(b).id()).isEqualTo("e1-" + (long) (b + 1) * COUNTS_PER_BATCH);
      }

      // It reconnects with its last id and gets exactly what it missed: it then holds the hub's state.
      Map<WindowedCount.Key, WindowedCount> state = new HashMap<>();
      updates.forEach(m -> merge(state, m));
      try (Socket again = new Socket("127.0.0.1", port)) {
        request(again, updates.isEmpty() ? null : updates.get(updates.size() - 1).id());
        long target = hub.lastEventId();
        readEvents(again.getInputStream(), m -> {
          merge(state, m);
          if (("e1-" + target).equals(m.id())) {
            throw new StopReading();
          }
        });
      } catch (StopReading expected) {
        // read up to the last change
      }
      assertThat(state.values()).containsExactlyInAnyOrderElementsOf(hub.snapshot());
    } finally {
      hub.closeAll();
      server.stop();
    }
  }

  private static final class StopReading extends RuntimeException {
    StopReading() {
      super(null, null, false, false);
    }
  }

  private static WindowedCount count(int key) {
    return new WindowedCount("room-" + key, new TimeWindow(0, 2_000), "😂", key + 1, key + 1, false);
  }

  private static void merge(Map<WindowedCount.Key, WindowedCount> state, Sse m) {
    if (!"updates".equals(m.event())) {
      return;
    }
    try {
      for (JsonNode c : JSON.readTree(m.data()).get("counts")) {
        WindowedCount wc = WindowedCountJson.fromJson(c.toString());
        state.merge(wc.key(), wc, WindowedCount::mergeMax);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private static void request(Socket s, String lastEventId) throws Exception {
    s.setSoTimeout(60_000);
    String head = "GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
        + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n") + "\r\n";
    s.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  /** Reads the response's header, then SSE messages to the end of the stream (the response is not chunked). */
  private static void readEvents(InputStream in, java.util.function.Consumer<Sse> sink) throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    boolean inHeader = true;
    String event = "message";
    String id = null;
    StringBuilder data = null;
    byte[] buf = new byte[65_536];
    int n;
    while ((n = in.read(buf)) >= 0) {
      for (int i = 0; i < n; i++) {
        if (buf[i] != '\n') {
          line.write(buf[i]);
          continue;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
          text = text.substring(0, text.length() - 1);
        }
        if (inHeader) {
          if (text.startsWith("HTTP/")) {
            assertThat(text).startsWith("HTTP/1.1 200");
          }
          inHeader = !text.isEmpty();
        } else if (text.isEmpty()) {
          if (data != null) {
            sink.accept(new Sse(event, id, data.toString()));
          }
          event = "message";
          id = null;
          data = null;
        } else if (text.startsWith("event: ")) {
          event = text.substring(7);
        } else if (text.startsWith("id: ")) {
          id = text.substring(4);
        } else if (text.startsWith("data: ")) {
          data = (data == null ? new StringBuilder() : data.append('\n')).append(text.substring(6));
        }
      }
    }
  }
}
