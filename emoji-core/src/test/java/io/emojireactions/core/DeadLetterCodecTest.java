package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DeadLetterCodecTest {

  static String sha256(byte[] b) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
  }

  private static DeadLetter letter(byte[] original) {
    return new DeadLetter("MALFORMED_JSON", "not JSON", "emoji_reactions", 2, 41L, Instant.parse("2025-10-29T22:31:00.123Z"), original);
  }

  @Test
  void aSmallRecordIsKeptWholeWithEveryField() throws Exception {
    byte[] original = "{\"user_id\":\"u\",\"emoji_type\":\"x\"}".getBytes(StandardCharsets.UTF_8);
    DeadLetterCodec.Encoded e = DeadLetterCodec.encode(letter(original));

    assertThat(new String(e.key(), StandardCharsets.UTF_8)).isEqualTo("emoji_reactions-2@41");
    assertThat(new String(e.value(), StandardCharsets.UTF_8)).isEqualTo(
        "{\"reason\":\"MALFORMED_JSON\",\"message\":\"not JSON\",\"source_topic\":\"emoji_reactions\",\"source_partition\":2,"
            + "\"source_offset\":41,\"source_timestamp\":\"2025-10-29T22:31:00.123Z\",\"original_size\":32,"
            + "\"original_sha256\":\"" + sha256(original) + "\",\"truncated\":false,"
            + "\"original\":\"{\\\"user_id\\\":\\\"u\\\",\\\"emoji_type\\\":\\\"x\\\"}\"}");
    assertThat(e.headers()).containsExactly(
        Map.entry("reason", "MALFORMED_JSON"), Map.entry("message", "not JSON"), Map.entry("source_topic", "emoji_reactions"),
        Map.entry("source_partition", "2"), Map.entry("source_offset", "41"));

    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(e.value());
    assertThat(d.original()).isEqualTo(original);
    assertThat(d.truncated()).isFalse();
    assertThat(d.base64()).isFalse();
    assertThat(d.originalSize()).isEqualTo(32L);
    assertThat(d.sourceTimestamp()).isEqualTo(Instant.parse("2025-10-29T22:31:00.123Z"));
  }

  @Test
  void bytesThatAreNotUtf8GoToBase64() throws Exception {
    byte[] original = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(DeadLetterCodec.encode(letter(original)).value());
    assertThat(d.base64()).isTrue();
    assertThat(d.original()).isEqualTo(original);
    assertThat(d.originalSha256()).isEqualTo(sha256(original));
    assertThat(new String(DeadLetterCodec.encode(letter(original)).value(), StandardCharsets.UTF_8))
        .endsWith("\"truncated\":false,\"original_base64\":\"//4AQQ==\"}");
  }

  @Test
  void aRecordWithoutValueHasNoOriginalFieldsAndAnEmptyOneHasSizeZero() throws Exception {
    String none = new String(DeadLetterCodec.encode(new DeadLetter("EMPTY_MESSAGE", null, null, null, null, null, null)).value(),
        StandardCharsets.UTF_8);
    assertThat(none).isEqualTo("{\"reason\":\"EMPTY_MESSAGE\",\"truncated\":false}");
    assertThat(DeadLetterCodec.encode(new DeadLetter("EMPTY_MESSAGE", null, null, null, null, null, null)).key()).isNull();

    DeadLetterCodec.Decoded empty = DeadLetterCodec.decode(DeadLetterCodec.encode(letter(new byte[0])).value());
    assertThat(empty.originalSize()).isZero();
    assertThat(empty.original()).isEmpty();
    assertThat(empty.originalSha256()).isEqualTo(sha256(new byte[0]));
  }

  /** The record that stopped the pipeline: 900,000 × U+0001 escapes to 5.4 MB of JSON. */
  @Test
  void nineHundredThousandControlCharactersAreCutToTheBound() throws Exception {
    byte[] original = new byte[900_000];
    Arrays.fill(original, (byte) 1);
    DeadLetterCodec.Encoded e = DeadLetterCodec.encode(letter(original));

    assertThat(e.sizeInBytes()).isLessThanOrEqualTo(DeadLetterCodec.DEFAULT_MAX_BYTES)
        // Tight: one more "\u0001" (6 bytes) would not have fitted.
        .isGreaterThan(DeadLetterCodec.DEFAULT_MAX_BYTES - 6);
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(e.value());
    assertThat(d.truncated()).isTrue();
    assertThat(d.base64()).isFalse();
    assertThat(d.originalSize()).isEqualTo(900_000L);
    assertThat(d.originalSha256()).isEqualTo(sha256(original));
    assertThat(d.original()).hasSizeBetween(166_000, 166_700).containsOnly((byte) 1);
  }

  @Test
  void textIsCutOnACodePointBoundaryNeverInsideAnEscapeOrAUtf8Sequence() {
    // 4-byte emoji, 2-byte escapes, 6-byte escapes and 1-byte ASCII in a repeating pattern.
    String unit = "😀\"a\u0001\\é";
    byte[] original = unit.repeat(5_000).getBytes(StandardCharsets.UTF_8);
    for (int max = DeadLetterCodec.MIN_MAX_BYTES; max < DeadLetterCodec.MIN_MAX_BYTES + 40; max++) {
      DeadLetterCodec.Encoded e = DeadLetterCodec.encode(letter(original), max);
      assertThat(e.sizeInBytes()).isLessThanOrEqualTo(max);
      DeadLetterCodec.Decoded d = DeadLetterCodec.decode(e.value());
      assertThat(d.truncated()).isTrue();
      String kept = new String(d.original(), StandardCharsets.UTF_8);
      assertThat(unit.repeat(5_000)).startsWith(kept);
      assertThat(Arrays.equals(kept.getBytes(StandardCharsets.UTF_8), d.original())).as("whole code points").isTrue();
    }
  }

  @Test
  void base64IsCutOnAThreeByteBoundary() {
    byte[] original = new byte[1_048_000];
    new Random(7).nextBytes(original);
    original[0] = (byte) 0xff; // never UTF-8
    for (int max : new int[] {DeadLetterCodec.MIN_MAX_BYTES, 10_001, 10_002, 10_003, 500_000, DeadLetterCodec.DEFAULT_MAX_BYTES}) {
      DeadLetterCodec.Encoded e = DeadLetterCodec.encode(letter(original), max);
      // Tight: three more bytes (4 base64 characters) would not have fitted; the budget reserved one
      // byte for "false", one longer than "true".
      assertThat(e.sizeInBytes()).isLessThanOrEqualTo(max).isGreaterThan(max - 5);
      DeadLetterCodec.Decoded d = DeadLetterCodec.decode(e.value());
      assertThat(d.base64()).isTrue();
      assertThat(d.truncated()).isTrue();
      assertThat(d.original().length % 3).isZero();
      assertThat(d.original()).isEqualTo(Arrays.copyOf(original, d.original().length));
      assertThat(new String(e.value(), StandardCharsets.US_ASCII)).doesNotContain("=");
    }
  }

  @Test
  void theMessageIsCutWithoutSplittingASurrogatePair() {
    String message = "x" + "😀".repeat(600);
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(
        DeadLetterCodec.encode(new DeadLetter("BAD", message, null, null, null, null, new byte[0])).value());
    assertThat(d.message()).hasSize(DeadLetterCodec.MAX_MESSAGE_CHARS - 1).isEqualTo(message.substring(0, DeadLetterCodec.MAX_MESSAGE_CHARS - 1));
  }

  @Test
  void aBoundBelowTheMinimumIsRefusedNamingTheValue() {
    assertThatThrownBy(() -> DeadLetterCodec.encode(letter(new byte[0]), 8_191))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBytes").hasMessageContaining("8191");
  }

  @Test
  void aReasonThatIsNotACodeIsRefused() {
    assertThatThrownBy(() -> new DeadLetter("two words", null, null, null, null, null, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
  }

  @Test
  void aValueThatIsNotAnEnvelopeIsRefused() {
    assertThatThrownBy(() -> DeadLetterCodec.decode("[1]".getBytes(StandardCharsets.UTF_8))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> DeadLetterCodec.decode("{\"message\":\"x\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reason");
  }
}
