package io.emojireactions.apps.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import io.emojireactions.apps.simulate.ReactionTarget.Outcome;
import io.emojireactions.apps.simulate.internal.HttpTarget;
import io.emojireactions.apps.simulate.ReactionTarget.Status;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The HTTP target against a real ingest server (its Kafka replaced by a list): records over the
 * server's size limit, which the server answers 413 and then closes the connection on, come back
 * as REJECTED TOO_LARGE, and never break the kept-alive connections the other records use.
 */
class HttpTargetTest {

  /** Keeps every written record. */
  static final class ListSink implements RecordSink {
    final List<PendingRecord> written = Collections.synchronizedList(new ArrayList<>());

    @Override
    public List<PendingRecord> write(List<PendingRecord> batch) {
      written.addAll(batch);
      return List.of();
    }

    @Override
    public void close() {}
  }

  private static byte[] reaction(int i) {
    return ("{\"user_id\":\"u" + i + "\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\"}").getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] oversized(int i, int limit) {
    String pad = "x".repeat(limit);
    return ("{\"user_id\":\"u" + i + "\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\",\"room\":\"" + pad + "\"}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void oversizedRecordsInterleavedWithValidOnesAreRejectedTooLargeAndNoRecordFails() throws Exception {
    int limit = 1024; // not the parser's default: the target learns the server's limit
    ListSink sink = new ListSink();
    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    int n = 600;
    int oversized = 0;
    try (IngestServer server = IngestServer.start(
            IngestConfig.builder().host("127.0.0.1").port(0)
                .parser(io.emojireactions.core.ReactionParser.Config.builder().maxRecordBytes(limit).build()).build(),
            sink, Clock.systemUTC());
        HttpTarget target = new HttpTarget(URI.create("http://127.0.0.1:" + server.port()), 8, null)) {
      assertThat(target.maxRecordBytes()).as("the limit read from GET /").isEqualTo(limit);
      for (int i = 0; i < n; i++) {
        boolean big = i % 3 == 0;
        oversized += big ? 1 : 0;
        target.send(big ? oversized(i, limit) : reaction(i), (Outcome o) ->
            outcomes.computeIfAbsent(o.status() + " " + o.reason(), k -> new AtomicInteger()).incrementAndGet());
      }
      target.flush();
      server.stop();
    }
    assertThat(outcomes.keySet()).containsExactlyInAnyOrder(Status.ACCEPTED + " null", Status.REJECTED + " TOO_LARGE");
    assertThat(outcomes.get(Status.REJECTED + " TOO_LARGE").get()).isEqualTo(oversized);
    assertThat(outcomes.get(Status.ACCEPTED + " null").get()).isEqualTo(n - oversized);
    assertThat(sink.written).hasSize(n - oversized);
  }
}
