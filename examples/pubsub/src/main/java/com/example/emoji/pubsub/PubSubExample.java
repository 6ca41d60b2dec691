package com.example.emoji.pubsub;

import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.ClusterSpec;
import io.emojireactions.pubsub.FanOutPublisher;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.MaxMergeView;
import io.emojireactions.pubsub.Publisher;
import io.emojireactions.pubsub.Routing;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopicStatus;
import io.emojireactions.pubsub.TopologyAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * emoji-pubsub: create a topology's topics, publish windowed counts into it, read a topic with a
 * checkpointing subscriber, then replay it from the start. Argument: the Kafka bootstrap servers.
 */
public final class PubSubExample {

  public static void main(String[] args) throws Exception {
    run(args.length > 0 ? args[0] : "127.0.0.1:9092");
  }

  /** Returns what the replaying subscriber saw, max-merged. */
  public static List<WindowedCount> run(String bootstrapServers) throws Exception {
    KafkaConnection kafka = KafkaConnection.of(bootstrapServers);

    // Topology: one cluster topic with two sub-topics, messages routed by a hash of the emoji.
    FanOutTopology topology = FanOutTopology.builder()
        .cluster(ClusterSpec.of("eu", "emoji_eu", List.of("emoji_eu_a", "emoji_eu_b"), Routing.hash()))
        .build();
    for (TopicStatus status : TopologyAdmin.ensureTopics(topology, kafka, TopicSettings.of(1, 1))) {
      System.out.println(status.topic() + " " + status.outcome());
    }

    // Publisher: every count goes to emoji_eu and to the sub-topic its routing picks.
    TimeWindow window = new TimeWindow(
        Instant.parse("2025-10-29T22:31:00Z").toEpochMilli(), Instant.parse("2025-10-29T22:31:02Z").toEpochMilli());
    try (Publisher publisher = FanOutPublisher.create(topology, kafka)) {
      publisher.publish(new WindowedCount("global", window, "❤️", 2, 1, false));
      publisher.publish(new WindowedCount("global", window, "❤️", 3, 1, false)); // an update: the count grew
      publisher.publish(new WindowedCount("global", window, "👍", 1, 1, false));
      publisher.flush(); // every count above is acknowledged
    }

    // Subscriber: a consumer group of its own; resumes from its checkpoint (StartFrom.checkpoint(),
    // the default), which the first run of the group starts at the earliest message.
    MaxMergeView live = readMessages(SubscriberConfig.of(kafka, "emoji_eu", "example-dashboard"), 3);
    live.snapshot().forEach(c -> System.out.println("live " + c.emoji() + " " + c.reactionCount()));

    // Replay: the same group from the beginning, ignoring its checkpoint.
    SubscriberConfig replay = SubscriberConfig.of(kafka, "emoji_eu", "example-dashboard").toBuilder()
        .startFrom(StartFrom.earliest())
        .build();
    MaxMergeView replayed = readMessages(replay, 3);
    replayed.snapshot().forEach(c -> System.out.println("replayed " + c.emoji() + " " + c.reactionCount()));
    return replayed.snapshot();
  }

  /** Runs a subscriber on its own thread until it has handled {@code expected} messages. */
  private static MaxMergeView readMessages(SubscriberConfig config, int expected) throws Exception {
    MaxMergeView view = new MaxMergeView();
    CountDownLatch received = new CountDownLatch(expected);
    try (Subscriber subscriber = Subscriber.create(config)) {
      Thread thread = new Thread(() -> subscriber.run(message -> {
        view.merge(message.count()); // repeats and updates fold into the current count
        received.countDown();
      }), "subscriber");
      thread.start();
      if (!received.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("only " + (expected - received.getCount()) + " of " + expected + " messages arrived");
      }
    } // close(): stops run() after the message in hand and commits the checkpoint
    return view;
  }
}
