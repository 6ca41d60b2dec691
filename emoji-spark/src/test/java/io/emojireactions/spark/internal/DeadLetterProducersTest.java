package io.emojireactions.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.DeadLetter;
import io.emojireactions.core.DeadLetterCodec;
import io.emojireactions.spark.DeadLetterSink;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeadLetterProducersTest {

  @AfterEach
  void closeProducers() {
    DeadLetterProducers.closeAll();
  }

  @Test
  void aBatchWhoseSendFailedFailsWhenItFinishesSoTheTaskAndItsMicroBatchFail() {
    // No broker listens on port 1: the send cannot get metadata and fails after max.block.ms.
    DeadLetterSink nowhere = new DeadLetterSink("127.0.0.1:1", "dlq", Map.of("max.block.ms", "200"));
    DeadLetterProducers.Batch batch = DeadLetterProducers.batch(nowhere);
    batch.send(DeadLetterCodec.encode(DeadLetter.of("MALFORMED_JSON", "m", "emoji_reactions", 3, 17L, null, new byte[] {1})));

    assertThat(batch.sent()).isEqualTo(1);
    assertThatThrownBy(batch::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContainingAll("DLQ topic 'dlq' did not take the dead letter", "topic emoji_reactions partition 3 offset 17",
            "no record is skipped", "restart on the same checkpoint");
    assertThat(batch.isFinished()).isTrue();
  }

  @Test
  void aBatchThatSentNothingFinishesWithoutTouchingKafka() {
    DeadLetterProducers.Batch batch = DeadLetterProducers.batch(new DeadLetterSink("127.0.0.1:1", "dlq", Map.of()));
    batch.finish();
    assertThat(batch.isFinished()).isTrue();
    assertThat(batch.sent()).isZero();
  }

  @Test
  void theProducerCanSendTheLargestDeadLetterOfItsBound() {
    assertThat(DeadLetterProducers.maxRequestSize(8_192)).isEqualTo(1_048_576);
    assertThat(DeadLetterProducers.maxRequestSize(1_000_000)).isEqualTo(1_065_536);
    assertThat(DeadLetterProducers.maxRequestSize(4_000_000)).isEqualTo(4_065_536);
  }
}
