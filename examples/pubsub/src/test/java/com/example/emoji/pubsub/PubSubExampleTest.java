package com.example.emoji.pubsub;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.testkit.KafkaExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Runs the pub/sub example against a real broker from the test kit. */
class PubSubExampleTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);

  @Test
  void replayShowsTheMaxMergedCounts() throws Exception {
    List<WindowedCount> replayed = PubSubExample.run(KAFKA.bootstrapServers());

    assertEquals(2, replayed.size());
    assertEquals("❤️", replayed.get(0).emoji());
    assertEquals(3, replayed.get(0).reactionCount());
    assertEquals("👍", replayed.get(1).emoji());
    assertEquals(1, replayed.get(1).reactionCount());
  }
}
