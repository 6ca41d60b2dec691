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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
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

    assertThat(flusher.flushOnce(false)).as("records handed to the sink").isEqualTo(3);
    assertThat(buffer.size()).isEqualTo(3);
    assertThat(buffer.waiting()).as("2 failed back, 1 never taken").isEqualTo(3);
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
    assertThat(flusher.flushOnce(false)).as("records handed to the sink").isEqualTo(2);
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

  /** A sink that writes nothing until the test completes a batch: batches stay in flight meanwhile. */
  private static final class HeldSink implements RecordSink {
    record Held(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) {
      List<String> ids() {
        return batch.stream().map(PendingRecord::messageId).toList();
      }

      /** Completes the batch with the records whose ids are given as failed. */
      void complete(String... failedIds) {
        List<String> f = List.of(failedIds);
        whenDone.accept(batch.stream().filter(r -> f.contains(r.messageId())).toList());
      }
    }

    final List<Held> held = new CopyOnWriteArrayList<>();

    @Override
    public List<PendingRecord> write(List<PendingRecord> batch) {
      throw new AssertionError("the flusher writes asynchronously");
    }

    @Override
    public void writeAsync(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) {
      held.add(new Held(batch, whenDone));
    }
  }

  @Test
  void theNextBatchIsHandedOverWhileEarlierOnesAreInFlightAndInFlightRecordsCountAgainstCapacity() {
    ReactionBuffer buffer = new ReactionBuffer(10, 3, 500, clock);
    HeldSink sink = new HeldSink();
    IngestMetrics metrics = new IngestMetrics(buffer);
    Flusher flusher = new Flusher(buffer, sink, metrics);
    assertThat(buffer.offerAll(recs(0, 8))).isTrue();

    assertThat(flusher.flushOnce(false)).isEqualTo(3);
    assertThat(flusher.flushOnce(false)).as("not held up by the first batch's acknowledgements").isEqualTo(3);
    assertThat(flusher.flushOnce(false)).as("2 wait, not due yet").isZero();
    assertThat(sink.held).extracting(HeldSink.Held::ids)
        .containsExactly(List.of("id-0", "id-1", "id-2"), List.of("id-3", "id-4", "id-5"));
    assertThat(buffer.waiting()).isEqualTo(2);
    assertThat(buffer.size()).as("2 waiting + 6 in flight").isEqualTo(8);
    assertThat(buffer.offerAll(recs(8, 11))).as("3 more do not fit: in-flight records hold their place").isFalse();
    assertThat(buffer.offerAll(recs(8, 10))).isTrue();
    assertThat(buffer.offer(rec(10))).isFalse();

    // The second batch completes first, one record failed: 2 leave, the failed one goes to the front.
    sink.held.get(1).complete("id-4");
    assertThat(buffer.size()).isEqualTo(8);
    assertThat(buffer.waiting()).isEqualTo(5);
    assertThat(buffer.millisUntilDue()).as("a failed record is due at once").isZero();
    assertThat(flusher.flushOnce(false)).isEqualTo(3);
    assertThat(sink.held.get(2).ids()).containsExactly("id-4", "id-6", "id-7");

    sink.held.get(0).complete();
    sink.held.get(2).complete();
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.offerAll(recs(10, 18))).isTrue();
    assertThat(metrics.scrape())
        .contains("emoji_ingest_written_total 8.0")
        .contains("emoji_ingest_send_failures_total 1.0")
        .contains("emoji_ingest_send_seconds_count 3");
  }

  @Test
  void aSecondCompletionOfTheSameBatchIsIgnored() {
    ReactionBuffer buffer = new ReactionBuffer(10, 2, 500, clock);
    HeldSink sink = new HeldSink();
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 4));
    flusher.flushOnce(false);
    sink.held.get(0).complete();
    sink.held.get(0).complete("id-0");
    assertThat(buffer.size()).isEqualTo(2);
    assertThat(buffer.waiting()).as("nothing came back").isEqualTo(2);
  }

  @Test
  void stopAndDrainWaitsForTheBatchesInFlightAndRetriesTheirFailedRecords() throws Exception {
    ReactionBuffer buffer = new ReactionBuffer(100, 3, 500, clock);
    List<String> written = new CopyOnWriteArrayList<>();
    List<String> failOnce = new CopyOnWriteArrayList<>(List.of("id-1", "id-5"));
    // Completes each batch on another thread, as the producer's I/O thread does.
    RecordSink sink = new RecordSink() {
      @Override
      public List<PendingRecord> write(List<PendingRecord> batch) {
        throw new AssertionError("the flusher writes asynchronously");
      }

      @Override
      public void writeAsync(List<PendingRecord> batch, Consumer<List<PendingRecord>> whenDone) {
        Thread t = new Thread(() -> {
          List<PendingRecord> failed = new ArrayList<>();
          for (PendingRecord r : batch) {
            if (failOnce.remove(r.messageId())) {
              failed.add(r);
            } else {
              written.add(r.messageId());
            }
          }
          whenDone.accept(failed);
        });
        t.start();
      }
    };
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 7));
    assertThat(flusher.stopAndDrain(Duration.ofSeconds(30))).isZero();
    assertThat(buffer.size()).isZero();
    assertThat(written).containsExactlyInAnyOrderElementsOf(recs(0, 7).stream().map(PendingRecord::messageId).toList());
  }

  @Test
  void stopAndDrainCountsRecordsStillInFlightAtTheDeadlineAsUnwritten() {
    ReactionBuffer buffer = new ReactionBuffer(100, 3, 500, clock);
    HeldSink sink = new HeldSink();
    Flusher flusher = new Flusher(buffer, sink, new IngestMetrics(buffer));
    buffer.offerAll(recs(0, 7));
    assertThat(flusher.stopAndDrain(Duration.ofMillis(300))).isEqualTo(7);
    assertThat(sink.held).extracting(HeldSink.Held::ids)
        .containsExactly(List.of("id-0", "id-1", "id-2"), List.of("id-3", "id-4", "id-5"), List.of("id-6"));
  }
}
