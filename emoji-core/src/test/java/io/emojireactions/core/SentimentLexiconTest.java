package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentimentLexiconTest {

  private static final SentimentLexicon RANKING = SentimentLexicon.emojiSentimentRanking();
  private static final TimeWindow W0 = new TimeWindow(0, 2000);
  private static final TimeWindow W1 = new TimeWindow(2000, 4000);

  private static WindowedCount count(String room, TimeWindow w, String emoji, long n) {
    return new WindowedCount(room, w, emoji, n, 1, false);
  }

  @Test
  void builtInLexiconHoldsThePapersEmojisThatCanAppearInTheStream() {
    // 751 rows have Occurrences >= 5; 136 of them are symbols that are not RGI emojis (★, ♪, box
    // drawing, lone regional indicators such as 🇺): the input contract rejects those, so they
    // could never match, and 615 remain.
    assertThat(RANKING.size()).isEqualTo(615);
    assertThat(RANKING.score("★")).isEmpty();
  }

  @Test
  void scoreIsPositiveMinusNegativeOverOccurrences() {
    // 😂: 14622 occurrences, 3614 negative, 6845 positive.
    assertThat(RANKING.score("😂").getAsDouble()).isEqualTo((6845.0 - 3614) / 14622);
    // 😭: 5526 occurrences, 2412 negative, 1896 positive: a negative score.
    assertThat(RANKING.score("😭").getAsDouble()).isCloseTo(-0.0933767643865364, within(1e-15));
  }

  @Test
  void heartWithoutVariationSelectorInTheCsvMatchesTheFullyQualifiedHeart() {
    // The CSV stores U+2764 alone; the stream carries U+2764 U+FE0F.
    assertThat(RANKING.scores()).containsKey("\u2764\uFE0F").doesNotContainKey("\u2764");
    assertThat(RANKING.score("\u2764\uFE0F").getAsDouble()).isEqualTo(6006.0 / 8050);
    assertThat(RANKING.score("\u2764").getAsDouble()).isEqualTo(6006.0 / 8050);
  }

  @Test
  void emojisBelowTheThresholdOrNewerThanTheDataHaveNoScore() {
    assertThat(RANKING.score("📦")).isEmpty(); // 4 occurrences
    assertThat(SentimentLexicon.emojiSentimentRanking(4).score("📦").getAsDouble()).isEqualTo(1.0 / 4);
    assertThat(RANKING.score("🥳")).isEmpty(); // Unicode 11, after the 2015 data
    assertThat(RANKING.score("not an emoji")).isEmpty();
  }

  @Test
  void windowSentimentIsTheCountWeightedMeanOfScoredEmojisWithTheUnscoredShare() {
    List<WindowSentiment> result = RANKING.sentiment(List.of(
        count("r", W0, "😂", 2), count("r", W0, "❤️", 1), count("r", W0, "🥳", 1), count("r", W1, "🥳", 3)));

    assertThat(result).hasSize(2);
    WindowSentiment first = result.get(0);
    assertThat(first.window()).isEqualTo(W0);
    assertThat(first.reactions()).isEqualTo(4);
    assertThat(first.scoredReactions()).isEqualTo(3);
    // (2 · 3231/14622 + 1 · 6006/8050) / 3
    assertThat(first.sentiment().getAsDouble()).isCloseTo(0.3960079213573353, within(1e-15));
    assertThat(first.unscoredShare()).isEqualTo(0.25);

    WindowSentiment second = result.get(1);
    assertThat(second.window()).isEqualTo(W1);
    assertThat(second.sentiment()).isEmpty();
    assertThat(second.unscoredShare()).isEqualTo(1.0);
  }

  @Test
  void repeatedUpdatesOfOneKeyAreMaxMergedBeforeWeighting() {
    List<WindowSentiment> result = RANKING.sentiment(List.of(
        count("r", W0, "😭", 1), count("r", W0, "😍", 3), count("r", W0, "😭", 3), count("r", W0, "😭", 2)));

    // 😭 counts 3 (the max), 😍 3: (3 · -516/5526 + 3 · 4311/6359) / 6
    double expected = (3 * (-516.0 / 5526) + 3 * (4311.0 / 6359)) / 6;
    assertThat(result).singleElement().satisfies(s -> {
      assertThat(s.reactions()).isEqualTo(6);
      assertThat(s.sentiment().getAsDouble()).isCloseTo(expected, within(1e-15));
      assertThat(s.unscoredShare()).isZero();
    });
  }

  @Test
  void roomsAreSeparate() {
    List<WindowSentiment> result = RANKING.sentiment(List.of(count("b", W0, "😭", 1), count("a", W0, "😂", 1)));
    assertThat(result).extracting(WindowSentiment::room).containsExactly("a", "b");
    assertThat(result.get(1).sentiment().getAsDouble()).isEqualTo(-516.0 / 5526);
  }

  @Test
  void explicitLexiconNormalizesKeysAndRejectsBadEntries() {
    SentimentLexicon lexicon = SentimentLexicon.of(Map.of("❤", 0.5));
    assertThat(lexicon.scores()).containsExactly(Map.entry("❤️", 0.5));
    assertThatThrownBy(() -> SentimentLexicon.of(Map.of("xx", 0.5))).hasMessageContaining("'xx' is not exactly one emoji");
    assertThatThrownBy(() -> SentimentLexicon.of(Map.of("🔥", 1.5))).hasMessageContaining("must be in [-1, 1], but was 1.5");
  }

  @Test
  void malformedCsvRowIsRejectedWithItsLine() {
    String csv = "Emoji,Unicode codepoint,Occurrences,Position,Negative,Neutral,Positive,Unicode name,Unicode block\n"
        + "😂,0x1f602,10,0.8,1,2,3,FACE,Emoticons\n";
    assertThatThrownBy(() -> SentimentLexicon.fromCsv(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)), 5))
        .hasMessageContaining("line 2: Negative + Neutral + Positive must equal Occurrences");
  }
}
