package io.emojireactions.core;

import io.emojireactions.core.internal.SentimentCsv;
import java.io.InputStream;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * A sentiment score in {@code [-1, 1]} per emoji, keyed by the canonical (fully-qualified) form
 * that {@link EmojiNormalizer} gives, so that {@code ❤} in a lexicon file matches {@code ❤️} in the
 * stream.
 *
 * <p>The built-in lexicon ({@link #emojiSentimentRanking()}) is the Emoji Sentiment Ranking 1.0
 * (Kralj Novak P, Smailović J, Sluban B, Mozetič I (2015) Sentiment of Emojis. PLoS ONE 10(12):
 * e0144296; CC BY-SA 4.0, shipped with its attribution as
 * {@code io/emojireactions/core/sentiment/README.md}): the score of an emoji is
 * {@code (positive − negative) / occurrences} over the tweets it occurred in, for the 751 emojis
 * with at least {@value #DEFAULT_MIN_OCCURRENCES} occurrences (the paper's lexicon).
 *
 * <p>Immutable and thread-safe.
 */
public final class SentimentLexicon {

  /** The paper's threshold: emojis seen in fewer tweets have no reliable score. */
  public static final int DEFAULT_MIN_OCCURRENCES = 5;

  /** Class-path location of the Emoji Sentiment Ranking 1.0 CSV. */
  public static final String EMOJI_SENTIMENT_RANKING_RESOURCE =
      "/io/emojireactions/core/sentiment/Emoji_Sentiment_Data_v1.0.csv";

  private static volatile SentimentLexicon ranking;

  private final Map<String, Double> scores;
  private final EmojiNormalizer normalizer;

  private SentimentLexicon(Map<String, Double> scores) {
    this.scores = Collections.unmodifiableMap(new TreeMap<>(scores));
    this.normalizer = EmojiNormalizer.create(false);
  }

  /** The Emoji Sentiment Ranking 1.0 with the paper's threshold (loaded once, then shared). */
  public static SentimentLexicon emojiSentimentRanking() {
    SentimentLexicon lexicon = ranking;
    if (lexicon == null) {
      synchronized (SentimentLexicon.class) {
        lexicon = ranking;
        if (lexicon == null) {
          lexicon = emojiSentimentRanking(DEFAULT_MIN_OCCURRENCES);
          ranking = lexicon;
        }
      }
    }
    return lexicon;
  }

  /** The Emoji Sentiment Ranking 1.0, keeping emojis with at least {@code minOccurrences} occurrences. */
  public static SentimentLexicon emojiSentimentRanking(int minOccurrences) {
    try (InputStream in = SentimentLexicon.class.getResourceAsStream(EMOJI_SENTIMENT_RANKING_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("resource " + EMOJI_SENTIMENT_RANKING_RESOURCE + " is missing from the class path");
      }
      return fromCsv(in, minOccurrences);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException("reading " + EMOJI_SENTIMENT_RANKING_RESOURCE, e);
    }
  }

  /**
   * Reads a CSV in the Emoji Sentiment Ranking layout (header line, then {@code Emoji, Unicode
   * codepoint, Occurrences, Position, Negative, Neutral, Positive, ...}). Rows with fewer than
   * {@code minOccurrences} occurrences are left out, and so are rows whose emoji is not one RGI
   * emoji (none in the 1.0 data at the default threshold).
   *
   * @throws IllegalArgumentException naming the line when a row is malformed, or two rows are the
   *     same emoji after normalization
   */
  public static SentimentLexicon fromCsv(InputStream csv, int minOccurrences) {
    if (minOccurrences < 1) {
      throw new IllegalArgumentException("minOccurrences must be >= 1, but was " + minOccurrences);
    }
    Objects.requireNonNull(csv, "csv");
    Map<String, Double> scores = new LinkedHashMap<>();
    for (SentimentCsv.Row row : SentimentCsv.read(csv)) {
      if (row.occurrences() < minOccurrences) {
        continue;
      }
      String canonical = EmojiNormalizer.create(false).normalizeOrNull(row.emoji());
      if (canonical == null) {
        continue;
      }
      Double previous = scores.put(canonical, row.score());
      if (previous != null) {
        throw new IllegalArgumentException(
            "line " + row.line() + ": emoji " + row.emoji() + " is the same emoji as an earlier row after normalization (" + canonical + ")");
      }
    }
    return new SentimentLexicon(scores);
  }

  /**
   * A lexicon from explicit scores; keys are normalized.
   *
   * @throws IllegalArgumentException when a key is not one emoji, a score is outside [-1, 1] or
   *     NaN, or two keys are the same emoji
   */
  public static SentimentLexicon of(Map<String, Double> scores) {
    Map<String, Double> normalized = new LinkedHashMap<>();
    scores.forEach(
        (emoji, score) -> {
          String canonical = EmojiNormalizer.create(false).normalizeOrNull(emoji);
          if (canonical == null) {
            throw new IllegalArgumentException("lexicon key '" + emoji + "' is not exactly one emoji");
          }
          if (score == null || !(score >= -1 && score <= 1)) {
            throw new IllegalArgumentException("score of " + emoji + " must be in [-1, 1], but was " + score);
          }
          if (normalized.put(canonical, score) != null) {
            throw new IllegalArgumentException("lexicon keys name " + canonical + " twice");
          }
        });
    return new SentimentLexicon(normalized);
  }

  /** The score of {@code emoji} (any accepted spelling), or empty when the lexicon has none. */
  public OptionalDouble score(String emoji) {
    Double score = scores.get(emoji);
    if (score == null) {
      String canonical = normalizer.normalizeOrNull(emoji);
      score = canonical == null ? null : scores.get(canonical);
    }
    return score == null ? OptionalDouble.empty() : OptionalDouble.of(score);
  }

  /** Canonical emoji → score, sorted by emoji; unmodifiable. Spark builds its lookup column from this. */
  public Map<String, Double> scores() {
    return scores;
  }

  /** The number of emojis with a score. */
  public int size() {
    return scores.size();
  }

  /**
   * The sentiment of each (room, window) in {@code counts}: see {@link WindowSentiment}. Repeated
   * update-mode messages of one key are max-merged first, so the result equals that of the merged
   * counts. Ordered by room, then window.
   */
  public List<WindowSentiment> sentiment(Iterable<WindowedCount> counts) {
    return WindowSentiment.of(this, counts);
  }

  @Override
  public String toString() {
    return "SentimentLexicon(" + scores.size() + " emojis)";
  }
}
