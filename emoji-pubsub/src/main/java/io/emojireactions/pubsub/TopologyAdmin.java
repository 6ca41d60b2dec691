package io.emojireactions.pubsub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates and checks every topic of a {@link FanOutTopology}, on each Kafka cluster it uses.
 * Idempotent: a topic that already exists with the wanted partition count and replication factor
 * is fine; one that differs is reported as {@link TopicStatus.Outcome#MISMATCH} (never altered:
 * changing partitions would move keys between partitions).
 */
public final class TopologyAdmin {

  private TopologyAdmin() {}

  /**
   * Creates the missing topics of {@code topology} plus {@code extraTopics} (on {@code home}, e.g.
   * {@code emoji_reactions}); clusters without their own connection live on {@code home}.
   *
   * @return one status per topic, in topology order
   */
  public static List<TopicStatus> ensureTopics(FanOutTopology topology, KafkaConnection home, TopicSettings settings, List<String> extraTopics) {
    List<TopicStatus> statuses = new ArrayList<>();
    for (Map.Entry<Optional<KafkaConnection>, List<String>> entry : topology.topicsByKafka().entrySet()) {
      Set<String> topics = new LinkedHashSet<>();
      if (entry.getKey().isEmpty()) {
        extraTopics.forEach(t -> topics.add(TopicNames.requireValid("extra topic", t)));
      }
      topics.addAll(entry.getValue());
      statuses.addAll(ensure(entry.getKey().orElse(home), topics, settings));
    }
    return statuses;
  }

  /** {@link #ensureTopics(FanOutTopology, KafkaConnection, TopicSettings, List)} with no extra topics. */
  public static List<TopicStatus> ensureTopics(FanOutTopology topology, KafkaConnection home, TopicSettings settings) {
    return ensureTopics(topology, home, settings, List.of());
  }

  /**
   * The topics of {@code topology} that do not exist, as {@code bootstrap/topic}; empty when all
   * do. For a fail-fast check before relaying (a missing topic would otherwise block every send
   * for {@code max.block.ms}, or be auto-created with the broker's default partition count).
   */
  public static List<String> missingTopics(FanOutTopology topology, KafkaConnection home) {
    List<String> missing = new ArrayList<>();
    for (Map.Entry<Optional<KafkaConnection>, List<String>> entry : topology.topicsByKafka().entrySet()) {
      KafkaConnection kafka = entry.getKey().orElse(home);
      try (Admin admin = Admin.create(KafkaClientConfigs.admin(kafka, "emoji-topology-admin"))) {
        Set<String> existing = admin.listTopics().names().get();
        for (String topic : entry.getValue()) {
          if (!existing.contains(topic)) {
            missing.add(kafka.bootstrapServers() + "/" + topic);
          }
        }
      } catch (ExecutionException e) {
        throw new KafkaException("listing topics on " + kafka.bootstrapServers() + " failed: " + e.getCause().getMessage(), e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new KafkaException("interrupted while listing topics on " + kafka.bootstrapServers(), e);
      }
    }
    return missing;
  }

  private static List<TopicStatus> ensure(KafkaConnection kafka, Set<String> topics, TopicSettings settings) {
    try (Admin admin = Admin.create(KafkaClientConfigs.admin(kafka, "emoji-topology-admin"))) {
      List<NewTopic> wanted = topics.stream()
          .map(t -> new NewTopic(t, settings.partitions(), settings.replicationFactor()).configs(settings.configs()))
          .toList();
      Map<String, org.apache.kafka.common.KafkaFuture<Void>> created = admin.createTopics(wanted).values();
      List<TopicStatus> statuses = new ArrayList<>();
      for (String topic : topics) {
        try {
          created.get(topic).get();
          statuses.add(new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.CREATED, settings.partitions(),
              "created with " + settings.partitions() + " partitions, replication factor " + settings.replicationFactor()));
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof TopicExistsException)) {
            throw new KafkaException("creating topic " + topic + " on " + kafka.bootstrapServers() + " failed: " + e.getCause().getMessage(), e.getCause());
          }
          statuses.add(check(admin, kafka, topic, settings));
        }
      }
      awaitLeaders(admin, kafka, topics);
      return statuses;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted while creating topics on " + kafka.bootstrapServers(), e);
    }
  }

  /**
   * A new topic is usable once every partition's leader serves it. Metadata names a leader a
   * little before that; a writer arriving in between collects NOT_LEADER retries, which can tangle
   * an idempotent producer's sequence numbers. So wait for leaders in the metadata, then until a
   * ListOffsets (answered by each leader itself) succeeds. Up to 30 s, then let it be.
   */
  private static void awaitLeaders(Admin admin, KafkaConnection kafka, Set<String> topics) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (System.nanoTime() < deadline) {
      try {
        Map<String, TopicDescription> descriptions = admin.describeTopics(topics).allTopicNames().get();
        boolean leaders = descriptions.values().stream()
            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
        if (leaders) {
          Map<TopicPartition, OffsetSpec> probe = new HashMap<>();
          descriptions.values().forEach(d -> d.partitions().forEach(p -> probe.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
          admin.listOffsets(probe).all().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          return;
        }
      } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
        // Not served yet by every leader: try again.
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private static TopicStatus check(Admin admin, KafkaConnection kafka, String topic, TopicSettings settings)
      throws InterruptedException {
    TopicDescription description;
    try {
      description = admin.describeTopics(List.of(topic)).topicNameValues().get(topic).get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof UnknownTopicOrPartitionException) {
        // Being deleted right now: report it rather than guess.
        return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.MISMATCH, 0,
            "topic " + topic + " exists but cannot be described (being deleted?); run again");
      }
      throw new KafkaException("describing topic " + topic + " failed: " + e.getCause().getMessage(), e.getCause());
    }
    int partitions = description.partitions().size();
    int replicas = description.partitions().get(0).replicas().size();
    List<String> problems = new ArrayList<>();
    if (partitions != settings.partitions()) {
      problems.add("has " + partitions + " partitions, wanted " + settings.partitions());
    }
    if (replicas != settings.replicationFactor()) {
      problems.add("has replication factor " + replicas + ", wanted " + settings.replicationFactor());
    }
    if (problems.isEmpty()) {
      return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.EXISTS, partitions, "already exists as wanted");
    }
    return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.MISMATCH, partitions,
        "topic " + topic + " on " + kafka.bootstrapServers() + " " + String.join(" and ", problems)
            + "; left unchanged (alter or recreate it, or pass the existing values)");
  }
}
