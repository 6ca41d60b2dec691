package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Defaults, validation messages (field and value) and copies of the pubsub config builders. */
class PubSubConfigBuildersTest {

  private static final KafkaConnection KAFKA = KafkaConnection.of("localhost:9092");

  @Test
  void subscriberConfigDefaults() {
    SubscriberConfig c = SubscriberConfig.builder().kafka(KAFKA).topic("t").groupId("g").build();
    assertThat(c.startFrom()).isSameAs(StartFrom.checkpoint());
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.maxPollRecords()).isEqualTo(500);
    assertThat(c.instanceId()).isEmpty();
    assertThat(c.onHandlerFailure()).isEqualTo(OnHandlerFailure.RETRY_THEN_DEAD_LETTER);
    assertThat(c.maxAttempts()).isEqualTo(3);
    assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.maxRetryBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(c.deadLetterTopic()).isEqualTo("t_dlq");
    assertThat(SubscriberConfig.of(KAFKA, "t", "g")).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void retryBackoffDoublesFromItsStartUpToItsCap() {
    SubscriberConfig c = SubscriberConfig.of(KAFKA, "t", "g").toBuilder().retryBackoff(Duration.ofMillis(100))
        .maxRetryBackoff(Duration.ofMillis(700)).maxAttempts(10).build();
    assertThat(java.util.stream.IntStream.rangeClosed(1, 6).mapToObj(c::backoffAfter).map(Duration::toMillis))
        .containsExactly(100L, 200L, 400L, 700L, 700L, 700L);
  }

  @Test
  void theDefaultDeadLetterTopicFollowsTheTopicAnExplicitOneStays() {
    SubscriberConfig c = SubscriberConfig.of(KAFKA, "t", "g");
    assertThat(c.toBuilder().topic("u").build().deadLetterTopic()).isEqualTo("u_dlq");
    assertThat(c.toBuilder().deadLetterTopic("bad_ones").build().toBuilder().topic("u").build().deadLetterTopic()).isEqualTo("bad_ones");
  }

