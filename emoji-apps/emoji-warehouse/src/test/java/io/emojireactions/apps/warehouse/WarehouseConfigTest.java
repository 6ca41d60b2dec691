package io.emojireactions.apps.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarehouseConfigTest {

  @Test
  void defaults() {
    Warehouse.Config c = Warehouse.Config.builder().bootstrapServers("a:1").topic("t").build();
    assertThat(c.groupId()).isEqualTo(Warehouse.Config.DEFAULT_GROUP_ID).isEqualTo("emoji-warehouse");
    assertThat(c.maxBatch()).isEqualTo(2000);
    assertThat(c.pollTimeout()).isEqualTo(Duration.ofMillis(200));
    assertThat(c.kafkaProperties()).isEmpty();
    assertThat(Warehouse.Config.of("a:1", "t")).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void buildNamesTheFieldAndValue() {
    Warehouse.Config ok = Warehouse.Config.of("a:1", "t");
    assertThatThrownBy(() -> Warehouse.Config.builder().topic("t").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessage("bootstrapServers must not be blank, but was 'null'");
    assertThatThrownBy(() -> ok.toBuilder().topic(" ").build()).hasMessage("topic must not be blank, but was ' '");
    assertThatThrownBy(() -> ok.toBuilder().groupId("").build()).hasMessage("groupId must not be blank, but was ''");
    assertThatThrownBy(() -> ok.toBuilder().maxBatch(0).build()).hasMessage("maxBatch must be >= 1, but was 0");
    assertThatThrownBy(() -> ok.toBuilder().pollTimeout(Duration.ZERO).build()).hasMessage("pollTimeout must be > 0, but was PT0S");
    assertThatThrownBy(() -> ok.toBuilder().kafkaProperties(null).build()).hasMessage("kafkaProperties must be a map, but was null");
    Map<String, String> noValue = new HashMap<>();
    noValue.put("sasl.jaas.config", null);
    assertThatThrownBy(() -> ok.toBuilder().kafkaProperties(noValue).build())
        .hasMessage("kafkaProperties value of 'sasl.jaas.config' must not be null");
  }

  @Test
  void toBuilderRoundTripsAndToStringHidesPropertyValues() {
    Warehouse.Config c = Warehouse.Config.of("a:1", "t").toBuilder().groupId("g").maxBatch(5).pollTimeout(Duration.ofSeconds(1))
        .kafkaProperties(Map.of("sasl.jaas.config", "s3cr3t")).build();
    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c);
    assertThat(c.toBuilder().maxBatch(6).build()).isNotEqualTo(c);
    assertThat(c.maxBatch()).isEqualTo(5);
    assertThat(c.toString()).contains("sasl.jaas.config").doesNotContain("s3cr3t");
  }
}
