package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The records the Python system's parts write to {@code emoji_reactions}, as the parser reads
 * them: its Flask ingest re-serializes each accepted body with Python's {@code json.dumps}
 * defaults (separators {@code ", "} and {@code ": "}, every non-ASCII character escaped as
 * {@code \\uXXXX}, astral ones as surrogate pairs), and its client simulator stamps
 * {@code datetime.utcnow().isoformat()} (naive UTC, microseconds unless they are zero).
 */
class PythonIngestRecordsTest {

  private static final ReactionParser PARSER = ReactionParser.create();

  private static Reaction valid(String json) {
    ParseResult result = PARSER.parse(json.getBytes(StandardCharsets.UTF_8));
    assertThat(result).as(json).isInstanceOf(ParseResult.Valid.class);
    return ((ParseResult.Valid) result).reaction();
  }

  @Test
  void aRecordOfThePythonIngestIsReadAsTheSameReactionAsOurs() {
    // What the Python ingest writes for the simulator's 👍 (U+1F44D), byte for byte.
    Reaction python = valid("{\"user_id\": \"3f1c2b9e-5d4a-4c1b-9a57-0e8b6f2d7c11\", \"emoji_type\": \"\\ud83d\\udc4d\", "
        + "\"timestamp\": \"2025-10-29T22:31:00.123456\"}");
    Reaction ours = valid("{\"user_id\":\"3f1c2b9e-5d4a-4c1b-9a57-0e8b6f2d7c11\",\"emoji_type\":\"👍\",\"timestamp\":\"2025-10-29T22:31:00.123456\"}");

    assertThat(python).isEqualTo(ours)
        .isEqualTo(new Reaction("global", "3f1c2b9e-5d4a-4c1b-9a57-0e8b6f2d7c11", "👍", Instant.parse("2025-10-29T22:31:00.123Z")));
  }

  @Test
  void theSimulatorsHeartEscapedByJsonDumpsIsTheFullyQualifiedHeart() {
    // ❤️ as the simulator sends it (U+2764 U+FE0F) and as json.dumps escapes it.
    Reaction heart = valid("{\"user_id\": \"u\", \"emoji_type\": \"\\u2764\\ufe0f\", \"timestamp\": \"2025-10-29T22:31:01\"}");

    assertThat(heart.emoji()).isEqualTo("\u2764\uFE0F");
    assertThat(heart.eventTime()).isEqualTo(Instant.parse("2025-10-29T22:31:01Z"));
  }
}
