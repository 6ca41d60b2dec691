package io.emojireactions.pubsub;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The one place that creates topics: every topic of a {@link FanOutTopology} on each Kafka cluster
 * it uses, or any list of topics on one cluster (the input and dead-letter topics, the alert
 * topic). Idempotent: a topic that already exists with the wanted partition count and replication
 * factor (as far as {@link TopicSettings} names them) is fine; one that differs is reported as
 * {@link TopicStatus.Outcome#MISMATCH} (never altered: changing partitions would move keys between
 * partitions). Topic configs of an existing topic are not compared. Stateless and thread-safe; each
 * call opens its own admin client ({@link KafkaClientConfigs#admin}).
 */
public final class TopologyAdmin {

  private static final String CLIENT_ID = "emoji-topology-admin";

  private TopologyAdmin() {}

  /**
   * Creates the missing topics of {@code topology} plus {@code extraTopics} (on {@code home}, e.g.
   * {@code emoji_reactions}); clusters without their own connection live on {@code home}.
   *
   * @return one status per topic, in topology order
   * @throws IllegalArgumentException when an extra topic is not a valid topic name
   * @throws KafkaException when a cluster cannot be reached or refuses a topic
   */
  public static List<TopicStatus> ensureTopics(FanOutTopology topology, KafkaConnection home, TopicSettings settings, List<String> extraTopics) {
    List<TopicStatus> statuses = new ArrayList<>();
    for (Map.Entry<Optional<KafkaConnection>, List<String>> entry : topology.topicsByKafka().entrySet()) {
      List<String> topics = new ArrayList<>();
      if (entry.getKey().isEmpty()) {
        topics.addAll(extraTopics);
      }
      topics.addAll(entry.getValue());
      statuses.addAll(ensureTopics(entry.getKey().orElse(home), settings, topics));
    }
    return statuses;
  }

  /**
   * Creates each of {@code topics} on {@code kafka} that does not exist yet, with {@code settings},
   * waits until every one has a leader, and checks those that existed against {@code settings}.
   *
   * @param topics topic names; a repeated name counts once
   * @return one status per distinct topic, in the order given
   * @throws IllegalArgumentException when a name is not a valid topic name
   * @throws KafkaException when the cluster cannot be reached within the admin client's
   *     {@code default.api.timeout.ms} or refuses a topic (not enough brokers for the replication
   *     factor, no authorization …), naming the cluster and the topic
   */
  public static List<TopicStatus> ensureTopics(KafkaConnection kafka, TopicSettings settings, Collection<String> topics) {
    Objects.requireNonNull(kafka, "kafka");
    Objects.requireNonNull(settings, "settings");
    Set<String> distinct = new LinkedHashSet<>();
    topics.forEach(t -> distinct.add(TopicNames.requireValid("topic", t)));
    if (distinct.isEmpty()) {
      return List.of();
    }
    return ensure(kafka, distinct, settings);
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
      try (Admin admin = Admin.create(KafkaClientConfigs.admin(kafka, CLIENT_ID))) {
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
    Optional<Integer> partitions = settings.partitions().isPresent() ? Optional.of(settings.partitions().getAsInt()) : Optional.empty();
    Optional<Short> replication = settings.replicationFactor().isPresent()
        ? Optional.of((short) settings.replicationFactor().getAsInt()) : Optional.empty();
    try (Admin admin = Admin.create(KafkaClientConfigs.admin(kafka, CLIENT_ID))) {
      List<NewTopic> wanted = topics.stream()
          .map(t -> new NewTopic(t, partitions, replication).configs(settings.configs()))
          .toList();
      CreateTopicsResult created = admin.createTopics(wanted);
      List<TopicStatus> statuses = new ArrayList<>();
      for (String topic : topics) {
        try {
          created.values().get(topic).get();
          statuses.add(createdStatus(kafka, created, topic, settings));
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

  /** The status of a topic just created: what the broker made, where the settings left it the choice. */
  private static TopicStatus createdStatus(KafkaConnection kafka, CreateTopicsResult created, String topic, TopicSettings settings)
      throws InterruptedException {
    int partitions = settings.partitions().orElse(0);
    int replication = settings.replicationFactor().orElse(0);
    try {
      partitions = created.numPartitions(topic).get();
      replication = created.replicationFactor(topic).get();
    } catch (ExecutionException e) {
      // The broker leaves these out for a client that may not describe the topic's configs: fall
      // back to the settings (0 where the broker chose).
    }
    return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.CREATED, partitions,
        "created with " + (partitions > 0 ? partitions : "the broker's default") + " partitions, replication factor "
            + (replication > 0 ? replication : "the broker's default"));
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
    if (settings.partitions().isPresent() && partitions != settings.partitions().getAsInt()) {
      problems.add("has " + partitions + " partitions, wanted " + settings.partitions().getAsInt());
    }
    if (settings.replicationFactor().isPresent() && replicas != settings.replicationFactor().getAsInt()) {
      problems.add("has replication factor " + replicas + ", wanted " + settings.replicationFactor().getAsInt());
    }
    if (problems.isEmpty()) {
      return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.EXISTS, partitions, "already exists as wanted");
    }
    return new TopicStatus(kafka.bootstrapServers(), topic, TopicStatus.Outcome.MISMATCH, partitions,
        "topic " + topic + " on " + kafka.bootstrapServers() + " " + String.join(" and ", problems)
            + "; left unchanged (alter or recreate it, or pass the existing values)");
  }
}
