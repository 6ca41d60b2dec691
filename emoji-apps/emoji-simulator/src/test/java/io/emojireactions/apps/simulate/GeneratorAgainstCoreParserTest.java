package io.emojireactions.apps.simulate;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Cross-check of two independent readings of the input contract: the generator's own labels and
 * variant table against emoji-core's parser and normalizer. A disagreement is a bug in one of them.
 */
class GeneratorAgainstCoreParserTest {

  @Test
  void coreParserAgreesWithEveryGeneratedLabelAndValue() {
    ReactionGenerator gen =
        ReactionGenerator.builder()
            .seed(99)
            .count(30_000)
            .rooms(4)
            .variantFraction(0.5)
            .invalidFraction(0.15)
            .alternateTimestampFraction(0.3)
            .maxDisorder(Duration.ofSeconds(2))
            .build();
    ReactionParser parser = ReactionParser.create();
    List<String> disagreements = new ArrayList<>();

    gen.records().forEach(r -> {
      ParseResult result = parser.parse(r.bytes());
      if (r.valid()) {
        if (result instanceof ParseResult.Valid valid) {
          Reaction got = valid.reaction();
          if (!got.room().equals(r.room()) || !got.emoji().equals(r.canonicalEmoji()) || got.eventTimeMs() != r.eventTimeMs()) {
            disagreements.add(r.value() + " -> " + got);
          }
        } else {
          disagreements.add(r.value() + " -> " + result + " (expected valid)");
        }
      } else if (!(result instanceof ParseResult.Rejected rejected) || rejected.reason() != r.expectedReject()) {
        disagreements.add(r.value() + " -> " + result + " (expected " + r.expectedReject() + ")");
      }
    });

    assertThat(disagreements).as("first disagreements").isEmpty();
  }
}
