package io.emojireactions.apps.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterLayoutTest {

  @Test
  void fixedFirstPortGivesConsecutiveClientPortsAndDistinctFreeControllerPorts() {
    ClusterLayout layout = ClusterLayout.fresh("id", 3, 29092);

    assertThat(layout.nodes()).extracting(NodeAddress::port).containsExactly(29092, 29093, 29094);
    assertThat(layout.nodes()).extracting(NodeAddress::nodeId).containsExactly(1, 2, 3);
    Set<Integer> all = new HashSet<>();
    layout.nodes().forEach(n -> {
      all.add(n.port());
      all.add(n.controllerPort());
    });
    assertThat(all).hasSize(6);
  }

  @Test
  void storedLayoutLoadsBackIdentically(@TempDir Path dir) {
    ClusterLayout layout = ClusterLayout.fresh("abc-cluster", 2, 0);
    layout.store(dir);

    assertThat(ClusterLayout.load(dir)).isEqualTo(layout);
  }

  @Test
  void directoryWithoutLayoutLoadsAsNull(@TempDir Path dir) {
    assertThat(ClusterLayout.load(dir)).isNull();
  }

  @Test
  void damagedLayoutFailsNamingTheFile(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve(ClusterLayout.FILE_NAME), "nodes=2\nnode.0.port=oops\n");

    assertThatThrownBy(() -> ClusterLayout.load(dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(ClusterLayout.FILE_NAME)
        .hasMessageContaining("delete the data directory");
  }

  @Test
  void movingTheClientPortsKeepsTheControllerQuorum() {
    ClusterLayout layout = new ClusterLayout("id", List.of(new NodeAddress(1, 1000, 2000), new NodeAddress(2, 1001, 2001)));

    ClusterLayout moved = layout.withFirstPort(9092);

    assertThat(moved.nodes()).containsExactly(new NodeAddress(1, 9092, 2000), new NodeAddress(2, 9093, 2001));
    assertThat(moved.clusterId()).isEqualTo("id");
  }
}
