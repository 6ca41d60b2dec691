package com.example.emoji.core;

import io.emojireactions.core.EmojiNormalizer;
import io.emojireactions.core.OutputMode;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.core.WindowedAggregator;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** emoji-core alone: parse, normalize, aggregate in 2 s windows, print the output JSON. */
public final class CoreExample {

  public static void main(String[] args) {
    // Parse: never throws; every record is Valid or Rejected with a reason.
    ReactionParser parser = ReactionParser.create(ReactionParser.Config.defaults());
    List<String> records = List.of(
        "{\"user_id\":\"u1\",\"emoji_type\":\"❤\",\"timestamp\":\"2025-10-29T22:31:00.5\"}",
        "{\"user_id\":\"u2\",\"emoji_type\":\"❤️\",\"timestamp\":\"2025-10-29T22:31:01.2\",\"room\":\"global\"}",
        "{\"user_id\":\"u3\",\"emoji_type\":\"👍🏽\",\"timestamp\":1761777061900}",
        "{\"user_id\":\"u4\",\"emoji_type\":\"hello\",\"timestamp\":\"2025-10-29T22:31:01Z\"}",
        "{\"user_id\":\"u5\",\"emoji_type\":\"👍\"");

    // Aggregate: WindowedAggregator.Config.defaults() = 2 s tumbling windows, 2 s lateness,
    // OutputMode.UPDATE, ScalingPolicy.seed(); here every option is set explicitly.
    WindowedAggregator aggregator = WindowedAggregator.create(WindowedAggregator.Config.builder()
        .window(TumblingWindows.of(Duration.ofSeconds(2)))
        .lateness(Duration.ofSeconds(2))
        .outputMode(OutputMode.UPDATE)
        .scaling(ScalingPolicy.seed())
        .build());

    for (String record : records) {
      ParseResult result = parser.parse(record.getBytes(StandardCharsets.UTF_8));
      if (result instanceof ParseResult.Valid valid) {
        aggregator.add(valid.reaction());
      } else if (result instanceof ParseResult.Rejected rejected) {
        System.out.println("rejected " + rejected.reason() + ": " + rejected.message());
      }
    }

    // Normalize: one emoji in its canonical (fully-qualified) form; true folds skin tones.
    EmojiNormalizer plain = EmojiNormalizer.create(false);
    EmojiNormalizer folding = EmojiNormalizer.create(true);
    System.out.println("normalize ❤ -> " + plain.normalize("❤").orElseThrow());
    System.out.println("normalize 👍🏽 (folding) -> " + folding.normalize("👍🏽").orElseThrow());
    System.out.println("normalize hello -> " + plain.normalize("hello").isPresent());

    // End the batch: in update mode, every key whose count changed.
    for (WindowedCount count : aggregator.endBatch()) {
      System.out.println(WindowedCountJson.toJsonString(count));
    }
  }
}
