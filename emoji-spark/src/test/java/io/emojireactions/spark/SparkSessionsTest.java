package io.emojireactions.spark;

import io.emojireactions.testkit.TestSpark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SparkSessionsTest {

  @Test
  void localMastersNameTheirCoresAndClusterMastersNone() {
    int cores = Runtime.getRuntime().availableProcessors();
    assertThat(SparkSessions.localCores("local")).isEqualTo(OptionalInt.of(1));
    assertThat(SparkSessions.localCores("local[4]")).isEqualTo(OptionalInt.of(4));
    assertThat(SparkSessions.localCores("local[*]")).isEqualTo(OptionalInt.of(cores));
    assertThat(SparkSessions.localCores("local[2,3]")).isEqualTo(OptionalInt.of(2));
    assertThat(SparkSessions.localCores("spark://host:7077")).isEmpty();
    assertThat(SparkSessions.localCores("yarn")).isEmpty();
    assertThat(SparkSessions.localCores("k8s://https://api:6443")).isEmpty();
  }

  @Test
  void theTestSessionGetsTheLocalDefaultsLoopbackDriverAndShufflePartitionsFromTheCores() {
    var conf = TestSpark.session().conf();
    assertThat(conf.get("spark.driver.host")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.driver.bindAddress")).isEqualTo("127.0.0.1");
    assertThat(conf.get("spark.ui.enabled")).isEqualTo("false");
    assertThat(conf.get("spark.sql.shuffle.partitions")).isEqualTo("2");
    assertThat(conf.get("spark.master")).isEqualTo("local[2]");
  }
}
