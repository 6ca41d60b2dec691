package io.emojireactions.apps.pipeline;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.get_json_object;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.regexp_replace;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

import io.emojireactions.core.SentimentLexicon;
import io.emojireactions.spark.SentimentTransforms;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * {@code emoji pipeline --sentiment}: each output message gets a last field
 * {@value SentimentTransforms#SCORE}, the lexicon score of its emoji
 * ({@link SentimentTransforms#scoreColumn}, the Emoji Sentiment Ranking), or {@code null} when the
 * emoji has none:
 *
 * <pre>{@code {"room":"global",…,"final":false,"sentiment_score":0.746}}</pre>
 *
 * <p>Applied to the finished output records ({@code key}, {@code value} JSON text), so the seven
 * contract fields stay byte for byte what they are without the flag; readers of the contract ignore
 * unknown fields ({@code WindowedCountJson}), so the field is safe to add. A stateless projection:
 * it follows the streaming aggregation.
 */
public final class SentimentOutput {

  private SentimentOutput() {}

  /** {@code outputRecords} with {@code ,"sentiment_score":<score|null>} appended to each JSON object in {@code value}. */
  public static Dataset<Row> withSentimentScore(Dataset<Row> outputRecords, SentimentLexicon lexicon) {
    Objects.requireNonNull(lexicon, "lexicon");
    Column value = col("value").cast("string");
    Column score = SentimentTransforms.scoreColumn(get_json_object(value, "$.emoji"), lexicon);
    // {"sentiment_score":0.746} (or null), written by Spark's JSON writer, spliced in as the last field.
    Column field = to_json(struct(score.as(SentimentTransforms.SCORE)), Map.of("ignoreNullFields", "false"));
    return outputRecords.withColumn("value",
        concat(regexp_replace(value, "\\}$", ""), lit(","), regexp_replace(field, "^\\{", "")));
  }
}
