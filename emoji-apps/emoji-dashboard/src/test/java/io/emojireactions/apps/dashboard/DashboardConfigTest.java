package io.emojireactions.apps.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The dashboard's settings: defaults, one message per invalid field, copies, no secret in print. */
class DashboardConfigTest {

  private static DashboardServer.Config.Builder base() {
    return DashboardServer.Config.builder().bootstrapServers("127.0.0.1:9092");
  }

  private static void assertRejected(UnaryOperator<DashboardServer.Config.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(base()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsFollowEmojiCluster1On8081WithTwoMinutesOfReplayAndNoBanners() {
    DashboardServer.Config c = base().build();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8081);
    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(c.topic()).isEqualTo("emoji_cluster_1");
    assertThat(c.replay()).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.kafkaProperties()).isEmpty();
    assertThat(c.alertTopic()).isNull();
    assertThat(base().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void everyInvalidFieldIsNamedWithItsValue() {
    assertThatThrownBy(() -> DashboardServer.Config.builder().build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bootstrapServers must not be blank, but was null");
    assertRejected(b -> b.bootstrapServers(" "), "bootstrapServers must not be blank, but was ' '");
    assertRejected(b -> b.host(""), "host must not be blank, but was ''");
    assertRejected(b -> b.port(70_000), "port must be in 0..65535, but was 70000");
    assertRejected(b -> b.topic(" "), "topic must not be blank, but was ' '");
    assertRejected(b -> b.replay(Duration.ofSeconds(-1)), "replay must be >= 0, but was PT-1S");
    assertRejected(b -> b.replay(null), "replay must be >= 0, but was null");
    assertRejected(b -> b.kafkaProperties(null), "kafkaProperties must be a map, but was null");
    Map<String, String> withNull = new HashMap<>();
    withNull.put("security.protocol", null);
    assertRejected(b -> b.kafkaProperties(withNull), "kafkaProperties value of 'security.protocol' must not be null");
    assertRejected(b -> b.alertTopic(""), "alertTopic must not be blank, but was ''");
  }

  @Test
  void toBuilderCopiesEverySetting() {
    DashboardServer.Config c = base().host("127.0.0.1").port(0).topic("t").replay(Duration.ZERO)
        .kafkaProperties(Map.of("security.protocol", "SSL")).alertTopic("emoji_alerts").build();

    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    DashboardServer.Config changed = c.toBuilder().alertTopic(null).port(9000).build();
    assertThat(changed.alertTopic()).isNull();
    assertThat(changed.port()).isEqualTo(9000);
    assertThat(changed.kafkaProperties()).containsEntry("security.protocol", "SSL");
    assertThat(c.alertTopic()).isEqualTo("emoji_alerts");
  }

  @Test
  void toStringNamesTheKafkaPropertiesButNeverShowsTheirValues() {
    DashboardServer.Config c = base().kafkaProperties(Map.of("sasl.jaas.config", "… password=\"hunter2\";")).build();
    assertThat(c.toString()).contains("sasl.jaas.config", "emoji_cluster_1").doesNotContain("hunter2");
  }
}
