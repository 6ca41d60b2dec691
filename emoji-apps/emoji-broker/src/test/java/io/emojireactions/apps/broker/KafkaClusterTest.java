package io.emojireactions.apps.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The parts of KafkaCluster that need no broker: the external handle and builder validation. */
class KafkaClusterTest {

  @Test
  void bootstrapEnvironmentVariableGivesAnExternalHandleWithoutStartingAnything() {
    try (KafkaCluster kafka = KafkaCluster.startOrExternal(1, Map.of(KafkaCluster.BOOTSTRAP_ENV, " 10.0.0.5:9092,10.0.0.6:9092 "))) {
      assertThat(kafka.isExternal()).isTrue();
      assertThat(kafka.bootstrapServers()).isEqualTo("10.0.0.5:9092,10.0.0.6:9092");
    }
  }

  @Test
  void externalHandleRefusesNodeControlWithIllegalState() {
    KafkaCluster kafka = KafkaCluster.external("127.0.0.1:1");

    assertThatThrownBy(() -> kafka.killNode(0)).isInstanceOf(IllegalStateException.class).hasMessageContaining("external");
    assertThatThrownBy(() -> kafka.stopNode(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kafka.restartNode(0)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> kafka.nodeDir(0)).isInstanceOf(IllegalStateException.class);
    kafka.close();
    kafka.close(); // idempotent
  }

  @Test
  void blankExternalBootstrapIsRejected() {
    assertThatThrownBy(() -> KafkaCluster.external(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bootstrapServers");
  }

  @Test
  void builderRejectsBadOptionsNamingThem() {
    assertThatThrownBy(() -> KafkaCluster.builder().nodes(0)).hasMessageContaining("nodes").hasMessageContaining("0");
    assertThatThrownBy(() -> KafkaCluster.builder().port(70_000)).hasMessageContaining("port").hasMessageContaining("70000");
    assertThatThrownBy(() -> KafkaCluster.builder().startTimeout(Duration.ZERO)).hasMessageContaining("startTimeout");
    assertThatThrownBy(() -> KafkaCluster.builder().nodes(3).port(65_534).start())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no room for 3 nodes");
  }
}
