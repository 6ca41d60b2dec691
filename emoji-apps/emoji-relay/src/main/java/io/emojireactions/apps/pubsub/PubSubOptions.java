package io.emojireactions.apps.pubsub;

import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.Routing;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.pubsub.TopicSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Turns the command-line options of {@code emoji fanout | subscribe | topics} into the library's
 * typed configs. Static and pure, so the commands' {@code call()} stay thin and this is tested.
 */
public final class PubSubOptions {

  /** The input topics that {@code emoji topics} creates next to the fan-out tree. */
  public static final List<String> INPUT_TOPICS = List.of("emoji_reactions", "emoji_reactions_dlq");

  private PubSubOptions() {}

  /** The topology file if given (else the seed's 3 × 3), with {@code routing} (if given) applied to every cluster. */
  public static FanOutTopology topology(Path file, String routing) {
    FanOutTopology topology = file == null ? FanOutTopology.defaults() : FanOutTopology.load(file);
    return routing == null ? topology : topology.withRouting(Routing.parse(routing));
  }

  public static RelayConfig relayConfig(
      String bootstrapServers, Path topologyFile, String routing, String groupId, String transactionalId, int maxBatch) {
    return relayConfig(KafkaConnection.of(bootstrapServers), topologyFile, routing, groupId, transactionalId, maxBatch);
  }

  /** The relay's config with {@code kafka}'s client settings (security etc.) for the main cluster. */
  public static RelayConfig relayConfig(
      KafkaConnection kafka, Path topologyFile, String routing, String groupId, String transactionalId, int maxBatch) {
    return RelayConfig.builder()
        .topology(topology(topologyFile, routing))
        .kafka(kafka)
        .groupId(groupId)
        .transactionalId(transactionalId)
        .maxPollRecords(maxBatch)
        .build();
  }

  /** A subscriber of {@code topic}; the group defaults to {@code emoji-subscribe-<topic>}. */
  public static SubscriberConfig subscriberConfig(String bootstrapServers, String topic, String from, String groupId) {
    return subscriberConfig(KafkaConnection.of(bootstrapServers), topic, from, groupId);
  }

  /** A subscriber of {@code topic} on {@code kafka}; the group defaults to {@code emoji-subscribe-<topic>}. */
  public static SubscriberConfig subscriberConfig(KafkaConnection kafka, String topic, String from, String groupId) {
    String group = groupId == null || groupId.isBlank() ? "emoji-subscribe-" + topic : groupId;
    return SubscriberConfig.builder().kafka(kafka).topic(topic).groupId(group).startFrom(StartFrom.parse(from)).build();
  }

  /** Topic settings; {@code retentionMs} null = the broker's default, -1 = forever. */
  public static TopicSettings topicSettings(int partitions, int replication, Long retentionMs) {
    TopicSettings.Builder settings = TopicSettings.builder().partitions(partitions).replicationFactor(replication);
    return (retentionMs == null ? settings : settings.retention(Duration.ofMillis(retentionMs))).build();
  }
}
