package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientConfigsTest {

  private static final KafkaConnection USER = new KafkaConnection("a:1", Map.of(
      "enable.idempotence", "false", "acks", "1", "compression.type", "none", "linger.ms", "50",
      "isolation.level", "read_uncommitted", "enable.auto.commit", "true", "auto.offset.reset", "latest",
      "group.id", "theirs", "client.id", "mine", "security.protocol", "SSL"));

  @Test
  void producerGuaranteesOverrideUserValuesButTuningIdentityAndSecurityPassThrough() {
    Map<String, Object> guarantees = Map.of("bootstrap.servers", "a:1", "enable.idempotence", true, "acks", "all",
        "transactional.id", "tx-1", "key.serializer", "org.apache.kafka.common.serialization.ByteArraySerializer");
    Map<String, Object> users = Map.of("compression.type", "none", "linger.ms", "50", "client.id", "mine", "security.protocol", "SSL");
    assertThat(KafkaClientConfigs.transactionalProducer(USER, "c", "tx-1")).containsAllEntriesOf(guarantees).containsAllEntriesOf(users);
    assertThat(KafkaClientConfigs.producer(KafkaConnection.of("a:1"), "c"))
        .containsEntry("client.id", "c").containsEntry("compression.type", "lz4").containsEntry("linger.ms", 10)
        .containsEntry("batch.size", 128 * 1024).doesNotContainKey("transactional.id");
  }

  @Test
  void bulkProducerHasTheProducersGuaranteesAndItsOwnDefaults() {
    assertThat(KafkaClientConfigs.bulkProducer(KafkaConnection.of("a:1"), "bulk"))
        .containsEntry("enable.idempotence", true).containsEntry("acks", "all").containsEntry("compression.type", "lz4")
        .containsEntry("linger.ms", 20).containsEntry("batch.size", 256 * 1024).containsEntry("buffer.memory", 64L * 1024 * 1024)
        .containsEntry("client.id", "bulk");
    assertThat(KafkaClientConfigs.bulkProducer(USER, "bulk")).containsEntry("acks", "all").containsEntry("linger.ms", "50");
  }

  @Test
  void consumerNeverAutoCommitsReadsOnlyCommittedTransactionsAndStartsAGroupAtTheEarliest() {
    assertThat(KafkaClientConfigs.consumer(USER, "c", "g")).containsAllEntriesOf(Map.of("group.id", "g", "enable.auto.commit", false,
        "isolation.level", "read_committed", "auto.offset.reset", "earliest", "security.protocol", "SSL"));
  }

  @Test
  void readerIsAConsumerOutsideAnyGroup() {
    assertThat(KafkaClientConfigs.reader(USER, "r")).doesNotContainKey("group.id")
        .containsEntry("enable.auto.commit", false).containsEntry("isolation.level", "read_committed");
  }

  @Test
  void adminGetsTheConnectionOnlyAndEveryResultIsTheCallersOwn() {
    Map<String, Object> admin = KafkaClientConfigs.admin(USER, "adm");
    assertThat(admin).containsEntry("bootstrap.servers", "a:1").containsEntry("security.protocol", "SSL");
    admin.put("request.timeout.ms", 2_000);
    assertThat(KafkaClientConfigs.admin(USER, "adm")).doesNotContainKey("request.timeout.ms");
  }

  @Test
  void blankIdsAreRefusedByName() {
    assertThatThrownBy(() -> KafkaClientConfigs.consumer(USER, "c", " ")).hasMessage("groupId must not be blank, but was ' '");
    assertThatThrownBy(() -> KafkaClientConfigs.producer(USER, null)).hasMessage("clientId must not be blank, but was 'null'");
    assertThatThrownBy(() -> KafkaClientConfigs.transactionalProducer(USER, "c", "")).hasMessageContaining("transactionalId");
  }
}
