package io.emojireactions.pubsub;

import static io.emojireactions.pubsub.KafkaTestSupport.counts;
import static io.emojireactions.pubsub.KafkaTestSupport.json;
import static io.emojireactions.pubsub.KafkaTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.pubsub.internal.ConsumerLoop;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.testkit.KafkaExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * close() of a subscriber and of the relay is bounded: it returns within the stop budget plus its
 * grace, leaves the consumer group (no wait for a session timeout), and does so even when the
 * broker died under it (before the fix a subscriber woken inside its checkpoint retried the commit
 * for the client's 60 s default and close() gave up after 30 s).
 */
class PromptCloseIT {

  /** This module's one broker (see SharedKafka). */
  @RegisterExtension
  static final KafkaExtension KAFKA = SharedKafka.KAFKA;

  /** What "promptly" means here: the budget, its grace, and a margin for a loaded 2-core machine. */
  private static final Duration PROMPT = ConsumerLoop.CLOSE_BUDGET.plus(ConsumerLoop.GRACE).plusSeconds(2);

  @Test
  void subscriberCloseMidStreamReturnsPromptlyAndLeavesItsGroup() throws Exception {
    String prefix = KafkaTestSupport.prefix("close");
    String topic = prefix + "_c1";
    SharedKafka.get().createTopic(topic, 3, 1, Map.of());
    produce(SharedKafka.bootstrap(), topic, json(counts(3000)));
    String group = prefix + "-sub";
    Subscriber subscriber = Subscriber.create(SubscriberConfig.builder().kafka(SharedKafka.connection()).topic(topic).groupId(group).maxPollRecords(50).build());
    AtomicInteger seen = new AtomicInteger();
    Thread runner = new Thread(() -> subscriber.run(message -> seen.incrementAndGet()), "prompt-close-subscriber");
    runner.start();
    Await.until("the subscriber handles messages", Duration.ofSeconds(60), () -> seen.get() >= 100);

    long start = System.nanoTime();
    subscriber.close();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).as("close() took %s", took).isLessThan(PROMPT);
    assertThat(joined(runner, 1)).as("run() returned").isTrue();
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", SharedKafka.bootstrap()))) {
      // The session timeout is 45 s: an empty group within a few seconds means the member left.
      Await.until("the subscriber left its group", Duration.ofSeconds(5), () -> members(admin, group) == 0);
    }
  }

  /** Each test here has a broker of its own, since it kills it (the module's shared one must stay up). */
  @Nested
  final class WhenTheBrokerDies {

    @RegisterExtension
    final KafkaExtension ownKafka = KafkaExtension.nodes(1);

    @Test
    void subscriberAndRelayCloseReturnPromptlyWhenTheBrokerDiedUnderThem() throws Exception {
      KafkaCluster kafka = ownKafka.cluster();
      KafkaConnection connection = KafkaConnection.of(kafka.bootstrapServers());
      FanOutTopology topology = KafkaTestSupport.topology("dead", 1, Routing.hash());
      TopologyAdmin.ensureTopics(topology, connection, TopicSettings.of(1, 1));
      produce(kafka.bootstrapServers(), topology.clusters().get(0).topic(), json(counts(10)));

      // The subscriber is inside its handler when the broker dies, so its next step is the checkpoint.
      CountDownLatch handling = new CountDownLatch(1);
      CountDownLatch brokerDead = new CountDownLatch(1);
      Subscriber subscriber = Subscriber.create(SubscriberConfig.of(connection, topology.clusters().get(0).topic(), "dead-sub"));
      Thread subscriberThread = new Thread(() -> subscriber.run(message -> {
        handling.countDown();
        brokerDead.await(60, TimeUnit.SECONDS);
      }), "dead-broker-subscriber");
      subscriberThread.start();
      FanOutRelay relay = FanOutRelay.create(RelayConfig.of(topology, connection));
      Thread relayThread = new Thread(relay::run, "dead-broker-relay");
      relayThread.start();
      produce(kafka.bootstrapServers(), topology.mainTopic(), json(counts(10)));
      Await.until("the relay committed its first batch", Duration.ofSeconds(60), () -> relay.relayedCount() == 10);
      assertThat(handling.await(60, TimeUnit.SECONDS)).as("the subscriber got a message").isTrue();

      kafka.killNode(0);
      brokerDead.countDown();

      long start = System.nanoTime();
      subscriber.close();
      Duration subscriberTook = Duration.ofNanos(System.nanoTime() - start);
      start = System.nanoTime();
      relay.close();
      Duration relayTook = Duration.ofNanos(System.nanoTime() - start);

      assertThat(subscriberTook).as("subscriber close() took %s", subscriberTook).isLessThan(PROMPT);
      assertThat(relayTook).as("relay close() took %s", relayTook).isLessThan(PROMPT);
      assertThat(joined(subscriberThread, 2)).as("subscriber run() returned").isTrue();
      assertThat(joined(relayThread, 2)).as("relay run() returned").isTrue();
    }
  }

  private static boolean joined(Thread thread, int seconds) throws InterruptedException {
    thread.join(seconds * 1000L);
    return !thread.isAlive();
  }

  private static int members(Admin admin, String group) {
    try {
      ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
      return description.members().size();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
