package io.emojireactions.spark.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.spark.DeadLetterSink;
import java.nio.charset.StandardCharsets;
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
    batch.send("t-0@1".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(batch.sent()).isEqualTo(1);
    assertThatThrownBy(batch::finish)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("DLQ topic 'dlq' failed");
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
  void dlqJsonKeepsTheContractsFieldOrderAndOmitsAbsentFields() {
    assertThat(DeadLetterJson.value("NOT_AN_EMOJI", "m", "t", 0, 42L, "x".getBytes(StandardCharsets.UTF_8), "x"))
        .isEqualTo("{\"reason\":\"NOT_AN_EMOJI\",\"message\":\"m\",\"source_topic\":\"t\",\"source_partition\":0,"
            + "\"source_offset\":42,\"original\":\"x\"}");
    assertThat(DeadLetterJson.value("MALFORMED_JSON", "m", "t", 1, 2L, new byte[] {(byte) 0xC3}, null))
        .endsWith(",\"original_base64\":\"ww==\"}");
    assertThat(DeadLetterJson.value("MALFORMED_JSON", "m", "t", 1, 2L, null, null)).endsWith("\"source_offset\":2}");
    assertThat(DeadLetterJson.key("t", 3, 7L)).isEqualTo("t-3@7");
    assertThat(DeadLetterJson.key(null, 3, 7L)).isNull();
  }
}
