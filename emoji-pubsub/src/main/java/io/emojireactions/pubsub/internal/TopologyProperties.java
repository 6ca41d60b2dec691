package io.emojireactions.pubsub.internal;

import io.emojireactions.pubsub.ClusterSpec;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.Routing;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/** Reads a {@link FanOutTopology} from the keys documented on {@link FanOutTopology#fromProperties}. */
public final class TopologyProperties {

  private static final Set<String> TOP_LEVEL = Set.of("main.topic", "dlq.topic", "routing", "clusters");
  private static final Set<String> CLUSTER_KEYS =
      Set.of("topic", "subtopics", "subtopic.count", "routing", "bootstrap.servers");

  private TopologyProperties() {}

  public static FanOutTopology parse(Properties properties) {
    Map<String, String> p = new HashMap<>();
    for (String name : properties.stringPropertyNames()) {
      p.put(name.trim(), properties.getProperty(name).trim());
    }
    String clustersValue = p.get("clusters");
    if (clustersValue == null || clustersValue.isBlank()) {
      throw new IllegalArgumentException("clusters must list the cluster names (e.g. clusters=c1,c2), but was missing");
    }
    List<String> names = new ArrayList<>();
    for (String name : clustersValue.split(",")) {
      if (!name.isBlank()) {
        names.add(name.trim());
      }
    }
    checkKeys(p, Set.copyOf(names));

    Routing defaultRouting = routing("routing", p.getOrDefault("routing", "hash"));
    FanOutTopology.Builder builder = FanOutTopology.builder();
    if (p.containsKey("main.topic")) {
      builder.mainTopic(p.get("main.topic"));
    }
    if (p.containsKey("dlq.topic")) {
      builder.dlqTopic(p.get("dlq.topic"));
    }
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String prefix = "cluster." + name + ".";
      String topic = p.getOrDefault(prefix + "topic", "emoji_cluster_" + (i + 1));
      List<String> subTopics;
      if (p.containsKey(prefix + "subtopics")) {
        if (p.containsKey(prefix + "subtopic.count")) {
          throw new IllegalArgumentException("give either " + prefix + "subtopics or " + prefix + "subtopic.count, not both");
        }
        subTopics = new ArrayList<>();
        for (String sub : p.get(prefix + "subtopics").split(",")) {
          if (!sub.isBlank()) {
            subTopics.add(sub.trim());
          }
        }
      } else {
        subTopics = FanOutTopology.numberedSubTopics(topic, count(prefix + "subtopic.count", p.getOrDefault(prefix + "subtopic.count", "3")));
      }
      Routing routing = p.containsKey(prefix + "routing") ? routing(prefix + "routing", p.get(prefix + "routing")) : defaultRouting;
      Optional<KafkaConnection> kafka = Optional.empty();
      Map<String, String> clientProps = new HashMap<>();
      String kafkaPrefix = prefix + "kafka.";
      for (Map.Entry<String, String> e : p.entrySet()) {
        if (e.getKey().startsWith(kafkaPrefix)) {
          clientProps.put(e.getKey().substring(kafkaPrefix.length()), e.getValue());
        }
      }
      if (p.containsKey(prefix + "bootstrap.servers")) {
        try {
          kafka = Optional.of(new KafkaConnection(p.get(prefix + "bootstrap.servers"), clientProps));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(prefix + e.getMessage(), e);
        }
      } else if (!clientProps.isEmpty()) {
        throw new IllegalArgumentException(
            kafkaPrefix + "* properties " + new TreeSet<>(clientProps.keySet()) + " need " + prefix + "bootstrap.servers");
      }
      builder.cluster(new ClusterSpec(name, topic, subTopics, routing, kafka));
    }
    return builder.build();
  }

  private static void checkKeys(Map<String, String> p, Set<String> names) {
    for (String key : new TreeSet<>(p.keySet())) {
      if (TOP_LEVEL.contains(key)) {
        continue;
      }
      boolean known = false;
      if (key.startsWith("cluster.")) {
        String rest = key.substring("cluster.".length());
        for (String name : names) {
          if (rest.startsWith(name + ".")) {
            String field = rest.substring(name.length() + 1);
            known = CLUSTER_KEYS.contains(field) || (field.startsWith("kafka.") && field.length() > "kafka.".length());
            if (known) {
              break;
            }
          }
        }
        if (!known) {
          throw new IllegalArgumentException("unknown topology key '" + key + "' (cluster keys: cluster.<name in clusters>."
              + "{topic, subtopics, subtopic.count, routing, bootstrap.servers, kafka.<client property>})");
        }
      } else {
        throw new IllegalArgumentException("unknown topology key '" + key + "' (known: main.topic, dlq.topic, routing, clusters, cluster.<name>.*)");
      }
    }
  }

  private static Routing routing(String key, String value) {
    try {
      return Routing.parse(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  private static int count(String key, String value) {
    try {
      int n = Integer.parseInt(value);
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // fall through to the message below
    }
    throw new IllegalArgumentException(key + " must be a whole number > 0, but was '" + value + "'");
  }
}
