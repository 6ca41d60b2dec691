package io.emojireactions.testkit;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A seeded mutator of valid reaction records, for fuzzing the parser and the pipeline: each call
 * applies one to three mutations to a copy of the record. The same seed and the same inputs give
 * the same outputs, on every run and machine. Not thread-safe (one instance per thread).
 *
 * <p>Mutations: {@code flip} (one bit of one byte), {@code truncate}, {@code insert} (1–4 bytes
 * from a set that breaks JSON and UTF-8: quotes, braces, backslash, NUL, DEL, 0xFF, lead bytes
 * without continuation …), {@code delete} (a run of 1–8 bytes), {@code swap} (the values of two
 * fields change places), {@code duplicate} (a field appears twice) and {@code replace} (a field's
 * value becomes a hostile one: null, empty, NaN, 1e400, a lone surrogate, an array, two emojis,
 * a far-future date …). Some mutated records stay valid (a flipped letter in a user id): the
 * parser, not the fuzzer, decides.
 */
public final class RecordFuzzer {

  /** The mutation kinds, by name. */
  public static final List<String> MUTATIONS = List.of("flip", "truncate", "insert", "delete", "swap", "duplicate", "replace");

  private static final byte[] INSERTABLE = {
      '"', '{', '}', '[', ']', ',', ':', '\\', 0x00, 0x01, 0x0a, 0x7f, (byte) 0xff, (byte) 0xc3, (byte) 0xe2, (byte) 0xf0,
      (byte) 0x80, '0', '9', '-', 'e', '.', 'x', ' '};
  private static final List<String> HOSTILE_VALUES = List.of(
      "null", "\"\"", "NaN", "1e400", "-1", "true", "[]", "{}", "\"\\ud800\"", "\"\\u0000\"", "\"👍👍\"", "\"🏽\"", "\"\\u200d\"",
      "\"2100-01-01T00:00:00Z\"", "4102444800000", "\"1969-12-31T23:59:59Z\"", "99999999999999999999", "\"hello\"", "0",
      "\"" + "u".repeat(200) + "\"", "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]");
  // "key":value with value a string (escapes allowed) or a bare token (number, literal).
  private static final Pattern FIELD = Pattern.compile("\"([a-z_]+)\"\\s*:\\s*(\"(?:[^\"\\\\]|\\\\.)*\"|[^,}\\s]+)");

  private final SplittableRandom random;

  private RecordFuzzer(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /** A fuzzer whose choices follow {@code seed}. */
  public static RecordFuzzer seeded(long seed) {
    return new RecordFuzzer(seed);
  }

  /**
   * A mutated copy of {@code record}.
   *
   * @param bytes the record value
   * @param mutations what was done, in order (for a failure message)
   */
  public record Mutant(byte[] bytes, List<String> mutations) {}

  /** Applies one to three mutations to a copy of {@code record}. */
  public Mutant mutate(byte[] record) {
    byte[] b = record.clone();
    int n = 1 + random.nextInt(3);
    List<String> done = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String kind = MUTATIONS.get(random.nextInt(MUTATIONS.size()));
      b = apply(kind, b);
      done.add(kind);
    }
    return new Mutant(b, List.copyOf(done));
  }

  private byte[] apply(String kind, byte[] b) {
    switch (kind) {
      case "flip": {
        if (b.length == 0) {
          return b;
        }
        byte[] out = b.clone();
        int at = random.nextInt(out.length);
        out[at] ^= (byte) (1 << random.nextInt(8));
        return out;
      }
      case "truncate":
        return Arrays.copyOf(b, b.length == 0 ? 0 : random.nextInt(b.length));
      case "insert": {
        int at = random.nextInt(b.length + 1);
        int len = 1 + random.nextInt(4);
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length + len);
        out.write(b, 0, at);
        for (int i = 0; i < len; i++) {
          out.write(INSERTABLE[random.nextInt(INSERTABLE.length)]);
        }
        out.write(b, at, b.length - at);
        return out.toByteArray();
      }
      case "delete": {
        if (b.length == 0) {
          return b;
        }
        int at = random.nextInt(b.length);
        int len = Math.min(b.length - at, 1 + random.nextInt(8));
        byte[] out = new byte[b.length - len];
        System.arraycopy(b, 0, out, 0, at);
        System.arraycopy(b, at + len, out, at, b.length - at - len);
        return out;
      }
      default:
        return fieldLevel(kind, b);
    }
  }

  /** swap, duplicate, replace: on the record's text; a record with no fields left is returned as is. */
  private byte[] fieldLevel(String kind, byte[] b) {
    String text = new String(b, StandardCharsets.UTF_8);
    List<int[]> values = new ArrayList<>(); // {fieldStart, fieldEnd, valueStart, valueEnd}
    Matcher m = FIELD.matcher(text);
    while (m.find()) {
      values.add(new int[] {m.start(), m.end(), m.start(2), m.end(2)});
    }
    if (values.isEmpty()) {
      return b;
    }
    int[] f = values.get(random.nextInt(values.size()));
    String out;
    switch (kind) {
      case "swap": {
        int[] g = values.get(random.nextInt(values.size()));
        if (f == g) {
          return b;
        }
        int[] first = f[2] < g[2] ? f : g;
        int[] second = f[2] < g[2] ? g : f;
        out = text.substring(0, first[2]) + text.substring(second[2], second[3]) + text.substring(first[3], second[2])
            + text.substring(first[2], first[3]) + text.substring(second[3]);
        break;
      }
      case "duplicate":
        out = text.substring(0, f[1]) + "," + text.substring(f[0], f[1]) + text.substring(f[1]);
        break;
      default: // replace
        out = text.substring(0, f[2]) + HOSTILE_VALUES.get(random.nextInt(HOSTILE_VALUES.size())) + text.substring(f[3]);
    }
    return out.getBytes(StandardCharsets.UTF_8);
  }
}
