package io.emojireactions.apps.alerts;

import io.emojireactions.testkit.KafkaExtension;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.pubsub.DeadLetters;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;

/** The alerts subscriber on a real broker. */
class AlertsIT {

  @RegisterExtension
  static final KafkaExtension KAFKA = KafkaExtension.nodes(1);


  private static AlertsService startAndDrain(AlertsService.Config config, long expectedMessages) throws Exception {
    AlertsService service = AlertsService.open(config);
    CompletableFuture<Void> running = CompletableFuture.runAsync(() -> {
      try {
        service.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Await.until("the alert service to read every message", Duration.ofSeconds(90),
        () -> service.messages() >= expectedMessages || running.isDone());
    service.close();
    running.get(30, TimeUnit.SECONDS);
    return service;
  }

  @Test
  void burstIsPublishedOnceWithItsEvidenceAndAReplayInANewGroupPublishesNothingAgain() throws Exception {
    TreeMap<Long, Map<String, Map<String, Long>>> windows = SpikeDetectorTest.steadyTraffic();
    long burst = SpikeDetectorTest.T0 + 150 * SpikeDetectorTest.SIZE;
    SpikeDetectorTest.add(windows, burst, "b", "🔥", 400);
    List<WindowedCount> stream = SpikeDetectorTest.updateModeStream(windows);
    List<String> messages = new ArrayList<>(stream.stream().map(WindowedCountJson::toJsonString).toList());
    messages.add("not an output message");
    String topic = KAFKA.topic("alerts_source", 1); // one partition: the detector sees publication order
    TopicIO.produce(KAFKA.cluster().bootstrapServers(), topic, messages);
    AlertsService.Config config = AlertsService.Config.builder()
        .bootstrapServers(KAFKA.cluster().bootstrapServers()).topic(topic).alertTopic("alerts_out").groupId("alerts-1").rules(AlertRules.defaults()).build();

    AlertsService first = startAndDrain(config, messages.size());
    assertThat(first.published()).isEqualTo(1);
    assertThat(first.rejected()).isEqualTo(1);
    // The invalid message is in the alerts' dead-letter topic, in the shared envelope, with its reason.
    assertThat(TopicIO.readAll(KAFKA.cluster().bootstrapServers(), "alerts_out_dlq", Duration.ofSeconds(30))).singleElement()
        .satisfies(r -> {
          assertThat(new String(io.emojireactions.core.DeadLetterCodec.decode(r.value()).original(), StandardCharsets.UTF_8))
              .isEqualTo("not an output message");
          assertThat(new String(r.headers().lastHeader(DeadLetters.REASON).value(), StandardCharsets.UTF_8))
              .isEqualTo(DeadLetters.INVALID_MESSAGE);
          assertThat(new String(r.headers().lastHeader(DeadLetters.SOURCE_OFFSET).value(), StandardCharsets.UTF_8))
              .isEqualTo(Integer.toString(messages.size() - 1));
        });
    // The alert topic as the service created it: compacted, one partition, the broker's replication.
    try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", KAFKA.cluster().bootstrapServers()))) {
      TopicDescription created = admin.describeTopics(List.of("alerts_out")).allTopicNames().get().get("alerts_out");
      assertThat(created.partitions()).singleElement().satisfies(p -> assertThat(p.replicas()).hasSize(1));
      ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "alerts_out");
      assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value()).isEqualTo("compact");
    }

    // Replay everything in a new group: the same alert is found again and recognized as published.
    AlertsService replay = startAndDrain(config.toBuilder()
        .groupId("alerts-2").build(), messages.size());
    assertThat(replay.published()).isZero();

    List<ConsumerRecord<byte[], byte[]>> alerts = TopicIO.readAll(KAFKA.cluster().bootstrapServers(), "alerts_out", Duration.ofSeconds(30));
    assertThat(alerts).singleElement().satisfies(r -> {
      assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("spike|b|🔥|2025-10-29T22:35:00Z");
      assertThat(new String(r.value(), StandardCharsets.UTF_8))
          .startsWith("{\"id\":\"spike|b|🔥|2025-10-29T22:35:00Z\",\"kind\":\"spike\",\"room\":\"b\",\"emoji\":\"🔥\"")
          .contains("\"baseline\":", "\"z\":");
    });
  }
}
