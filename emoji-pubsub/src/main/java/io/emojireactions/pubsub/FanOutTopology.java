package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.internal.TopologyProperties;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;

/**
 * The publish/subscribe tree: a main topic, its dead-letter topic, and the fan-out
 * {@link ClusterSpec clusters}. Immutable and thread-safe; validated when built (messages name
 * the field and the value).
 *
 * <p>{@link #defaults()} is the seed's layout, no configuration needed: main topic
 * {@code emoji_main_publisher}; clusters {@code cluster1..3} with topics
 * {@code emoji_cluster_1..3}, each with sub-topics {@code emoji_cluster_N_sub1..3}, hash routing,
 * all on the main topic's Kafka cluster.
 *
 * <p>Built from code:
 * <pre>{@code
 * FanOutTopology topology = FanOutTopology.builder()
 *     .cluster(ClusterSpec.of("eu", "emoji_eu", List.of("emoji_eu_a", "emoji_eu_b"), Routing.hash()))
 *     .cluster(ClusterSpec.of("us", "emoji_us", List.of("emoji_us_all"), Routing.broadcast())
 *         .onKafka(KafkaConnection.of("kafka-us:9092")))
 *     .build();
 * }</pre>
 * or from a properties file, see {@link #fromProperties(Properties)} and docs/pubsub.md.
 */
public final class FanOutTopology {

  /** The main topic of {@link #defaults()} and of a builder that sets none. */
  public static final String DEFAULT_MAIN_TOPIC = "emoji_main_publisher";
  /** The dead-letter topic is the main topic plus this, unless set. */
  public static final String DLQ_SUFFIX = "_dlq";

  private final String mainTopic;
  private final String dlqTopic;
  private final List<ClusterSpec> clusters;

  private FanOutTopology(String mainTopic, String dlqTopic, List<ClusterSpec> clusters) {
    this.mainTopic = mainTopic;
    this.dlqTopic = dlqTopic;
    this.clusters = List.copyOf(clusters);
  }

  /** The seed's 3 × 3 layout with hash routing. */
  public static FanOutTopology defaults() {
    return defaults(3, 3, Routing.hash());
  }

  /** {@code clusters} clusters {@code emoji_cluster_N}, each with {@code subTopics} sub-topics {@code emoji_cluster_N_subM}. */
  public static FanOutTopology defaults(int clusters, int subTopics, Routing routing) {
    if (clusters <= 0) {
      throw new IllegalArgumentException("cluster count must be > 0, but was " + clusters);
    }
    if (subTopics <= 0) {
      throw new IllegalArgumentException("sub-topic count must be > 0, but was " + subTopics);
    }
    Builder builder = builder();
    for (int n = 1; n <= clusters; n++) {
      builder.cluster(ClusterSpec.of("cluster" + n, "emoji_cluster_" + n, numberedSubTopics("emoji_cluster_" + n, subTopics), routing));
    }
    return builder.build();
  }

  /** {@code topic_sub1 … topic_subN}: the seed's naming of sub-topics. */
  public static List<String> numberedSubTopics(String topic, int count) {
    List<String> subs = new ArrayList<>();
    for (int m = 1; m <= count; m++) {
      subs.add(topic + "_sub" + m);
    }
    return subs;
  }

  /** A builder with the default main topic and no cluster. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Reads a topology from properties. Keys ({@code N} = the cluster's 1-based position in
   * {@code clusters}):
   *
   * <pre>
   * main.topic=emoji_main_publisher            optional, this default
   * dlq.topic=emoji_main_publisher_dlq         optional, main.topic + "_dlq"
   * routing=hash                               optional default for every cluster: hash | broadcast | filter:…
   * clusters=c1,c2                             required: the cluster names, in order
   * cluster.c1.topic=emoji_cluster_1           optional, emoji_cluster_N
   * cluster.c1.subtopics=a,b,c                 optional, else cluster.c1.subtopic.count sub-topics TOPIC_subM
   * cluster.c1.subtopic.count=3                optional, 3
   * cluster.c1.routing=broadcast               optional, the default routing
   * cluster.c1.bootstrap.servers=host:9092     optional: the cluster lives on its own Kafka cluster
   * cluster.c1.kafka.security.protocol=SSL     any Kafka client property for that cluster
   * </pre>
   *
   * Unknown keys are rejected, so typos fail loudly.
   */
  public static FanOutTopology fromProperties(Properties properties) {
    return TopologyProperties.parse(properties);
  }

