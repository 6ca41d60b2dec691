package io.emojireactions.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the Emoji Sentiment Ranking CSV layout: a header, then {@code Emoji, Unicode codepoint,
 * Occurrences, Position, Negative, Neutral, Positive, Unicode name, Unicode block}. The file has no
 * quoting (no field contains a comma), so a split is exact; a row with another shape is an error
 * naming its line rather than a guess.
 */
public final class SentimentCsv {

  private SentimentCsv() {}

  /** One data row: the emoji as written and the three sentiment counts. */
  public record Row(int line, String emoji, long occurrences, long negative, long neutral, long positive) {
    /** The paper's score: (positive − negative) / occurrences. */
    public double score() {
      return (double) (positive - negative) / occurrences;
    }
  }

  public static List<Row> read(InputStream in) {
    List<Row> rows = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String header = reader.readLine();
      if (header == null || !header.replace("\uFEFF", "").startsWith("Emoji,")) {
        throw new IllegalArgumentException("line 1: expected the header 'Emoji,Unicode codepoint,Occurrences,...', but was '" + header + "'");
      }
      String text;
      int line = 1;
      while ((text = reader.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        String[] f = text.split(",", -1);
        if (f.length < 7) {
          throw new IllegalArgumentException("line " + line + ": expected at least 7 comma-separated fields, but found " + f.length);
        }
        long occurrences = number(line, "Occurrences", f[2]);
        long negative = number(line, "Negative", f[4]);
        long neutral = number(line, "Neutral", f[5]);
        long positive = number(line, "Positive", f[6]);
        if (occurrences <= 0 || negative + neutral + positive != occurrences) {
          throw new IllegalArgumentException("line " + line + ": Negative + Neutral + Positive must equal Occurrences > 0, but were "
              + negative + " + " + neutral + " + " + positive + " and " + occurrences);
        }
        rows.add(new Row(line, f[0], occurrences, negative, neutral, positive));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("reading the sentiment lexicon", e);
    }
    return rows;
  }

  private static long number(int line, String field, String text) {
    try {
      long n = Long.parseLong(text.trim());
      if (n < 0) {
        throw new NumberFormatException("negative");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("line " + line + ": " + field + " must be a whole number >= 0, but was '" + text + "'");
    }
  }
}
