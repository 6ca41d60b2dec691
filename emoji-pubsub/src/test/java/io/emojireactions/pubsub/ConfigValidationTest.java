package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigValidationTest {

  @Test
  void startFromParsesTheFourForms() {
    assertThat(StartFrom.parse("checkpoint")).isSameAs(StartFrom.checkpoint());
    assertThat(StartFrom.parse("EARLIEST")).isSameAs(StartFrom.earliest());
    assertThat(StartFrom.parse("latest")).isSameAs(StartFrom.latest());
    assertThat(StartFrom.parse("2025-10-29T22:31:00Z")).isEqualTo(StartFrom.at(Instant.parse("2025-10-29T22:31:00Z")));
    assertThatThrownBy(() -> StartFrom.parse("yesterday")).hasMessageContaining("checkpoint, earliest, latest or an ISO-8601 instant")
        .hasMessageContaining("'yesterday'");
  }

  @Test
  void kafkaConnectionValidatesServersAndHidesPropertyValues() {
    KafkaConnection kafka = new KafkaConnection(" a:1,b:2 ", Map.of("sasl.jaas.config", "secret"));
    assertThat(kafka.bootstrapServers()).isEqualTo("a:1,b:2");
    assertThat(kafka.toString()).contains("sasl.jaas.config").doesNotContain("secret");
    assertThatThrownBy(() -> KafkaConnection.of(" ")).hasMessageContaining("bootstrap.servers must not be blank");
    assertThatThrownBy(() -> KafkaConnection.of("a:x")).hasMessageContaining("but contained 'a:x'");
    assertThatThrownBy(() -> new KafkaConnection("a:1", Map.of("bootstrap.servers", "b:2"))).hasMessageContaining("must not contain bootstrap.servers");
  }

  @Test
  void kafkaConnectionPropertiesAreKnownClientSettingsNamedInEveryRefusal() {
    assertThat(new KafkaConnection("a:1", Map.of(" security.protocol ", " SSL ")).properties()).isEqualTo(Map.of("security.protocol", "SSL"));
    assertThatThrownBy(() -> new KafkaConnection("a:1", Map.of("security.protocoll", "SSL")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'security.protocoll'").hasMessageContaining("spelling");
    assertThatThrownBy(() -> KafkaConnection.validProperties(Map.of("kafka.security.protocol", "SSL"))).hasMessageContaining("give 'security.protocol'");
    assertThatThrownBy(() -> KafkaConnection.validProperties(Map.of(" ", "x"))).hasMessageContaining("must not be empty");
    Map<String, String> noValue = new HashMap<>();
    noValue.put("sasl.jaas.config", null);
    assertThatThrownBy(() -> KafkaConnection.validProperties(noValue)).hasMessageContaining("'sasl.jaas.config' needs a value");
  }

  @Test
  void redactionHidesEverySecretAndKeepsTheRest() {
    Map<String, String> props = Map.of(
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"u\" password=\"s3cr3t\";",
        "ssl.key.password", "kp",
        "ssl.keystore.password", "ksp",
        "ssl.truststore.password", "tsp",
        "ssl.keystore.key", "-----BEGIN PRIVATE KEY-----",
        "sasl.oauthbearer.client.secret.custom", "x",
        "security.protocol", "SASL_SSL",
        "ssl.truststore.location", "/etc/ts.p12");
    Map<String, String> shown = KafkaConnection.redact(props);
    assertThat(shown).containsEntry("security.protocol", "SASL_SSL").containsEntry("ssl.truststore.location", "/etc/ts.p12");
    for (String secret : List.of("sasl.jaas.config", "ssl.key.password", "ssl.keystore.password", "ssl.truststore.password",
        "ssl.keystore.key", "sasl.oauthbearer.client.secret.custom")) {
      assertThat(shown).containsEntry(secret, KafkaConnection.HIDDEN);
    }
    assertThat(shown.toString()).doesNotContain("s3cr3t").doesNotContain("kp,").doesNotContain("PRIVATE");
  }

  @Test
  void relayAndSubscriberConfigsNameTheBadField() {
    RelayConfig relay = RelayConfig.of(FanOutTopology.defaults(), KafkaConnection.of("localhost:9092"));
    assertThat(relay.transactionalId()).isEqualTo("emoji-fanout-relay-0");
    assertThatThrownBy(() -> relay.toBuilder().maxPollRecords(0).build()).hasMessageContaining("maxPollRecords must be > 0, but was 0");
    assertThatThrownBy(() -> relay.toBuilder().transactionalId("").build()).hasMessageContaining("transactionalId must not be blank");
    assertThatThrownBy(() -> relay.toBuilder().pollTimeout(Duration.ZERO).build()).hasMessageContaining("pollTimeout must be > 0");
    SubscriberConfig subscriber = SubscriberConfig.of(KafkaConnection.of("localhost:9092"), "emoji_cluster_1", "g");
    assertThat(subscriber.startFrom()).isSameAs(StartFrom.checkpoint());
    assertThatThrownBy(() -> SubscriberConfig.of(KafkaConnection.of("localhost:9092"), "no such topic", "g")).hasMessageContaining("topic must be a Kafka topic name");
    assertThatThrownBy(() -> SubscriberConfig.of(KafkaConnection.of("localhost:9092"), "t", " ")).hasMessageContaining("groupId must not be blank");
  }

  @Test
  void topicSettingsValidateAndSetRetention() {
    assertThat(TopicSettings.of(3, 1).toBuilder().retention(Duration.ofDays(-1)).build().configs()).containsEntry("retention.ms", "-1");
    assertThat(TopicSettings.of(3, 1).toBuilder().retention(Duration.ofHours(1)).build().configs()).containsEntry("retention.ms", "3600000");
    assertThatThrownBy(() -> TopicSettings.of(0, 1)).hasMessageContaining("partitions must be >= 1, but was 0");
    assertThatThrownBy(() -> TopicSettings.of(1, 0)).hasMessageContaining("replication factor must be >= 1, but was 0");
    assertThatThrownBy(() -> TopicSettings.of(1, 40_000)).hasMessageContaining("replication factor must be <= 32767, but was 40000");
    TopicSettings alerts = TopicSettings.builder().partitions(1).config("cleanup.policy", "compact").build();
    assertThat(alerts.partitions()).hasValue(1);
    assertThat(alerts.replicationFactor()).isEmpty();
    assertThat(alerts.configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
    assertThat(TopicSettings.builder().replicationFactor(3).build().replicationFactor()).hasValue(3);
  }
}
