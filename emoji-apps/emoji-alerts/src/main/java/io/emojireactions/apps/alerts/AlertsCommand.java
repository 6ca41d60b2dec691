package io.emojireactions.apps.alerts;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.Durations;
import io.emojireactions.apps.alerts.AlertRules;
import io.emojireactions.apps.alerts.AlertsService;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji alerts}: spikes per (room, emoji) and sentiment swings per room, published as JSON
 * on {@code emoji_alerts} (see docs/insights.md for the rule).
 *
 * <pre>
 * bin/emoji alerts --bootstrap-servers 127.0.0.1:9092
 * bin/emoji alerts --bootstrap-servers 127.0.0.1:9092 --topic emoji_cluster_1 --z 4 --min-count 50
 * </pre>
 */
@Command(name = "alerts", mixinStandardHelpOptions = true,
    description = "Publish spike and sentiment-swing alerts (JSON) to an alert topic, one per episode, never twice.")
public final class AlertsCommand implements Callable<Integer> {

  /** Runs {@code emoji alerts} on its own: {@code java -cp … io.emojireactions.apps.alerts.AlertsCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new AlertsCommand(), args);
  }

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Alerts are published to ";

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--topic", defaultValue = "emoji_main_publisher", paramLabel = "TOPIC", description = "Topic to read. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--alert-topic", paramLabel = "TOPIC", defaultValue = "emoji_alerts", description = "Topic for alerts. Default: ${DEFAULT-VALUE}.")
  String alertTopic;

  @Option(names = "--group", paramLabel = "GROUP", defaultValue = "emoji-alerts", description = "Consumer group. Default: ${DEFAULT-VALUE}.")
  String group;

  @Option(names = "--z", defaultValue = "5.0", description = "z-score threshold. Default: ${DEFAULT-VALUE}.")
  double z;

  @Option(names = "--min-count", defaultValue = "20", description = "Smallest window count that may be a spike. Default: ${DEFAULT-VALUE}.")
  long minCount;

  @Option(names = "--cooldown", defaultValue = "30s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Event time without a new spike that ends an episode, e.g. 30s, 1m. Default: ${DEFAULT-VALUE}.")
  Duration cooldown;

  @Option(names = "--max-rooms", defaultValue = "1000", paramLabel = "N",
      description = "Rooms followed at once; further rooms are summed into the room '(other rooms)'. Default: ${DEFAULT-VALUE}.")
  int maxRooms;

  @Option(names = "--replication", paramLabel = "N",
      description = "Replication factor of the alert topic when it is created. Default: the broker's default.replication.factor.")
  Integer replication;

  /** The validated configuration these options describe. */
  AlertsService.Config config() {
    AlertRules rules = AlertRules.builder().zThreshold(z).minCount(minCount).cooldown(cooldown).build();
    AlertsService.Config.Builder config = AlertsService.Config.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic)
        .alertTopic(alertTopic).groupId(group).rules(rules).kafkaProperties(kafka.properties()).maxRooms(maxRooms);
    if (replication != null) {
      config.alertTopicSettings(AlertsService.Config.DEFAULT_ALERT_TOPIC_SETTINGS.toBuilder().replicationFactor(replication).build());
    }
    return config.build();
  }

  @Override
  public Integer call() {
    AlertsService.Config config;
    try {
      config = config();
    } catch (IllegalArgumentException e) {
      System.err.println("emoji alerts: " + e.getMessage());
      return 2;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    try (AlertsService service = AlertsService.open(config)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        service.close();
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "emoji-alerts-stop"));
      System.out.println(READY_PREFIX + config.alertTopic() + " from " + config.topic());
      System.out.flush();
      service.run();
      System.out.println("Alerts stopped after " + service.messages() + " messages, " + service.published() + " alerts");
      return 0;
    } catch (Exception e) {
      System.err.println("emoji alerts: " + e.getMessage());
      return 1;
    } finally {
      stopped.countDown();
    }
  }
}
