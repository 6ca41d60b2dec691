package io.emojireactions.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import java.io.IOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * A target's output, max-merged per (room, window start, emoji), against the ground truth.
 *
 * @param exact every expected key present with exactly its count, and no other key
 * @param expectedKeys keys in the ground truth
 * @param outputKeys distinct keys in the output
 * @param wrongKeys keys missing, extra, or with another count
 * @param expectedTotal valid records in the ground truth
 * @param countedTotal sum of the merged counts in the output
 */
record OutputCheck(boolean exact, long expectedKeys, long outputKeys, long wrongKeys, long expectedTotal, long countedTotal) {

  /** Keeps the largest count per key, as a consumer of update-mode output does. */
  static final class Merger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<WindowKey, Long> merged = new HashMap<>();

    /** One record of the project's output contract ({@code WindowedCountJson}). */
    void addContractJson(String value) throws IOException {
      JsonNode n = JSON.readTree(value);
      add(n.get("room").asText(), Instant.parse(n.get("window_start").asText()).toEpochMilli(),
          n.get("emoji").asText(), n.get("reaction_count").asLong());
    }

    void add(String room, long windowStartMs, String emoji, long count) {
      merged.merge(new WindowKey(room, windowStartMs, emoji), count, Math::max);
    }

    OutputCheck against(GroundTruth truth) {
      long wrong = 0;
      for (Map.Entry<WindowKey, Long> e : truth.counts().entrySet()) {
        if (!e.getValue().equals(merged.get(e.getKey()))) {
          wrong++;
        }
      }
      for (WindowKey key : merged.keySet()) {
        if (!truth.counts().containsKey(key)) {
          wrong++;
        }
      }
      long counted = merged.values().stream().mapToLong(Long::longValue).sum();
      return new OutputCheck(wrong == 0, truth.counts().size(), merged.size(), wrong, truth.valid(), counted);
    }
  }

  @Override
  public String toString() {
    return (exact ? "exact" : "NOT exact") + " (" + outputKeys + "/" + expectedKeys + " keys, " + wrongKeys
        + " wrong, counted " + countedTotal + " of " + expectedTotal + ")";
  }
}
