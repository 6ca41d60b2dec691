package com.example.emoji.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.testkit.TopicIO;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** emoji-testkit: a real Kafka broker (its own JVM) for the tests of this class. */
class KafkaRoundTripTest {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1); // started before the first test, stopped after the last

  @Test
  void whatIsProducedIsReadBack() {
    String topic = KAFKA.topic("reactions", 3); // 3 partitions, retention off
    List<String> values = List.of("{\"user_id\":\"u1\",\"emoji_type\":\"👍\",\"timestamp\":0}");

    TopicIO.produce(KAFKA.bootstrapServers(), topic, values);

    assertEquals(values, TopicIO.readValues(KAFKA.bootstrapServers(), topic, Duration.ofSeconds(30)));
  }
}