  /** Reads a properties file (UTF-8, so emojis in filters work) with the keys of {@link #fromProperties(Properties)}. */
  public static FanOutTopology load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read topology file " + file + ": " + e.getMessage(), e);
    }
    try {
      return fromProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("topology file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The topic the relay reads; never null. */
  public String mainTopic() {
    return mainTopic;
  }

  /** Where the relay puts main-topic messages it cannot parse. */
  public String dlqTopic() {
    return dlqTopic;
  }

  /** The clusters in order; immutable, at least one. */
  public List<ClusterSpec> clusters() {
    return clusters;
  }

  /** The cluster named {@code name}, or empty. */
  public Optional<ClusterSpec> cluster(String name) {
    return clusters.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** The same topology with {@code routing} for every cluster. */
  public FanOutTopology withRouting(Routing routing) {
    Objects.requireNonNull(routing, "routing");
    return new FanOutTopology(mainTopic, dlqTopic, clusters.stream().map(c -> c.withRouting(routing)).toList());
  }

  /**
   * Every topic {@code count} is written to, in topology order: per cluster its topic, then the
   * sub-topics its routing chose.
   */
  public List<Destination> destinations(WindowedCount count) {
    List<Destination> out = new ArrayList<>();
    for (ClusterSpec cluster : clusters) {
      out.add(new Destination(cluster, cluster.topic()));
      for (String sub : cluster.routing().route(count, cluster.subTopics())) {
        out.add(new Destination(cluster, sub));
      }
    }
    return out;
  }

  /**
   * Every topic of the topology grouped by the Kafka cluster it lives on; the key
   * {@code Optional.empty()} is the main topic's cluster (main, DLQ, and clusters without their
   * own connection).
   */
  public Map<Optional<KafkaConnection>, List<String>> topicsByKafka() {
    Map<Optional<KafkaConnection>, List<String>> out = new LinkedHashMap<>();
    out.computeIfAbsent(Optional.empty(), k -> new ArrayList<>()).addAll(List.of(mainTopic, dlqTopic));
    for (ClusterSpec cluster : clusters) {
      out.computeIfAbsent(cluster.kafka(), k -> new ArrayList<>()).addAll(cluster.allTopics());
    }
    return out;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("FanOutTopology[main=").append(mainTopic).append(", dlq=").append(dlqTopic);
    for (ClusterSpec c : clusters) {
      sb.append(", ").append(c.name()).append('=').append(c.topic()).append(c.subTopics()).append(' ').append(c.routing().spec());
      c.kafka().ifPresent(k -> sb.append(" @").append(k.bootstrapServers()));
    }
    return sb.append(']').toString();
  }

  /**
   * A topic a message goes to.
   *
   * @param cluster the cluster the topic belongs to (its {@link ClusterSpec#kafka()} says where)
   * @param topic the cluster topic or one of its sub-topics
   */
  public record Destination(ClusterSpec cluster, String topic) {}

  /** Collects and validates a topology; not thread-safe. */
  public static final class Builder {
    private String mainTopic = DEFAULT_MAIN_TOPIC;
    private String dlqTopic;
    private final List<ClusterSpec> clusters = new ArrayList<>();

    private Builder() {}

    /** The main topic; default {@value FanOutTopology#DEFAULT_MAIN_TOPIC}. Checked by {@link #build()}. */
    public Builder mainTopic(String topic) {
      this.mainTopic = topic;
      return this;
    }

    /** Defaults to the main topic + {@code _dlq}. */
    public Builder dlqTopic(String topic) {
      this.dlqTopic = topic;
      return this;
    }

    /**
     * Adds a cluster (in routing order).
     *
     * @throws NullPointerException when {@code cluster} is null
     */
    public Builder cluster(ClusterSpec cluster) {
      clusters.add(Objects.requireNonNull(cluster, "cluster"));
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the field: bad topic names, no clusters, duplicate
     *     cluster names, a topic used twice on one Kafka cluster, or the main topic reused
     */
    public FanOutTopology build() {
      TopicNames.requireValid("main.topic", mainTopic);
      String dlq = dlqTopic == null ? mainTopic + DLQ_SUFFIX : dlqTopic;
      TopicNames.requireValid("dlq.topic", dlq);
      if (dlq.equals(mainTopic)) {
        throw new IllegalArgumentException("dlq.topic must differ from main.topic, but both were '" + mainTopic + "'");
      }
      if (clusters.isEmpty()) {
        throw new IllegalArgumentException("clusters must list at least one cluster, but was empty");
      }
      Map<String, ClusterSpec> byName = new HashMap<>();
      // A topic name may repeat on different Kafka clusters, never on the same one: two writers
      // of one topic would double every message, and the main topic as an output would loop.
      Map<String, String> owners = new HashMap<>();
      owners.put(topicKey(Optional.empty(), mainTopic), "main.topic");
      owners.put(topicKey(Optional.empty(), dlq), "dlq.topic");
      for (ClusterSpec cluster : clusters) {
        if (byName.putIfAbsent(cluster.name(), cluster) != null) {
          throw new IllegalArgumentException("cluster names must be unique, but '" + cluster.name() + "' appeared twice");
        }
        for (String topic : cluster.allTopics()) {
          String owner = owners.putIfAbsent(topicKey(cluster.kafka(), topic), "cluster " + cluster.name());
          if (owner != null) {
            throw new IllegalArgumentException(
                "cluster " + cluster.name() + " topic '" + topic + "' is already used by " + owner + " on the same Kafka cluster");
          }
        }
      }
      return new FanOutTopology(mainTopic, dlq, clusters);
    }

    private static String topicKey(Optional<KafkaConnection> kafka, String topic) {
      return kafka.map(KafkaConnection::bootstrapServers).orElse("") + "/" + topic;
    }
  }
}
