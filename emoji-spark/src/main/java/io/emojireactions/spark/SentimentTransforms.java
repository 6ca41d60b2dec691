package io.emojireactions.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.map;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.try_element_at;
import static org.apache.spark.sql.functions.when;

import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.core.WindowSentiment;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Emoji sentiment as Spark Columns, built from a {@link SentimentLexicon} as data (one map
 * literal), never a UDF, with the same rule as core's {@link WindowSentiment}.
 *
 * <p>Input rows have the window-count columns {@code room, window_start, window_end, emoji,
 * reaction_count}, with the canonical emoji (as the pipeline's parse step writes it).
 *
 * <pre>{@code
 * SentimentLexicon lexicon = SentimentLexicon.emojiSentimentRanking();
 * counts.transform(c -> SentimentTransforms.withScore(c, lexicon));        // per row; streaming too
 * finalCounts.transform(c -> SentimentTransforms.windowSentiment(c, lexicon)); // per (room, window)
 * }</pre>
 *
 * <p>{@link #withScore} is a stateless projection, so it may follow the streaming aggregation.
 * {@link #windowSentiment} is a second aggregation: use it on batch data holding one row per
 * (room, window, emoji) (final counts, a max-merged table, or a batch read of the output topic),
 * since Spark does not chain streaming aggregations in update mode.
 */
public final class SentimentTransforms {

  /** Column added by {@link #withScore}: the emoji's score, null when the lexicon has none. */
  public static final String SCORE = "sentiment_score";

  private SentimentTransforms() {}

  /**
   * The lexicon score of {@code emoji} (a canonical-emoji string column) as a double, or null.
   * One literal map of the lexicon looked up per row; Spark folds the map to a constant.
   */
  public static Column scoreColumn(Column emoji, SentimentLexicon lexicon) {
    Map<String, Double> scores = lexicon.scores();
    List<Column> keysAndValues = new ArrayList<>(scores.size() * 2);
    scores.forEach((e, score) -> {
      keysAndValues.add(lit(e));
      keysAndValues.add(lit(score));
    });
    if (keysAndValues.isEmpty()) {
      return lit(null).cast("double");
    }
    // try_element_at yields null for a missing key whatever spark.sql.ansi.enabled says.
    return try_element_at(map(keysAndValues.toArray(new Column[0])), emoji);
  }

  /** {@code counts} with a {@value #SCORE} column (double, null for emojis the lexicon does not score). */
  public static Dataset<Row> withScore(Dataset<Row> counts, SentimentLexicon lexicon) {
    return counts.withColumn(SCORE, scoreColumn(col("emoji"), lexicon));
  }

  /**
   * Per (room, window): {@code room, window_start, window_end, reactions, scored_reactions,
   * sentiment, unscored_share}. {@code sentiment} = Σ count·score / Σ count over the scored
   * emojis (null when none is scored); {@code unscored_share} = share of reactions without a score.
   * Expects one row per (room, window, emoji).
   */
  public static Dataset<Row> windowSentiment(Dataset<Row> counts, SentimentLexicon lexicon) {
    Column score = scoreColumn(col("emoji"), lexicon);
    Column count = col("reaction_count");
    return counts
        .groupBy(col("room"), col("window_start"), col("window_end"))
        .agg(
            sum(count).as("reactions"),
            sum(when(score.isNotNull(), count).otherwise(lit(0L))).as("scored_reactions"),
            sum(count.cast("double").multiply(score)).as("score_sum"))
        .select(
            col("room"),
            col("window_start"),
            col("window_end"),
            col("reactions"),
            col("scored_reactions"),
            when(col("scored_reactions").gt(0), col("score_sum").divide(col("scored_reactions"))).as("sentiment"),
            when(col("reactions").gt(0), col("reactions").minus(col("scored_reactions")).divide(col("reactions")))
                .otherwise(lit(0.0))
                .as("unscored_share"));
  }
}
