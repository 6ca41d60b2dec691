package io.emojireactions.bench.e2e;

import io.emojireactions.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * Records every micro-batch's {@link StreamingQueryProgress} of every query of a session: its
 * {@code durationMs} map (addBatch, getBatch, latestOffset, queryPlanning, walCommit,
 * commitOffsets, triggerExecution, …) and {@code numInputRows}. Spark delivers listener events
 * asynchronously, in order; a query's termination event comes after its last progress event, so
 * {@link #awaitBatches} waits for it.
 */
final class BatchRecorder extends StreamingQueryListener {

  /**
   * One micro-batch.
   *
   * @param batchId the batch's id
   * @param timestamp when the trigger started (ISO-8601 UTC)
   * @param numInputRows input rows of the batch (all sources)
   * @param durationMs Spark's per-phase durations of the batch
   * @param stateRowsTotal rows in the first stateful operator's store after the batch (0 without one)
   */
  record MicroBatch(long batchId, String timestamp, long numInputRows, Map<String, Long> durationMs, long stateRowsTotal) {

    static MicroBatch of(StreamingQueryProgress p) {
      Map<String, Long> durations = new TreeMap<>();
      p.durationMs().forEach((k, v) -> durations.put(k, v));
      long stateRows = p.stateOperators().length == 0 ? 0 : p.stateOperators()[0].numRowsTotal();
      return new MicroBatch(p.batchId(), p.timestamp(), p.numInputRows(), durations, stateRows);
    }
  }

  private final Map<UUID, List<MicroBatch>> batches = new ConcurrentHashMap<>();
  private final Set<UUID> terminated = ConcurrentHashMap.newKeySet();

  @Override
  public void onQueryStarted(QueryStartedEvent event) {}

  @Override
  public void onQueryProgress(QueryProgressEvent event) {
    StreamingQueryProgress p = event.progress();
    List<MicroBatch> list = batches.computeIfAbsent(p.id(), k -> new ArrayList<>());
    synchronized (list) {
      list.add(MicroBatch.of(p));
    }
  }

  @Override
  public void onQueryTerminated(QueryTerminatedEvent event) {
    terminated.add(event.id());
  }

  /** Every micro-batch of query {@code id} (by its {@code StreamingQuery.id()}), once it has terminated. */
  List<MicroBatch> awaitBatches(UUID id, Duration timeout) {
    Await.until("the termination event of query " + id, timeout, () -> terminated.contains(id));
    List<MicroBatch> list = batches.getOrDefault(id, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** The batches of query {@code id} recorded so far. */
  List<MicroBatch> batchesSoFar(UUID id) {
    List<MicroBatch> list = batches.getOrDefault(id, List.of());
    synchronized (list) {
      return List.copyOf(list);
    }
  }
}