  @Test
  void failurePolicyFieldsNameTheFieldAndValue() {
    SubscriberConfig.Builder ok = SubscriberConfig.of(KAFKA, "t", "g").toBuilder();
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().onHandlerFailure(null).build())
        .hasMessage("onHandlerFailure must be RETRY_THEN_DEAD_LETTER or STOP, but was null");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().maxAttempts(0).build())
        .hasMessage("maxAttempts must be 1 to 100, but was 0");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().retryBackoff(Duration.ZERO).build())
        .hasMessage("retryBackoff must be > 0, but was PT0S");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().maxRetryBackoff(Duration.ofMillis(50)).build())
        .hasMessage("maxRetryBackoff must be between retryBackoff (PT0.1S) and PT10M, but was PT0.05S");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().deadLetterTopic("t").build())
        .hasMessage("deadLetterTopic must differ from the topic, but was 't'");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().deadLetterTopic("a b").build())
        .hasMessageContaining("deadLetterTopic must be a Kafka topic name").hasMessageContaining("but was 'a b'");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t".repeat(246), "g"))
        .hasMessageContaining("deadLetterTopic must be set when the topic name is longer than 245 characters");
    assertThat(ok.onHandlerFailure(OnHandlerFailure.STOP).build().onHandlerFailure()).isEqualTo(OnHandlerFailure.STOP);
  }

  @Test
  void subscriberConfigNamesTheFieldAndValue() {
    SubscriberConfig.Builder ok = SubscriberConfig.of(KAFKA, "t", "g").toBuilder();
    assertThatThrownBy(() -> SubscriberConfig.builder().topic("t").groupId("g").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("kafka must be a Kafka connection, but was null");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, null, "g"))
        .hasMessageContaining("topic must be a Kafka topic name").hasMessageContaining("but was 'null'");
    assertThatThrownBy(() -> ok.groupId("").build()).hasMessage("groupId must not be blank, but was ''");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().startFrom(null).build())
        .hasMessage("startFrom must be checkpoint, earliest, latest or an instant, but was null");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().pollTimeout(Duration.ZERO).build())
        .hasMessage("pollTimeout must be > 0, but was PT0S");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().maxPollRecords(-3).build())
        .hasMessage("maxPollRecords must be > 0, but was -3");
    assertThatThrownBy(() -> SubscriberConfig.of(KAFKA, "t", "g").toBuilder().instanceId(" ").build())
        .hasMessage("instanceId must not be blank, but was ' '");
  }

  @Test
  void subscriberConfigToBuilderRoundTripsAndHidesSecrets() {
    SubscriberConfig c = SubscriberConfig.builder()
        .kafka(new KafkaConnection("a:1", Map.of("sasl.jaas.config", "s3cr3t")))
        .topic("t").groupId("g").startFrom(StartFrom.earliest()).pollTimeout(Duration.ofSeconds(1))
        .maxPollRecords(7).instanceId("i-1").onHandlerFailure(OnHandlerFailure.STOP).maxAttempts(5)
        .retryBackoff(Duration.ofSeconds(1)).maxRetryBackoff(Duration.ofSeconds(9)).deadLetterTopic("bad").build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.instanceId()).hasValue("i-1");
    assertThat(c.toBuilder().instanceId(null).build().instanceId()).isEmpty();
    assertThat(c.toBuilder().maxPollRecords(8).build()).isNotEqualTo(c);
    assertThat(c.toBuilder().maxAttempts(4).build()).isNotEqualTo(c);
    assertThat(c.toString()).contains("onHandlerFailure=STOP", "maxAttempts=5", "deadLetterTopic=bad");
    assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t");
  }

  @Test
  void relayConfigDefaults() {
    FanOutTopology topology = FanOutTopology.defaults();
    RelayConfig c = RelayConfig.builder().topology(topology).kafka(KAFKA).build();
    assertThat(c.groupId()).isEqualTo(RelayConfig.DEFAULT_GROUP_ID).isEqualTo("emoji-fanout-relay");
    assertThat(c.transactionalId()).isEqualTo(RelayConfig.DEFAULT_TRANSACTIONAL_ID).isEqualTo("emoji-fanout-relay-0");
    assertThat(c.maxPollRecords()).isEqualTo(2000);
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.retryBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.deadLetterMaxBytes()).isEqualTo(1_000_000);
    assertThat(RelayConfig.of(topology, KAFKA)).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void relayConfigNamesTheFieldAndValue() {
    RelayConfig ok = RelayConfig.of(FanOutTopology.defaults(), KAFKA);
    assertThatThrownBy(() -> RelayConfig.builder().kafka(KAFKA).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("topology must be a fan-out topology, but was null");
    assertThatThrownBy(() -> ok.toBuilder().kafka(null).build()).hasMessage("kafka must be a Kafka connection, but was null");
    assertThatThrownBy(() -> ok.toBuilder().groupId(" ").build()).hasMessage("groupId must not be blank, but was ' '");
    assertThatThrownBy(() -> ok.toBuilder().transactionalId(null).build()).hasMessage("transactionalId must not be blank, but was 'null'");
    assertThatThrownBy(() -> ok.toBuilder().maxPollRecords(0).build()).hasMessage("maxPollRecords must be > 0, but was 0");
    assertThatThrownBy(() -> ok.toBuilder().pollTimeout(Duration.ofMillis(-1)).build()).hasMessage("pollTimeout must be > 0, but was PT-0.001S");
    assertThatThrownBy(() -> ok.toBuilder().retryBackoff(null).build()).hasMessage("retryBackoff must be >= 0, but was null");
    assertThatThrownBy(() -> ok.toBuilder().deadLetterMaxBytes(8_191).build())
        .hasMessageStartingWith("deadLetterMaxBytes must be at least 8192").hasMessageEndingWith("but was 8191");
  }

  @Test
  void relayConfigToBuilderRoundTrips() {
    RelayConfig c = RelayConfig.of(FanOutTopology.defaults(), KAFKA).toBuilder()
        .groupId("g").transactionalId("tx-1").maxPollRecords(3).pollTimeout(Duration.ofSeconds(2)).retryBackoff(Duration.ZERO).deadLetterMaxBytes(65_536).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder().build().deadLetterMaxBytes()).isEqualTo(65_536);
    assertThat(c.toString()).contains("deadLetterMaxBytes=65536");
    assertThat(c.toBuilder().transactionalId("tx-2").build().transactionalId()).isEqualTo("tx-2");
    assertThat(c.transactionalId()).isEqualTo("tx-1");
  }

  @Test
  void topicSettingsDefaultsAreTheBrokers() {
    TopicSettings d = TopicSettings.builder().build();
    assertThat(d.partitions()).isEmpty();
    assertThat(d.replicationFactor()).isEmpty();
    assertThat(d.configs()).isEmpty();
    assertThat(TopicSettings.brokerDefaults()).isEqualTo(d).hasSameHashCodeAs(d);
    assertThat(TopicSettings.of(3, 2).partitions()).hasValue(3);
    assertThat(TopicSettings.of(3, 2).replicationFactor()).hasValue(2);
  }

  @Test
  void topicSettingsNameTheFieldAndValue() {
    assertThatThrownBy(() -> TopicSettings.builder().partitions(0).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("partitions must be >= 1, but was 0");
    assertThatThrownBy(() -> TopicSettings.builder().partitions((OptionalInt) null).build())
        .hasMessage("partitions must be empty or >= 1, but was null");
    assertThatThrownBy(() -> TopicSettings.builder().replicationFactor(0).build()).hasMessage("replication factor must be >= 1, but was 0");
    assertThatThrownBy(() -> TopicSettings.builder().replicationFactor(32768).build())
        .hasMessage("replication factor must be <= 32767, but was 32768");
    assertThatThrownBy(() -> TopicSettings.builder().replicationFactor((OptionalInt) null).build())
        .hasMessage("replicationFactor must be empty or 1 to 32767, but was null");
    assertThatThrownBy(() -> TopicSettings.builder().configs(null).build()).hasMessage("configs must be a map, but was null");
    Map<String, String> noValue = new HashMap<>();
    noValue.put("cleanup.policy", null);
    assertThatThrownBy(() -> TopicSettings.builder().configs(noValue).build()).hasMessage("configs value of 'cleanup.policy' must not be null");
    assertThatThrownBy(() -> TopicSettings.builder().config(" ", "x").build())
        .hasMessage("configs keys must be topic config names, but got ' '");
    assertThatThrownBy(() -> TopicSettings.builder().retention(null)).hasMessage("retention must be a duration, but was null");
  }

  @Test
  void topicSettingsToBuilderRoundTripsAndPrintsConfigNamesOnly() {
    TopicSettings s = TopicSettings.of(2, 1).toBuilder().config("cleanup.policy", "compact").retention(Duration.ofHours(1)).build();
    assertThat(s.configs()).isEqualTo(Map.of("cleanup.policy", "compact", "retention.ms", "3600000"));
    assertThat(s.toBuilder().build()).isEqualTo(s).hasSameHashCodeAs(s);
    assertThat(s.toBuilder().partitions(OptionalInt.empty()).build().partitions()).isEmpty();
    assertThat(s.toBuilder().configs(Map.of()).build().configs()).isEmpty();
    assertThat(s.toString()).contains("cleanup.policy", "retention.ms").doesNotContain("compact").doesNotContain("3600000");
  }
}
