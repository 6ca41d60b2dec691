package io.emojireactions.apps.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BrokerConfigTest {

  private static final NodeAddress ONE = new NodeAddress(1, 19092, 19093);
  private static final NodeAddress TWO = new NodeAddress(2, 19094, 19095);
  private static final NodeAddress THREE = new NodeAddress(3, 19096, 19097);

  @Test
  void saslSslNamesTheClientAndInterBrokerListenerAndKeepsTheControllerOnPlaintext() {
    Map<String, String> p = BrokerConfig.serverProperties(ONE, List.of(ONE), Path.of("/data/node-0"), "SASL_SSL", Map.of("x", "y"));

    assertThat(p)
        .containsEntry("listeners", "SASL_SSL://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("advertised.listeners", "SASL_SSL://127.0.0.1:19092")
        .containsEntry("inter.broker.listener.name", "SASL_SSL")
        .containsEntry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,SASL_SSL:SASL_SSL")
        .containsEntry("x", "y");
    assertThatThrownBy(() -> BrokerConfig.serverProperties(ONE, List.of(ONE), Path.of("/d"), "SSL", Map.of()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSL");
  }

  @Test
  void singleNodeIsCombinedBrokerAndControllerOnLoopbackWithReplicationOne() {
    Map<String, String> p = BrokerConfig.serverProperties(ONE, List.of(ONE), Path.of("/data/node-0"), Map.of());

    assertThat(p)
        .containsEntry("process.roles", "broker,controller")
        .containsEntry("node.id", "1")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093")
        .containsEntry("advertised.listeners", "PLAINTEXT://127.0.0.1:19092")
        .containsEntry("controller.listener.names", "CONTROLLER")
        .containsEntry("inter.broker.listener.name", "PLAINTEXT")
        .containsEntry("listener.security.protocol.map", "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT")
        .containsEntry("log.dirs", "/data/node-0")
        .containsEntry("offsets.topic.replication.factor", "1")
        .containsEntry("transaction.state.log.replication.factor", "1")
        .containsEntry("transaction.state.log.min.isr", "1")
        .containsEntry("group.initial.rebalance.delay.ms", "0");
  }

  @Test
  void everyNodeOfAThreeNodeClusterVotesAndInternalTopicsSurviveOneLostNode() {
    Map<String, String> p =
        BrokerConfig.serverProperties(TWO, List.of(ONE, TWO, THREE), Path.of("/d"), Map.of());

    assertThat(p)
        .containsEntry("node.id", "2")
        .containsEntry("controller.quorum.voters", "1@127.0.0.1:19093,2@127.0.0.1:19095,3@127.0.0.1:19097")
        .containsEntry("listeners", "PLAINTEXT://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095")
        .containsEntry("offsets.topic.replication.factor", "3")
        .containsEntry("transaction.state.log.replication.factor", "3")
        .containsEntry("transaction.state.log.min.isr", "2");
  }

  @Test
  void overridesReplaceGeneratedValuesAndAddNewOnes() {
    Map<String, String> p =
        BrokerConfig.serverProperties(
            ONE, List.of(ONE), Path.of("/d"), Map.of("group.initial.rebalance.delay.ms", "3000", "num.partitions", "4"));

    assertThat(p).containsEntry("group.initial.rebalance.delay.ms", "3000").containsEntry("num.partitions", "4");
  }

  @Test
  void aNodeOutsideTheClusterIsRejectedNamingIt() {
    assertThatThrownBy(() -> BrokerConfig.serverProperties(TWO, List.of(ONE), Path.of("/d"), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not one of the cluster's nodes");
  }

  @Test
  void renderedTextLoadsBackAsTheSameProperties() throws IOException {
    Map<String, String> p =
        BrokerConfig.serverProperties(ONE, List.of(ONE), Path.of("/d"), Map.of("weird.path", "C:\\kafka\\logs"));

    Properties loaded = new Properties();
    loaded.load(new StringReader(BrokerConfig.render(p)));

    assertThat(loaded).containsExactlyInAnyOrderEntriesOf(p);
  }

  @Test
  void nodeAddressValidatesPortsNamingTheField() {
    assertThatThrownBy(() -> new NodeAddress(1, 70_000, 9093)).hasMessageContaining("port").hasMessageContaining("70000");
    assertThatThrownBy(() -> new NodeAddress(1, 9092, 9092)).hasMessageContaining("must differ");
    assertThatThrownBy(() -> new NodeAddress(0, 9092, 9093)).hasMessageContaining("nodeId");
  }
}
