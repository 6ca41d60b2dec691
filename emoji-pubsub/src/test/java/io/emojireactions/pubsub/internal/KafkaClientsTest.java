package io.emojireactions.pubsub.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.pubsub.KafkaConnection;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientsTest {

  private static final KafkaConnection USER = new KafkaConnection("a:1", Map.of(
      "enable.idempotence", "false", "acks", "1", "compression.type", "none", "linger.ms", "50",
      "isolation.level", "read_uncommitted", "enable.auto.commit", "true", "security.protocol", "SSL"));

  @Test
  void producerGuaranteesOverrideUserValuesButTuningAndSecurityPassThrough() {
    Map<String, Object> config = KafkaClients.transactionalProducer(USER, "c", "tx-1");
    assertThat(config).containsEntry("bootstrap.servers", "a:1")
        .containsEntry("enable.idempotence", true)
        .containsEntry("acks", "all")
        .containsEntry("compression.type", "lz4")
        .containsEntry("transactional.id", "tx-1")
        .containsEntry("linger.ms", "50")
        .containsEntry("security.protocol", "SSL");
    assertThat(KafkaClients.producer(KafkaConnection.of("a:1"), "c")).containsEntry("linger.ms", 10).doesNotContainKey("transactional.id");
  }

  @Test
  void consumerNeverAutoCommitsAndReadsOnlyCommittedTransactions() {
    Map<String, Object> config = KafkaClients.consumer(USER, "c", "g", "earliest");
    assertThat(config).containsEntry("group.id", "g")
        .containsEntry("enable.auto.commit", false)
        .containsEntry("isolation.level", "read_committed")
        .containsEntry("auto.offset.reset", "earliest")
        .containsEntry("security.protocol", "SSL");
  }
}
