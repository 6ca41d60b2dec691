package io.emojireactions.core;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Loads src/test/resources/malformed-corpus.tsv (its header documents the format). */
final class MalformedCorpus {

  static final String RESOURCE = "/malformed-corpus.tsv";
  static final int PADDED_SIZE = 4097;
  static final int NEST_DEPTH = 1000;
  static final int HUGE_SIZE = 10 * 1024 * 1024;

  record Case(RejectReason reason, byte[] bytes, String note) {
    @Override
    public String toString() {
      return reason + ": " + note;
    }
  }

  private MalformedCorpus() {}

  static List<Case> load() {
    List<Case> cases = new ArrayList<>();
    try (InputStream in = MalformedCorpus.class.getResourceAsStream(RESOURCE);
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] cols = line.split("\t", -1);
        if (cols.length != 4) {
          throw new IllegalStateException("corpus line has " + cols.length + " columns, expected 4: " + line);
        }
        cases.add(new Case(RejectReason.valueOf(cols[0]), bytes(cols[1], cols[2]), cols[3]));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return cases;
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
        java.util.Arrays.fill(out, (byte) ' ');
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
        java.util.Arrays.fill(out, (byte) 'x');
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(tail, 0, out, head.length + HUGE_SIZE, tail.length);
        return out;
      }
      default:
        throw new IllegalStateException("unknown form " + form);
    }
  }
}
