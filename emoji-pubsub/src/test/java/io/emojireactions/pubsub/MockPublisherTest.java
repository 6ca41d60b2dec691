package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.Counts.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MockPublisherTest {

  @Test
  void recordsWhatWouldReachEachTopicByTheTopologysRouting() {
    MockPublisher publisher = new MockPublisher(FanOutTopology.defaults());
    publisher.publish(count("😢", 5)); // hashes to _sub3
    publisher.publish(count("😂", 2)); // hashes to _sub1
    publisher.flush();

    assertThat(publisher.publishedCount()).isEqualTo(2);
    assertThat(publisher.history()).hasSize(12);
    assertThat(publisher.sentTo("emoji_cluster_1")).extracting(c -> c.emoji()).containsExactly("😢", "😂");
    assertThat(publisher.sentTo("emoji_cluster_2_sub3")).extracting(c -> c.emoji()).containsExactly("😢");
    assertThat(publisher.sentTo("emoji_cluster_2_sub1")).extracting(c -> c.emoji()).containsExactly("😂");
    assertThat(publisher.sentTo("emoji_cluster_2_sub2")).isEmpty();
    assertThat(publisher.history().get(0).key()).isEqualTo("global|😢");
    assertThat(publisher.flushCount()).isEqualTo(1);
  }

  @Test
  void failNextMakesOnlyTheNextPublishFail() {
    MockPublisher publisher = new MockPublisher(FanOutTopology.defaults());
    publisher.failNext(new IllegalStateException("broker down"));
    assertThatThrownBy(() -> publisher.publish(count("😂", 1))).isInstanceOf(PublishException.class).hasMessageContaining("broker down");
    publisher.publish(count("😂", 1));
    assertThat(publisher.publishedCount()).isEqualTo(1);
  }

  @Test
  void useAfterCloseIsMisuse() {
    MockPublisher publisher = new MockPublisher(FanOutTopology.defaults());
    publisher.close();
    assertThat(publisher.closed()).isTrue();
    assertThatThrownBy(() -> publisher.publish(count("😂", 1))).isInstanceOf(IllegalStateException.class);
  }
}
