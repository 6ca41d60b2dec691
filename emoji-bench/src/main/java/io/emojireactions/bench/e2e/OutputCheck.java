package io.emojireactions.bench.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A target's output against the ground truth. Every output record is checked on its own (its
 * {@code window_end}, its record key and, where the target writes one, its
 * {@code scaled_reactions}); then the records are max-merged per (room, window start, emoji), as
 * a consumer of update-mode output does, and the merged counts are compared with the ground truth.
 *
 * @param exact every expected key present with exactly its count, no other key, and no record
 *     with a wrong window end, key or scaled value
 * @param checkedOn the fields compared, e.g. {@code [reaction_count, window_end, key, scaled_reactions]}
 * @param expectedKeys keys in the ground truth
 * @param outputKeys distinct keys in the output
 * @param outputRecords records in the output topic (update mode repeats a key when it changes)
 * @param wrongKeys keys missing, extra, or with another merged count ({@code missingKeys +
 *     extraKeys + wrongCounts})
 * @param missingKeys expected keys absent from the output
 * @param extraKeys output keys absent from the ground truth
 * @param wrongCounts keys present in both with another merged count
 * @param wrongWindowEnd records whose window end is not window start + window size
 * @param wrongRecordKey records whose Kafka key is not the expected one
 * @param wrongScaled records whose {@code scaled_reactions} is not the scaling policy applied to
 *     their {@code reaction_count} (0 when not checked)
 * @param expectedTotal valid records in the ground truth
 * @param countedTotal sum of the merged counts in the output
 */
record OutputCheck(boolean exact, List<String> checkedOn, long expectedKeys, long outputKeys, long outputRecords,
    long wrongKeys, long missingKeys, long extraKeys, long wrongCounts, long wrongWindowEnd, long wrongRecordKey,
    long wrongScaled, long expectedTotal, long countedTotal) {

  /** Fields of the project's output contract that {@link Format#CONTRACT} output is checked on. */
  static final List<String> CONTRACT_FIELDS = List.of("reaction_count", "window_end", "key", "scaled_reactions");

  /** Fields of the seed's output that {@link Format#SEED} output is checked on (it has no scaling and no key). */
  static final List<String> SEED_FIELDS = List.of("emoji_count", "window.end", "key (none)");

  /** Valid records that the output does not count (negative when it counts too many). */
  long droppedRecords() {
    return expectedTotal - countedTotal;
  }

  /** What a target writes to its output topic. */
  enum Format {
    /**
     * The project's contract ({@link WindowedCountJson}), record key {@code room|emoji}: checked
     * on the count, the window end, the key and {@code scaled_reactions} (the seed scaling policy).
     */
    CONTRACT,
    /**
     * The seed's {@code to_json(struct(window, emoji_type, emoji_count, user_id))} without a
     * record key: checked on the count, the window end and the absence of a key; it has no room
     * (counted in the default room) and no scaled value.
     */
    SEED
  }

  /** Folds output records, checking each, and keeps the largest count per key. */
  static final class Merger {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Format format;
    private final long windowMs;
    private final ScalingPolicy scaling;
    private final Map<WindowKey, Long> merged = new HashMap<>();
    private long records;
    private long wrongWindowEnd;
    private long wrongRecordKey;
    private long wrongScaled;

    Merger(Format format, long windowMs, ScalingPolicy scaling) {
      this.format = format;
      this.windowMs = windowMs;
      this.scaling = scaling;
    }

    /** Checks and folds one output record (key and value as written by the target). */
    void add(byte[] key, byte[] value) throws IOException {
      records++;
      String recordKey = key == null ? null : new String(key, StandardCharsets.UTF_8);
      if (format == Format.CONTRACT) {
        WindowedCount c = WindowedCountJson.fromJson(value);
        if (c.scaledReactions() != scaling.apply(c.reactionCount())) {
          wrongScaled++;
        }
        check(recordKey, WindowedCountJson.key(c.room(), c.emoji()), c.window().startMs(), c.window().endMs());
        fold(c.room(), c.window().startMs(), c.emoji(), c.reactionCount());
      } else {
        JsonNode n = JSON.readTree(value);
        long start = OffsetDateTime.parse(n.get("window").get("start").asText()).toInstant().toEpochMilli();
        long end = OffsetDateTime.parse(n.get("window").get("end").asText()).toInstant().toEpochMilli();
        check(recordKey, null, start, end);
        fold(ReactionGenerator.DEFAULT_ROOM, start, n.get("emoji_type").asText(), n.get("emoji_count").asLong());
      }
    }

    /** Checks and folds every record of a topic's content. */
    Merger addAll(List<ConsumerRecord<byte[], byte[]>> output) throws IOException {
      for (ConsumerRecord<byte[], byte[]> r : output) {
        add(r.key(), r.value());
      }
      return this;
    }

    private void check(String recordKey, String expectedKey, long startMs, long endMs) {
      if (endMs - startMs != windowMs) {
        wrongWindowEnd++;
      }
      if (!Objects.equals(recordKey, expectedKey)) {
        wrongRecordKey++;
      }
    }

    private void fold(String room, long windowStartMs, String emoji, long count) {
      merged.merge(new WindowKey(room, windowStartMs, emoji), count, Math::max);
    }

    OutputCheck against(GroundTruth truth) {
      long missing = 0;
      long wrongCount = 0;
      for (Map.Entry<WindowKey, Long> e : truth.counts().entrySet()) {
        Long got = merged.get(e.getKey());
        if (got == null) {
          missing++;
        } else if (!got.equals(e.getValue())) {
          wrongCount++;
        }
      }
      long extra = merged.keySet().stream().filter(k -> !truth.counts().containsKey(k)).count();
      long counted = merged.values().stream().mapToLong(Long::longValue).sum();
      long wrongKeys = missing + extra + wrongCount;
      boolean exact = wrongKeys == 0 && wrongWindowEnd == 0 && wrongRecordKey == 0 && wrongScaled == 0;
      return new OutputCheck(exact, format == Format.CONTRACT ? CONTRACT_FIELDS : SEED_FIELDS, truth.counts().size(),
          merged.size(), records, wrongKeys, missing, extra, wrongCount, wrongWindowEnd, wrongRecordKey, wrongScaled,
          truth.valid(), counted);
    }
  }

  @Override
  public String toString() {
    return (exact ? "exact" : "NOT exact") + " (" + outputKeys + "/" + expectedKeys + " keys, " + missingKeys + " missing, "
        + extraKeys + " extra, " + wrongCounts + " with another count; records with a wrong window end " + wrongWindowEnd
        + ", key " + wrongRecordKey + ", scaled value " + wrongScaled + "; counted " + countedTotal + " of " + expectedTotal + ")";
  }
}
