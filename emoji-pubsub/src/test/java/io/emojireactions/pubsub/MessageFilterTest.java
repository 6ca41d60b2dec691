package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.Counts.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MessageFilterTest {

  @Test
  void emojiSetMatchesTheCanonicalFormWhateverFormItWasWrittenIn() {
    // "❤" without U+FE0F is the same emoji as the canonical "❤️" on the topics.
    MessageFilter filter = MessageFilter.parse("emojis=❤,👍");
    assertThat(filter.emojis()).containsExactlyInAnyOrder("❤️", "👍");
    assertThat(filter.test(count("❤️", 1))).isTrue();
    assertThat(filter.test(count("👍", 1))).isTrue();
    assertThat(filter.test(count("😂", 1))).isFalse();
  }

  @Test
  void allConditionsMustHold() {
    MessageFilter filter = MessageFilter.all().withEmojis("🔥").withRooms("match").withMinReactionCount(3);
    assertThat(filter.test(count("match", 0, "🔥", 3))).isTrue();
    assertThat(filter.test(count("match", 0, "🔥", 2))).isFalse();
    assertThat(filter.test(count("lobby", 0, "🔥", 3))).isFalse();
    assertThat(filter.test(count("match", 0, "😂", 3))).isFalse();
  }

  @Test
  void emptyFilterPassesEverything() {
    assertThat(MessageFilter.parse("").test(count("x", 9, "😂", 1))).isTrue();
  }

  @Test
  void rejectsSomethingThatIsNotAnEmoji() {
    assertThatThrownBy(() -> MessageFilter.parse("emojis=heart"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("exactly one emoji, but contained 'heart'");
  }

  @Test
  void rejectsNegativeMinimumsNamingTheField() {
    assertThatThrownBy(() -> MessageFilter.all().withMinReactionCount(-1)).hasMessageContaining("min_count must be >= 0, but was -1");
    assertThatThrownBy(() -> MessageFilter.all().withMinScaledReactions(-2)).hasMessageContaining("min_scaled must be >= 0, but was -2");
  }

  @Test
  void specRoundTrips() {
    MessageFilter filter = MessageFilter.parse("emojis=👍,🔥;rooms=b,a;min_count=2;min_scaled=1");
    assertThat(MessageFilter.parse(filter.spec())).isEqualTo(filter);
  }
}
