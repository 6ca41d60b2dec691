package io.emojireactions.apps.pubsub;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.pubsub.PubSubOptions;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji topics}: creates {@code emoji_reactions}, {@code emoji_reactions_dlq} and every
 * topic of the topology (default: the seed's 3 × 3). Idempotent; exits 1 when an existing topic
 * differs from what was asked (it is reported and left unchanged).
 */
@Command(name = "topics", mixinStandardHelpOptions = true, description = "Create every topic of the default topology.")
public final class TopicsCommand implements Callable<Integer> {

  /** Runs {@code emoji topics} on its own: {@code java -cp … io.emojireactions.apps.pubsub.TopicsCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new TopicsCommand(), args);
  }

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--partitions", defaultValue = "3", description = "Partitions per topic (default: ${DEFAULT-VALUE})")
  int partitions;

  @Option(names = "--replication", defaultValue = "1", description = "Replication factor (default: ${DEFAULT-VALUE})")
  int replication;

  @Option(names = "--retention-ms", description = "retention.ms of every topic, -1 = forever (default: the broker's)")
  Long retentionMs;

  @Option(names = "--topology", description = "Topology properties file (default: the seed's 3 x 3 layout)")
  Path topology;

  @Override
  public Integer call() {
    FanOutTopology tree;
    TopicSettings settings;
    KafkaConnection connection;
    try {
      tree = PubSubOptions.topology(topology, null);
      settings = PubSubOptions.topicSettings(partitions, replication, retentionMs);
      connection = kafka.connection();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("emoji topics: " + e.getMessage());
      return 2;
    }
    List<TopicStatus> statuses = TopologyAdmin.ensureTopics(tree, connection, settings, PubSubOptions.INPUT_TOPICS);
    boolean ok = true;
    for (TopicStatus status : statuses) {
      System.out.printf("%-8s %-32s %s%n", status.outcome(), status.topic(), status.message());
      ok &= status.ok();
    }
    return ok ? 0 : 1;
  }
}
