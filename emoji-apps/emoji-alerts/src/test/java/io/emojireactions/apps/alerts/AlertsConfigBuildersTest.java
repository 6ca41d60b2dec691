package io.emojireactions.apps.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.pubsub.TopicSettings;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Defaults, validation messages (field and value) and copies of AlertRules and AlertsService.Config. */
class AlertsConfigBuildersTest {

  @Test
  void alertRulesDefaults() {
    AlertRules r = AlertRules.builder().build();
    assertThat(r.alpha()).isEqualTo(0.1);
    assertThat(r.zThreshold()).isEqualTo(5.0);
    assertThat(r.minCount()).isEqualTo(20);
    assertThat(r.minHistoryWindows()).isEqualTo(10);
    assertThat(r.cooldown()).isEqualTo(Duration.ofSeconds(30));
    assertThat(r.grace()).isEqualTo(Duration.ofSeconds(2));
    assertThat(r.minScoredReactions()).isEqualTo(20);
    assertThat(r.minSentimentSwing()).isEqualTo(0.3);
    assertThat(AlertRules.defaults()).isEqualTo(r).hasSameHashCodeAs(r);
  }

  @Test
  void alertRulesNameTheFieldAndValue() {
    AlertRules d = AlertRules.defaults();
    assertThatThrownBy(() -> d.toBuilder().alpha(0).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha must be in (0, 1], but was 0.0");
    assertThatThrownBy(() -> d.toBuilder().zThreshold(Double.NaN).build()).hasMessage("zThreshold must be > 0, but was NaN");
    assertThatThrownBy(() -> d.toBuilder().minCount(0).build()).hasMessage("minCount must be >= 1, but was 0");
    assertThatThrownBy(() -> d.toBuilder().minHistoryWindows(0).build()).hasMessage("minHistoryWindows must be >= 1, but was 0");
    assertThatThrownBy(() -> d.toBuilder().cooldown(Duration.ofSeconds(-1)).build()).hasMessage("cooldown must be >= 0, but was PT-1S");
    assertThatThrownBy(() -> d.toBuilder().grace(null).build()).hasMessage("grace must be >= 0, but was null");
    assertThatThrownBy(() -> d.toBuilder().minScoredReactions(0).build()).hasMessage("minScoredReactions must be >= 1, but was 0");
    assertThatThrownBy(() -> d.toBuilder().minSentimentSwing(2.5).build()).hasMessage("minSentimentSwing must be in (0, 2], but was 2.5");
  }

  @Test
  void alertRulesToBuilderRoundTrips() {
    AlertRules r = AlertRules.builder().alpha(0.5).zThreshold(3).minCount(2).minHistoryWindows(4).cooldown(Duration.ZERO)
        .grace(Duration.ofSeconds(1)).minScoredReactions(5).minSentimentSwing(1).build();
    assertThat(r.toBuilder().build()).isEqualTo(r).hasSameHashCodeAs(r);
    assertThat(r.toBuilder().zThreshold(4).build()).isNotEqualTo(r);
    assertThat(r.zThreshold()).isEqualTo(3);
  }

  @Test
  void configDefaults() {
    AlertsService.Config c = AlertsService.Config.builder().bootstrapServers("a:1").build();
    assertThat(c.topic()).isEqualTo("emoji_main_publisher");
    assertThat(c.alertTopic()).isEqualTo("emoji_alerts");
    assertThat(c.groupId()).isEqualTo("emoji-alerts");
    assertThat(c.rules()).isEqualTo(AlertRules.defaults());
    assertThat(c.kafkaProperties()).isEmpty();
    assertThat(c.alertTopicSettings()).isEqualTo(AlertsService.Config.DEFAULT_ALERT_TOPIC_SETTINGS);
    assertThat(c.alertTopicSettings().partitions()).hasValue(1);
    assertThat(c.alertTopicSettings().replicationFactor()).isEmpty();
    assertThat(c.alertTopicSettings().configs()).isEqualTo(Map.of("cleanup.policy", "compact"));
  }

  @Test
  void configNamesTheFieldAndValue() {
    AlertsService.Config.Builder ok = AlertsService.Config.builder().bootstrapServers("a:1");
    assertThatThrownBy(() -> AlertsService.Config.builder().build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrapServers must not be blank, but was 'null'");
    assertThatThrownBy(() -> ok.build().toBuilder().topic(" ").build()).hasMessage("topic must not be blank, but was ' '");
    assertThatThrownBy(() -> ok.build().toBuilder().alertTopic("").build()).hasMessage("alertTopic must not be blank, but was ''");
    assertThatThrownBy(() -> ok.build().toBuilder().groupId(null).build()).hasMessage("groupId must not be blank, but was 'null'");
    assertThatThrownBy(() -> ok.build().toBuilder().alertTopic("t").topic("t").build())
        .hasMessage("alertTopic must differ from topic, but both were 't'");
    assertThatThrownBy(() -> ok.build().toBuilder().rules(null).build()).hasMessage("rules must be alert rules, but was null");
    assertThatThrownBy(() -> ok.build().toBuilder().kafkaProperties(null).build()).hasMessage("kafkaProperties must be a map, but was null");
    assertThatThrownBy(() -> ok.build().toBuilder().alertTopicSettings(null).build())
        .hasMessage("alertTopicSettings must be topic settings, but was null");
  }

  @Test
  void configToBuilderRoundTripsAndToStringHidesPropertyValues() {
    AlertsService.Config c = AlertsService.Config.builder().bootstrapServers("a:1").topic("in").alertTopic("out").groupId("g")
        .rules(AlertRules.builder().minCount(3).build()).kafkaProperties(Map.of("sasl.jaas.config", "s3cr3t"))
        .alertTopicSettings(TopicSettings.of(1, 3)).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder().groupId("h").build()).isNotEqualTo(c);
    assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t");
  }
}
