package io.emojireactions.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/**
 * The hostile-input corpus: every kind of bad reaction the project knows (malformed and truncated
 * JSON, wrong types, missing/empty/huge fields, non-UTF-8 bytes, control characters, NaN and
 * out-of-range timestamps, far-future timestamps, two emojis, text, lone modifiers, joiners and
 * surrogates, deep nesting, 10 MB values, duplicate keys …), each with the reason the parser must
 * give. Its one source is {@code malformed-corpus.tsv} next to this class (its header documents the
 * format).
 *
 * <p>Expected reasons hold for the default parser plus a future-skew check of a few seconds
 * against the real clock (the FUTURE_TIMESTAMP cases are in 2100 or later).
 *
 * <p>Stateless and thread-safe.
 */
public final class HostileCorpus {

  static final String RESOURCE = "malformed-corpus.tsv";
  static final int PADDED_SIZE = 4097;
  static final int NEST_DEPTH = 1000;
  static final int HUGE_SIZE = 10 * 1024 * 1024;

  /**
   * One hostile record.
   *
   * @param reason the name of the reason the parser must reject it with, as emoji-core's
   *     {@code RejectReason} names it (this kit does not depend on emoji-core, whose own tests use it)
   * @param bytes the record value
   * @param note what the case is about
   */
  public record Case(String reason, byte[] bytes, String note) {
    @Override
    public String toString() {
      return reason + ": " + note;
    }
  }

  private HostileCorpus() {}

  /** Every case, in file order. */
  public static List<Case> load() {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = HostileCorpus.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is not on the classpath");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        if (cols.length != 4) {
          throw new IllegalStateException("corpus line has " + cols.length + " columns, expected 4: " + line);
        }
        cases.add(new Case(cols[0], bytes(cols[1], cols[2]), cols[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(cases);
  }

  private static byte[] bytes(String form, String payload) {
    switch (form) {
      case "text":
        return payload.getBytes(StandardCharsets.UTF_8);
      case "hex":
        return HexFormat.of().parseHex(payload);
      case "padded": {
        byte[] text = payload.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[PADDED_SIZE];
        Arrays.fill(out, (byte) ' ');
        System.arraycopy(text, 0, out, 0, text.length);
        return out;
      }
      case "nest":
        return payload.replace("%s", "[".repeat(NEST_DEPTH) + "]".repeat(NEST_DEPTH)).getBytes(StandardCharsets.UTF_8);
      case "huge": {
        int at = payload.indexOf("%s");
        byte[] head = payload.substring(0, at).getBytes(StandardCharsets.UTF_8);
        byte[] tail = payload.substring(at + 2).getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[head.length + HUGE_SIZE + tail.length];
        Arrays.fill(out, (byte) 'x');
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length + HUGE_SIZE, tail.length);
        return out;
      }
      default:
        throw new IllegalStateException("unknown form " + form);
    }
  }
}
