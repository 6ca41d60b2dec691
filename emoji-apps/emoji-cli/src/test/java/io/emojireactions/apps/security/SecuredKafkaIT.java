package io.emojireactions.apps.security;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.pubsub.ClusterSpec;
import io.emojireactions.pubsub.FanOutRelay;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.Routing;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.testkit.KafkaExtension;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a secured broker: {@code SASL_SSL} (SCRAM-SHA-512, a CA generated for the
 * test) with ACLs enforced. A writer, the Spark pipeline (its credentials as {@code kafka.*}
 * options), the transactional relay and a subscriber each use their own user and only the ACLs
 * they need, and the merged output is exact. A client with a wrong password and a client with
 * valid credentials but no ACLs are refused, and nothing they tried to send is counted.
 */
class SecuredKafkaIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(90);
  private static final String INPUT = "sec_reactions";
  private static final String MAIN = "sec_main";
  private static final String DLQ = "sec_reactions_dlq";
  private static final String CLUSTER_TOPIC = "sec_c1";

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.configured(b -> b.saslSsl());

  private static Map<String, String> user(String name) {
    String password = name + "-pw-" + Long.toHexString(System.nanoTime());
    KAFKA.cluster().addScramUser(name, password);
    return KAFKA.cluster().security().clientProperties(name, password);
  }

  private static AclBinding allow(String user, ResourceType type, String name, PatternType pattern, AclOperation op) {
    return new AclBinding(new ResourcePattern(type, name, pattern),
        new AccessControlEntry("User:" + user, "*", op, AclPermissionType.ALLOW));
  }

  private static Properties producerProperties(Map<String, String> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 15_000);
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
    return p;
  }

  /** Sends one valid reaction as the given client; returns what the send ended in. */
  private static Throwable sendOne(Map<String, String> client) {
    byte[] value = "{\"user_id\":\"intruder\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00\",\"room\":\"room-1\"}"
        .getBytes(StandardCharsets.UTF_8);
    try (KafkaProducer<byte[], byte[]> p = new KafkaProducer<>(producerProperties(client))) {
      p.send(new ProducerRecord<>(INPUT, value)).get();
      return null;
    } catch (ExecutionException e) {
      return e.getCause();
    } catch (Exception e) {
      return e;
    }
  }

  @Test
  void pipelineRelayAndSubscriberWorkWithTheirOwnCredentialsAndIntrudersAreRefused(@TempDir Path checkpoint) throws Exception {
    Map<String, String> writer = user("writer");
    Map<String, String> pipeline = user("pipeline");
    Map<String, String> relayUser = user("relay");
    Map<String, String> subscriberUser = user("subscriber");
    Map<String, String> mallory = user("mallory"); // valid credentials, no ACLs
    KAFKA.cluster().createTopic(INPUT, 2, 1, Map.of("retention.ms", "-1"));
    KAFKA.cluster().createTopic(MAIN, 2, 1, Map.of("retention.ms", "-1"));
    KAFKA.cluster().createTopic(DLQ, 1, 1, Map.of("retention.ms", "-1"));
    FanOutTopology topology = FanOutTopology.builder().mainTopic(MAIN)
        .cluster(ClusterSpec.of("c1", CLUSTER_TOPIC, FanOutTopology.numberedSubTopics(CLUSTER_TOPIC, 2), Routing.hash())).build();
    for (String t : List.of(topology.dlqTopic(), CLUSTER_TOPIC, CLUSTER_TOPIC + "_sub1", CLUSTER_TOPIC + "_sub2")) {
      KAFKA.cluster().createTopic(t, 1, 1, Map.of("retention.ms", "-1"));
    }
    PatternType lit = PatternType.LITERAL;
    try (Admin admin = Admin.create(clientProps(KAFKA.cluster().adminClientProperties()))) {
      admin.createAcls(List.of(
          allow("writer", ResourceType.TOPIC, INPUT, lit, AclOperation.WRITE),
          allow("pipeline", ResourceType.TOPIC, INPUT, lit, AclOperation.READ),
          allow("pipeline", ResourceType.TOPIC, MAIN, lit, AclOperation.WRITE),
          allow("pipeline", ResourceType.TOPIC, DLQ, lit, AclOperation.WRITE),
          allow("pipeline", ResourceType.GROUP, "spark-kafka-", PatternType.PREFIXED, AclOperation.READ),
          allow("relay", ResourceType.TOPIC, MAIN, lit, AclOperation.READ),
          allow("relay", ResourceType.TOPIC, CLUSTER_TOPIC, PatternType.PREFIXED, AclOperation.WRITE),
          allow("relay", ResourceType.TOPIC, topology.dlqTopic(), lit, AclOperation.WRITE),
          allow("relay", ResourceType.GROUP, "sec-relay", lit, AclOperation.READ),
          allow("relay", ResourceType.TRANSACTIONAL_ID, "sec-relay-0", lit, AclOperation.WRITE),
          allow("subscriber", ResourceType.TOPIC, CLUSTER_TOPIC, lit, AclOperation.READ),
          allow("subscriber", ResourceType.GROUP, "sec-subscriber", lit, AclOperation.READ))).all().get();
    }

    ReactionGenerator gen = ReactionGenerator.builder().seed(77).count(5_000).rooms(3)
        .start(Instant.parse("2025-10-29T22:31:00Z")).span(Duration.ofSeconds(60)).maxDisorder(Duration.ofSeconds(1))
        .invalidFraction(0.01).build();
    GroundTruth truth = gen.groundTruth(Duration.ofSeconds(2));
    assertThat(TopicIO.produceBytes(KAFKA.bootstrapServers(), writer, INPUT,
        gen.records().map(r -> r.bytes()).iterator())).isEqualTo(gen.count());

    // Intruders: refused, and the error says why.
    Map<String, String> impostor = new HashMap<>(writer);
    impostor.put("sasl.jaas.config", KAFKA.cluster().security().clientProperties("writer", "not-the-password").get("sasl.jaas.config"));
    assertThat(sendOne(impostor)).isInstanceOf(SaslAuthenticationException.class).hasMessageContaining("Authentication failed");
    assertThat(sendOne(mallory)).isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(INPUT);
    // A subscriber's credentials do not let it write either.
    assertThat(sendOne(subscriberUser)).isInstanceOf(TopicAuthorizationException.class);
    assertThat(TopicIO.readAll(KAFKA.bootstrapServers(), KAFKA.cluster().adminClientProperties(), INPUT, TIMEOUT)).hasSize((int) gen.count());

    // The pipeline: its credentials reach Spark's source and both sinks as kafka.* options.
    PipelineConfig.Builder b = PipelineConfig.builder().bootstrapServers(KAFKA.bootstrapServers()).inputTopic(INPUT).outputTopic(MAIN).dlqTopic(DLQ)
        .checkpointDir(checkpoint.toString()).lateness(Duration.ofMinutes(10)).trigger(PipelineConfig.TriggerSpec.availableNow());
    pipeline.forEach(b::kafkaOption);
    PipelineConfig config = b.build();
    assertThat(KafkaConnection.redact(config.kafkaOptions()).toString()).doesNotContain(pipeline.get("sasl.jaas.config"));
    RunningPipeline running = PipelineQueries.start(TestSpark.session(), config);
    running.awaitTermination();

    // The relay (transactional) and a subscriber, each with its own user.
    KafkaConnection relayConnection = new KafkaConnection(KAFKA.bootstrapServers(), relayUser);
    FanOutRelay relay = FanOutRelay.create(RelayConfig.builder().topology(topology).kafka(relayConnection).groupId("sec-relay").transactionalId("sec-relay-0").build());
    Thread relayThread = new Thread(relay::run, "sec-relay");
    relayThread.start();
    Map<WindowedCount.Key, WindowedCount> seen = new ConcurrentHashMap<>();
    Subscriber subscriber = Subscriber.create(SubscriberConfig.builder().kafka(new KafkaConnection(KAFKA.bootstrapServers(), subscriberUser))
        .topic(CLUSTER_TOPIC).groupId("sec-subscriber").startFrom(StartFrom.earliest()).build());
    Thread subscriberThread = new Thread(() -> subscriber.run(m -> {
      WindowedCount c = WindowedCountJson.fromJson(m.value());
      seen.merge(c.key(), c, WindowedCount::mergeMax);
    }), "sec-subscriber");
    subscriberThread.start();
    try {
      Await.until("the subscriber's merged view equals the ground truth", TIMEOUT, () -> asTruth(seen).equals(truth.counts()));
    } finally {
      subscriber.close();
      relay.close();
      relayThread.join(30_000);
      subscriberThread.join(30_000);
    }
    assertThat(asTruth(seen)).isEqualTo(truth.counts());
    assertThat(TopicIO.readAll(KAFKA.bootstrapServers(), KAFKA.cluster().adminClientProperties(), DLQ, TIMEOUT)).hasSize((int) truth.invalid());
    long total = 0;
    for (long v : asTruth(seen).values()) {
      total += v;
    }
    assertThat(total).as("valid reactions counted: the writer's only").isEqualTo(truth.valid());
    System.out.printf("SecuredKafkaIT: %d records (%d valid, %d to the DLQ), %d keys exact; 2 intruders refused%n",
        gen.count(), truth.valid(), truth.invalid(), truth.counts().size());
  }

  private static Properties clientProps(Map<String, String> client) {
    Properties p = new Properties();
    p.putAll(client);
    p.put("bootstrap.servers", KAFKA.bootstrapServers());
    return p;
  }

  private static Map<GroundTruth.WindowKey, Long> asTruth(Map<WindowedCount.Key, WindowedCount> merged) {
    Map<GroundTruth.WindowKey, Long> out = new HashMap<>();
    new ArrayList<>(merged.entrySet()).forEach(e ->
        out.put(new GroundTruth.WindowKey(e.getKey().room(), e.getKey().windowStartMs(), e.getKey().emoji()), e.getValue().reactionCount()));
    return out;
  }
}
