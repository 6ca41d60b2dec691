package io.emojireactions.apps.dashboard;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the alert topic for the dashboard, once the topic exists: it waits (checking once a
 * second) rather than subscribing at once, because subscribing to a missing topic may make the
 * broker auto-create it with default settings, and the alerts service creates it compacted. Reads
 * from {@code replay} back, in a consumer group of its own per run. One thread; {@link #close()}
 * from any thread.
 */
final class AlertFollower implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(AlertFollower.class);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  private final KafkaConnection kafka;
  private final String topic;
  private final Duration replay;
  private final Consumer<byte[]> sink;
  private final CountDownLatch closing = new CountDownLatch(1);
  private final Thread thread;
  private Subscriber subscriber;

  AlertFollower(KafkaConnection kafka, String topic, Duration replay, Consumer<byte[]> sink) {
    this.kafka = kafka;
    this.topic = topic;
    this.replay = replay;
    this.sink = sink;
    this.thread = new Thread(this::run, "emoji-dashboard-alerts");
    thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void run() {
    try (Admin admin = Admin.create(KafkaClientConfigs.admin(kafka, "emoji-dashboard-alerts"))) {
      while (!admin.listTopics().names().get(30, TimeUnit.SECONDS).contains(topic)) {
        if (closing.await(CHECK_EVERY.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      LOG.warn("the dashboard shows no alerts: could not list the topics: {}", e.toString());
      return;
    }
    Subscriber s;
    synchronized (this) {
      if (closing.getCount() == 0) {
        return;
      }
      s = Subscriber.create(SubscriberConfig.builder().kafka(kafka).topic(topic).groupId("emoji-dashboard-alerts-" + UUID.randomUUID())
          .startFrom(StartFrom.at(Instant.now().minus(replay)))
          .pollTimeout(Duration.ofMillis(100))
          .build());
      subscriber = s;
    }
    LOG.info("the dashboard follows alerts on {}", topic);
    s.run(message -> sink.accept(message.value()));
  }

  @Override
  public void close() {
    Subscriber s;
    synchronized (this) {
      closing.countDown();
      s = subscriber;
    }
    if (s != null) {
      s.close();
    }
  }
}
