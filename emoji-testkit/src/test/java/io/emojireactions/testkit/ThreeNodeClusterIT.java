package io.emojireactions.testkit;

import io.emojireactions.apps.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.Test;

class ThreeNodeClusterIT {

  private static final String TOPIC = "durable";
  private static final int RECORDS = 60_000;

  @Test
  void everyAcknowledgedRecordSurvivesSigkillOfALeaderMidStreamAndTheNodeRejoins() throws Exception {
    try (KafkaCluster kafka = KafkaCluster.start(3)) {
      assertThat(kafka.nodeCount()).isEqualTo(3);
      kafka.createTopic(TOPIC, 3, 3, Map.of("min.insync.replicas", "2", "retention.ms", "-1"));
      int victim = leaderOfPartitionZero(kafka) - 1; // node id = index + 1

      Set<Integer> acked = ConcurrentHashMap.newKeySet();
      List<Exception> failures = Collections.synchronizedList(new ArrayList<>());
      Properties props = TopicIO.bulkProducerProperties(kafka.bootstrapServers());
      props.put("linger.ms", 5);
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
        for (int i = 0; i < RECORDS; i++) {
          if (i == RECORDS / 3) {
            // Records are flowing (some acknowledged, more in flight): now the SIGKILL.
            awaitAcks(acked, RECORDS / 6);
            kafka.killNode(victim);
            assertThat(kafka.isRunning(victim)).isFalse();
          }
          int id = i;
          producer.send(
              new ProducerRecord<>(TOPIC, ("record-" + id).getBytes(StandardCharsets.UTF_8)),
              (metadata, error) -> {
                if (error == null) {
                  acked.add(id);
                } else {
                  failures.add(error);
                }
              });
        }
        producer.flush();
      }

      kafka.restartNode(victim);
      List<String> consumed = TopicIO.readValues(kafka.bootstrapServers(), TOPIC, Duration.ofSeconds(60));

      assertThat(failures).isEmpty();
      assertThat(acked).hasSize(RECORDS);
      Set<Integer> consumedIds = new HashSet<>();
      consumed.forEach(v -> consumedIds.add(Integer.parseInt(v.substring("record-".length()))));
      assertThat(consumedIds).containsAll(acked);
      assertThat(consumed).hasSize(RECORDS); // idempotent producer: retries wrote no duplicates
      awaitFullIsr(kafka);
    }
  }

  private static int leaderOfPartitionZero(KafkaCluster kafka) throws Exception {
    try (Admin admin = admin(kafka)) {
      TopicDescription d = admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
      return d.partitions().get(0).leader().id();
    }
  }

  private static void awaitAcks(Set<Integer> acked, int atLeast) {
    Await.until(atLeast + " acknowledgements before the kill", Duration.ofSeconds(60), () -> acked.size() >= atLeast);
  }

  /** The restarted node catches up: every partition has all three replicas in sync again. */
  private static void awaitFullIsr(KafkaCluster kafka) {
    try (Admin admin = admin(kafka)) {
      Await.until(
          "all three replicas in sync on every partition",
          Duration.ofSeconds(60),
          () -> describe(admin).partitions().stream().allMatch((TopicPartitionInfo p) -> p.isr().size() == 3),
          () -> describe(admin).partitions().toString());
    }
  }

  private static TopicDescription describe(Admin admin) {
    try {
      return admin.describeTopics(List.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS).get(TOPIC);
    } catch (Exception e) {
      throw new IllegalStateException("describing " + TOPIC, e);
    }
  }

  private static Admin admin(KafkaCluster kafka) {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
  }
}
