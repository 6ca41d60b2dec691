package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The bound and the truncation rule, for every size and kind of original. */
class DeadLetterCodecPropertiesTest {

  enum Kind { ASCII, CONTROL, EMOJI, MIXED_TEXT, RANDOM_BYTES }

  private static final String[] MIXED = {"a", "\"", "\\", "\n", "\u0001", "\u007f", "é", "€", "😀", "\u2028"};

  static byte[] original(Kind kind, int size, long seed) {
    Random random = new Random(seed);
    return switch (kind) {
      case ASCII -> fill(size, (byte) 'x');
      case CONTROL -> fill(size, (byte) 1);
      case EMOJI -> "😀".repeat(size / 4 + 1).substring(0, (size / 4) * 2).getBytes(StandardCharsets.UTF_8);
      case MIXED_TEXT -> {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < size / 2) {
          sb.append(MIXED[random.nextInt(MIXED.length)]);
        }
        yield sb.toString().getBytes(StandardCharsets.UTF_8);
      }
      case RANDOM_BYTES -> {
        byte[] b = new byte[size];
        random.nextBytes(b);
        if (size > 0) {
          b[0] = (byte) 0xff;
        }
        yield b;
      }
    };
  }

  private static byte[] fill(int size, byte b) {
    byte[] out = new byte[size];
    Arrays.fill(out, b);
    return out;
  }

  @Provide
  Arbitrary<Integer> sizes() {
    return Arbitraries.oneOf(Arbitraries.integers().between(0, 20_000), Arbitraries.integers().between(0, 1_100_000))
        .edgeCases(c -> c.add(0, 1, 1_048_576));
  }

  @Provide
  Arbitrary<Integer> bounds() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(DeadLetterCodec.MIN_MAX_BYTES, 20_000),
        Arbitraries.integers().between(DeadLetterCodec.MIN_MAX_BYTES, 1_200_000),
        Arbitraries.just(DeadLetterCodec.DEFAULT_MAX_BYTES));
  }

  @Property(tries = 300, seed = "20251029")
  void everyDeadLetterFitsItsBoundAndKeepsAMaximalPrefix(
      @ForAll Kind kind, @ForAll("sizes") int size, @ForAll("bounds") int maxBytes, @ForAll @IntRange(min = 0, max = 1000) int seed)
      throws Exception {
    byte[] original = original(kind, size, seed);
    DeadLetter letter = new DeadLetter("NOT_AN_EMOJI", "m\u0001\"" + "é".repeat(seed % 700), "emoji_reactions", seed, (long) size,
        Instant.ofEpochMilli(seed), original);
    DeadLetterCodec.Encoded e = DeadLetterCodec.encode(letter, maxBytes);

    assertThat(e.sizeInBytes()).isLessThanOrEqualTo(maxBytes);
    DeadLetterCodec.Decoded d = DeadLetterCodec.decode(e.value());
    assertThat(d.originalSize()).isEqualTo((long) original.length);
    assertThat(d.originalSha256()).isEqualTo(DeadLetterCodecTest.sha256(original));
    assertThat(d.original()).isEqualTo(Arrays.copyOf(original, d.original().length));
    assertThat(d.truncated()).isEqualTo(d.original().length < original.length);
    assertThat(d.base64()).isEqualTo(kind == Kind.RANDOM_BYTES && size > 0);
    if (d.truncated()) {
      if (d.base64()) {
        assertThat(d.original().length % 3).isZero();
        assertThat(e.sizeInBytes() + 4 + 1).as("three more bytes would not fit").isGreaterThan(maxBytes);
      } else {
        String whole = new String(original, StandardCharsets.UTF_8);
        String kept = new String(d.original(), StandardCharsets.UTF_8);
        assertThat(whole).startsWith(kept);
        int next = whole.codePointAt(kept.length());
        // "truncated":true is one byte shorter than false, which the budget reserved.
        assertThat(e.sizeInBytes() + escapedSize(next) + 1).as("the next code point would not fit")
            .isGreaterThan(maxBytes);
      }
    }
  }

  /** Bytes one code point takes inside the envelope's JSON string: measured through the codec, not predicted. */
  static int escapedSize(int cp) {
    byte[] one = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    int with = DeadLetterCodec.encode(new DeadLetter("R", null, null, null, null, null, one), DeadLetterCodec.MIN_MAX_BYTES).value().length;
    // original_size "1".."4" is as long as "0"; the SHA-256 is always 64 hex digits.
    int without = DeadLetterCodec.encode(new DeadLetter("R", null, null, null, null, null, new byte[0]), DeadLetterCodec.MIN_MAX_BYTES)
        .value().length;
    return with - without;
  }
}
