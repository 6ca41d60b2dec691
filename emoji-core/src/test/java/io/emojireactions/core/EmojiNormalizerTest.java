package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.internal.EmojiTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class EmojiNormalizerTest {

  private static final EmojiNormalizer PLAIN = EmojiNormalizer.create(false);
  private static final EmojiNormalizer FOLDING = EmojiNormalizer.create(true);

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    // input (as Java escapes are not read by CsvSource, literal emoji), expected canonical form
    "👍, 👍",
    "❤️, ❤️",
    "❤, ❤️",
    "😂, 😂",
    "🔥, 🔥",
    "🇺🇸, 🇺🇸",
    "1️⃣, 1️⃣",
    "1⃣, 1️⃣",
    "#️⃣, #️⃣",
    "©, ©️",
    "👨‍👩‍👧‍👦, 👨‍👩‍👧‍👦",
    "👁‍🗨, 👁️‍🗨️",
    "🏳️‍🌈, 🏳️‍🌈",
    "🏳‍🌈, 🏳️‍🌈",
    "🏴󠁧󠁢󠁥󠁮󠁧󠁿, 🏴󠁧󠁢󠁥󠁮󠁧󠁿",
    "👍🏽, 👍🏽",
    "☝🏻, ☝🏻",
    "🧑🏽‍💻, 🧑🏽‍💻",
  })
  void emojisNormalizeToTheirFullyQualifiedForm(String input, String expected) {
    assertThat(PLAIN.normalize(input)).contains(expected);
  }

  @Test
  void heartWithAndWithoutVariationSelectorIsTheSameEmoji() {
    assertThat(PLAIN.normalize("\u2764")).contains("\u2764\uFE0F");
    assertThat(PLAIN.normalize("\u2764\uFE0F")).contains("\u2764\uFE0F");
    assertThat(PLAIN.normalize("\u2764\uFE0E")).contains("\u2764\uFE0F");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "👍🏽, 👍",
    "👍🏿, 👍",
    "👍, 👍",
    "☝🏻, ☝️",
    "🧑🏽‍💻, 🧑‍💻",
    "👩🏻‍❤️‍💋‍👨🏼, 👩‍❤️‍💋‍👨",
    "🧑🏻‍🤝‍🧑🏿, 🧑‍🤝‍🧑",
  })
  void skinToneFoldingRemovesModifiers(String input, String expected) {
    assertThat(FOLDING.normalize(input)).contains(expected);
  }

  @Test
  void foldingKeepsTheTonesWhenNoTonelessRgiFormExists() {
    // 🫱🏻‍🫲🏼 (handshake of two tones) has no toneless RGI sequence
    String handshake = "\uD83E\uDEF1\uD83C\uDFFB\u200D\uD83E\uDEF2\uD83C\uDFFC";

    assertThat(FOLDING.normalize(handshake)).contains(handshake);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " ", "a", "hello", "1", "9", "#", "*", "👍👍", "❤️❤️", "👍 ", " 👍",
      "\uD83C\uDFFD", "\u200D", "\uFE0F", "\uD83C\uDDFA", "\uD83D", "1\uFE0F", "👍\u200D", ":+1:"})
  void nonEmojisAreRejected(String input) {
    assertThat(PLAIN.normalize(input)).isEmpty();
    assertThat(FOLDING.normalize(input)).isEmpty();
  }

  @Test
  void nullAndOverlongInputAreRejected() {
    assertThat(PLAIN.normalize(null)).isEmpty();
    assertThat(PLAIN.normalize("👍".repeat(40))).isEmpty();
  }

  @Test
  void cachedAnswersEqualFreshAnswers() {
    for (int i = 0; i < 3; i++) {
      assertThat(PLAIN.normalizeOrNull("❤")).isEqualTo("❤️");
      assertThat(PLAIN.normalizeOrNull("nope")).isNull();
    }
  }

  @Test
  void tableHoldsEveryRgiEmojiButLoneSkinTones() {
    // ICU 77 / Unicode 16: 3790 RGI emojis, 5 of them lone Fitzpatrick modifiers.
    assertThat(EmojiTable.size()).isEqualTo(3790 - 5);
  }
}
