package io.emojireactions.pubsub;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One fan-out cluster: a cluster topic that receives every message, its sub-topics that receive
 * messages by {@link Routing}, and optionally its own Kafka cluster. Immutable.
 *
 * @param name a short identifier (used in config keys and logs), e.g. {@code c1}
 * @param topic the cluster topic, e.g. {@code emoji_cluster_1}
 * @param subTopics the sub-topics in routing order, at least one, e.g. {@code emoji_cluster_1_sub1}
 * @param routing how messages are spread over the sub-topics
 * @param kafka the Kafka cluster this cluster's topics live on; empty = the main topic's cluster
 */
public record ClusterSpec(String name, String topic, List<String> subTopics, Routing routing, Optional<KafkaConnection> kafka) {

  /**
   * A cluster; {@code subTopics} is copied.
   *
   * @throws IllegalArgumentException naming the field: a bad name or topic name, no sub-topics, or a
   *     topic named twice
   * @throws NullPointerException when {@code subTopics}, {@code routing} or {@code kafka} is null
   */
  public ClusterSpec {
    if (name == null || !name.matches("[A-Za-z0-9_-]+")) {
      throw new IllegalArgumentException("cluster name must be letters, digits, '_' or '-', but was '" + name + "'");
    }
    TopicNames.requireValid("cluster " + name + " topic", topic);
    Objects.requireNonNull(subTopics, "cluster " + name + " subtopics");
    if (subTopics.isEmpty()) {
      throw new IllegalArgumentException("cluster " + name + " subtopics must list at least one topic, but was empty");
    }
    for (String sub : subTopics) {
      TopicNames.requireValid("cluster " + name + " subtopic", sub);
    }
    subTopics = List.copyOf(subTopics);
    if (subTopics.stream().distinct().count() != subTopics.size() || subTopics.contains(topic)) {
      throw new IllegalArgumentException(
          "cluster " + name + " topics must be distinct, but topic=" + topic + " and subtopics=" + subTopics);
    }
    Objects.requireNonNull(routing, "cluster " + name + " routing");
    Objects.requireNonNull(kafka, "cluster " + name + " kafka");
  }

  /** A cluster on the main topic's Kafka cluster. */
  public static ClusterSpec of(String name, String topic, List<String> subTopics, Routing routing) {
    return new ClusterSpec(name, topic, subTopics, routing, Optional.empty());
  }

  /** The same cluster with another routing rule. */
  public ClusterSpec withRouting(Routing newRouting) {
    return new ClusterSpec(name, topic, subTopics, newRouting, kafka);
  }

  /** The same cluster on another Kafka cluster. */
  public ClusterSpec onKafka(KafkaConnection connection) {
    return new ClusterSpec(name, topic, subTopics, routing, Optional.of(connection));
  }

  /** The cluster topic followed by the sub-topics. */
  public List<String> allTopics() {
    return java.util.stream.Stream.concat(java.util.stream.Stream.of(topic), subTopics.stream()).toList();
  }
}
