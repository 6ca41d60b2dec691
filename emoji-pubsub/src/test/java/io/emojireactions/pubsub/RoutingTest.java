package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.Counts.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingTest {

  private static final List<String> SUBS = List.of("s1", "s2", "s3");

  @Test
  void hashSendsEachEmojiToTheSameFixedSubTopicOnEveryRun() {
    // Pinned values: murmur2 of the UTF-8 bytes, positive, mod 3. If this test changes, routing
    // changed for every deployed subscriber, which is exactly what the seed got wrong.
    assertThat(Routing.hash().route(count("❤️", 1), SUBS)).containsExactly("s2");
    assertThat(Routing.hash().route(count("👍", 1), SUBS)).containsExactly("s2");
    assertThat(Routing.hash().route(count("😂", 1), SUBS)).containsExactly("s1");
    assertThat(Routing.hash().route(count("🎉", 1), SUBS)).containsExactly("s1");
    assertThat(Routing.hash().route(count("😢", 1), SUBS)).containsExactly("s3");
    assertThat(Routing.hash().route(count("🙏", 1), SUBS)).containsExactly("s3");
    assertThat(Routing.hash().route(count("👏🏽", 1), SUBS)).containsExactly("s1");
  }

  @Test
  void hashIndexIsMurmur2OfUtf8BytesPositiveModN() {
    assertThat(Routing.hashIndex("❤️", 3)).isEqualTo(1);
    assertThat(Routing.hashIndex("🔥", 3)).isEqualTo(1);
    assertThat(Routing.hashIndex("💯", 3)).isEqualTo(2);
    assertThat(Routing.hashIndex("❤️", 1)).isZero();
    assertThatThrownBy(() -> Routing.hashIndex("❤️", 0)).hasMessageContaining("sub-topic count must be > 0");
  }

  @Test
  void hashDependsOnTheEmojiOnlyNotOnRoomWindowOrCount() {
    assertThat(Routing.hash().route(count("lobby", 7, "😢", 999), SUBS)).isEqualTo(Routing.hash().route(count("😢", 1), SUBS));
  }

  @Test
  void broadcastSendsToEverySubTopic() {
    assertThat(Routing.broadcast().route(count("❤️", 1), SUBS)).containsExactly("s1", "s2", "s3");
  }

  @Test
  void filterOnCountAndRoomPassesMatchingMessagesToTheInnerRoutingAndDropsTheRest() {
    Routing routing = Routing.filter(MessageFilter.all().withRooms("match").withMinReactionCount(10), Routing.hash());
    assertThat(routing.route(count("match", 0, "😢", 10), SUBS)).containsExactly("s3");
    assertThat(routing.route(count("match", 0, "😢", 9), SUBS)).isEmpty();
    assertThat(routing.route(count("lobby", 0, "😢", 50), SUBS)).isEmpty();
  }

  @Test
  void filterOnScaledReactionsUsesTheScaledValue() {
    Routing routing = Routing.filter(MessageFilter.all().withMinScaledReactions(2));
    var low = new io.emojireactions.core.WindowedCount("global", count("❤️", 1).window(), "❤️", 500, 1, false);
    var high = new io.emojireactions.core.WindowedCount("global", count("❤️", 1).window(), "❤️", 5000, 5000, false);
    assertThat(routing.route(low, SUBS)).isEmpty();
    assertThat(routing.route(high, SUBS)).containsExactly("s1", "s2", "s3");
  }

  @Test
  void parsesEverySpecAndPrintsItBack() {
    assertThat(Routing.parse("hash")).isSameAs(Routing.hash());
    assertThat(Routing.parse(" Broadcast ")).isSameAs(Routing.broadcast());
    Routing filter = Routing.parse("filter:rooms=a,b;min_count=5;then=hash");
    assertThat(filter).isInstanceOf(Routing.Filtered.class);
    assertThat(((Routing.Filtered) filter).then()).isSameAs(Routing.hash());
    assertThat(((Routing.Filtered) filter).filter().rooms()).containsExactlyInAnyOrder("a", "b");
    assertThat(((Routing.Filtered) filter).filter().minReactionCount()).isEqualTo(5);
    assertThat(filter.spec()).isEqualTo("filter:rooms=a,b;min_count=5;then=hash");
    assertThat(Routing.parse(filter.spec())).isEqualTo(filter);
    assertThat(Routing.parse("filter:min_scaled=3").spec()).isEqualTo("filter:min_scaled=3");
  }

  @Test
  void rejectsUnknownRoutingWithTheAcceptedForms() {
    assertThatThrownBy(() -> Routing.parse("random"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hash', 'broadcast' or 'filter:")
        .hasMessageContaining("'random'");
    assertThatThrownBy(() -> Routing.parse("filter:colour=red")).hasMessageContaining("unknown filter condition 'colour'");
    assertThatThrownBy(() -> Routing.parse("filter:min_count=lots")).hasMessageContaining("min_count must be a whole number, but was 'lots'");
    assertThatThrownBy(() -> Routing.parse("filter:min_count=1;then=filter:min_count=2")).hasMessageContaining("then= must be hash or broadcast");
  }
}
