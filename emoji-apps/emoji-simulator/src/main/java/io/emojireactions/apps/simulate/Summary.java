package io.emojireactions.apps.simulate;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The outcome of a run.
 *
 * @param sent records sent
 * @param accepted answered 200 / acknowledged
 * @param rejected answered 400/413, by the ingest's reason
 * @param failed not delivered
 * @param unknown sent, but the answer was lost: each may or may not have been accepted
 * @param late valid reactions deliberately stamped in the past
 * @param elapsed wall time of the run
 */
public record Summary(long sent, long accepted, Map<String, Long> rejected, long failed, long unknown, long late, Duration elapsed) {

  public Summary {
    rejected = Map.copyOf(rejected);
  }

  public long rejectedTotal() {
    return rejected.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One plain line: counts, rate achieved. */
  public String line() {
    double seconds = Math.max(1e-9, elapsed.toNanos() / 1e9);
    return String.format(java.util.Locale.ROOT,
        "sent %d in %.1f s (%.0f/s): %d accepted, %d rejected %s, %d failed, %d late%s",
        sent, seconds, sent / seconds, accepted, rejectedTotal(), new TreeMap<>(rejected), failed, late,
        unknown == 0 ? "" : ", " + unknown + " with their answer lost (each may or may not be in Kafka)");
  }
}
