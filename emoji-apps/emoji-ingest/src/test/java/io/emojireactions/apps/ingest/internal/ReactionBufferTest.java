package io.emojireactions.apps.ingest.internal;

import io.emojireactions.testkit.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.ingest.PendingRecord;
import io.emojireactions.apps.ingest.RecordSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReactionBufferTest {

  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private static PendingRecord rec(int i) {
    return new PendingRecord("id-" + i, ("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8));
  }

  private static List<PendingRecord> recs(int from, int to) {
    return IntStream.range(from, to).mapToObj(ReactionBufferTest::rec).toList();
  }

  /** A sink that records every batch and fails the records a test marks. */
  private static final class RecordingSink implements RecordSink {
    final List<List<String>> batches = new ArrayList<>();
    final List<String> written = new ArrayList<>();
    final List<String> failOnce = new ArrayList<>();

    @Override
    public List<PendingRecord> write(List<PendingRecord> batch) {
      batches.add(batch.stream().map(PendingRecord::messageId).toList());
      List<PendingRecord> failed = new ArrayList<>();
      for (PendingRecord r : batch) {
        if (failOnce.remove(r.messageId())) {
          failed.add(r);
        } else {
          written.add(r.messageId());
        }
      }
      return failed;
    }
  }

  @Test
  void batchIsDueWhenTheOldestRecordHasWaitedTheIntervalNotAMillisecondEarlier() {
    ReactionBuffer buffer = new ReactionBuffer(100, 10, 500, clock);
    RecordingSink sink = new RecordingSink();
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    assertThat(buffer.millisUntilDue()).isEqualTo(-1);

    buffer.offer(rec(0));
    clock.advance(Duration.ofMillis(300));
    buffer.offer(rec(1));
    clock.advance(Duration.ofMillis(199));
    assertThat(buffer.millisUntilDue()).isEqualTo(1);
    assertThat(flusher.flushOnce(false)).isZero();
    assertThat(sink.batches).isEmpty();

    clock.advance(Duration.ofMillis(1));
    assertThat(buffer.millisUntilDue()).isZero();
    assertThat(flusher.flushOnce(false)).isEqualTo(2);
    assertThat(sink.batches).containsExactly(List.of("id-0", "id-1"));
    assertThat(buffer.size()).isZero();
  }

  @Test
  void batchIsDueAtOnceWhenFlushRecordsWaitAndTakesAtMostThatMany() {
    ReactionBuffer buffer = new ReactionBuffer(100, 10, 500, clock);
    RecordingSink sink = new RecordingSink();
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 9));
    assertThat(flusher.flushOnce(false)).isZero();
    buffer.offerAll(recs(9, 25));

    assertThat(flusher.flushOnce(false)).isEqualTo(10);
    assertThat(flusher.flushOnce(false)).isEqualTo(10);
    assertThat(sink.written).containsExactlyElementsOf(recs(0, 20).stream().map(PendingRecord::messageId).toList());
    assertThat(buffer.waiting()).isEqualTo(5);
  }

  @Test
  void capacityCountsRecordsInFlightAndBatchesAreAllOrNothing() {
    ReactionBuffer buffer = new ReactionBuffer(10, 4, 500, clock);
    assertThat(buffer.offerAll(recs(0, 8))).isTrue();
    List<PendingRecord> batch = buffer.takeBatch(false);
    assertThat(batch).hasSize(4);
    assertThat(buffer.size()).as("waiting + in flight").isEqualTo(8);

    assertThat(buffer.offerAll(recs(8, 11))).as("3 more do not fit in 10").isFalse();
    assertThat(buffer.size()).isEqualTo(8);
    assertThat(buffer.offerAll(recs(8, 10))).isTrue();
    assertThat(buffer.offer(rec(10))).isFalse();

    buffer.completed(4, List.of());
    assertThat(buffer.size()).isEqualTo(6);
    assertThat(buffer.offer(rec(10))).isTrue();
  }

  @Test
  void failedRecordsGoBackToTheFrontInOrderAndAreRetriedWithoutWaitingAnotherInterval() {
    ReactionBuffer buffer = new ReactionBuffer(100, 3, 500, clock);
    RecordingSink sink = new RecordingSink();
    sink.failOnce.addAll(List.of("id-0", "id-2"));
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 4));

    assertThat(flusher.flushOnce(false)).isEqualTo(1);
    assertThat(buffer.size()).isEqualTo(3);
    assertThat(flusher.flushOnce(false)).isEqualTo(3);
    assertThat(sink.batches).containsExactly(List.of("id-0", "id-1", "id-2"), List.of("id-0", "id-2", "id-3"));
    assertThat(sink.written).containsExactly("id-1", "id-0", "id-2", "id-3");
    assertThat(buffer.size()).isZero();
  }

  @Test
  void aThrowingSinkKeepsTheWholeBatch() {
    ReactionBuffer buffer = new ReactionBuffer(100, 2, 500, clock);
    Flusher flusher = new Flusher(buffer, batch -> { throw new IllegalStateException("kafka down"); }, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 2));
    assertThat(flusher.flushOnce(false)).isZero();
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.waiting()).isEqualTo(2);
  }

  @Test
  void stopAndDrainWritesWhatIsNotYetDue() {
    ReactionBuffer buffer = new ReactionBuffer(100, 50, 500, clock);
    RecordingSink sink = new RecordingSink();
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 7));
    assertThat(flusher.stopAndDrain(Duration.ofSeconds(5))).isZero();
    assertThat(sink.written).hasSize(7);
  }
}
