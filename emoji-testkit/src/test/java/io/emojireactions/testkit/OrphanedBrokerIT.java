package io.emojireactions.testkit;

import io.emojireactions.apps.broker.KafkaCluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker JVM must not outlive its parent, even when the parent dies by SIGKILL; nor its temporary data. */
class OrphanedBrokerIT {

  @Test
  void brokerHaltsWhenItsParentJvmIsKilled() throws Exception {
    Process parent =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                    Parent.class.getName()))
            .redirectErrorStream(true)
            .start();
    long brokerPid;
    Path clusterDir = null;
    try (BufferedReader out = new BufferedReader(new InputStreamReader(parent.getInputStream(), StandardCharsets.UTF_8))) {
      brokerPid = -1;
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith("CLUSTER_DIR=")) {
          clusterDir = Path.of(line.substring("CLUSTER_DIR=".length()));
        }
        if (line.startsWith("BROKER_PID=")) {
          brokerPid = Long.parseLong(line.substring("BROKER_PID=".length()));
          break;
        }
      }
      assertThat(brokerPid).as("the parent started a broker").isPositive();
      Optional<ProcessHandle> broker = ProcessHandle.of(brokerPid);
      assertThat(broker).isPresent();

      parent.destroyForcibly(); // SIGKILL: no shutdown hook runs in the parent
      assertThat(parent.waitFor(30, TimeUnit.SECONDS)).isTrue();

      Await.until("the orphaned broker to exit", Duration.ofSeconds(30), () -> !broker.get().isAlive());
      assertThat(clusterDir).as("the temporary cluster directory, deleted by the orphan").isNotNull().doesNotExist();
    } finally {
      parent.destroyForcibly();
    }
  }

  /** Starts a broker, reports its pid, then waits to be killed. */
  public static final class Parent {
    public static void main(String[] args) throws Exception {
      KafkaCluster kafka = KafkaCluster.start(1);
      long pid = ProcessHandle.current().children().findFirst().orElseThrow().pid();
      System.out.println("CLUSTER_DIR=" + kafka.nodeDir(0).getParent());
      System.out.println("BROKER_PID=" + pid);
      System.out.flush();
      // Blocks until the test kills this JVM (or closes the pipe): no timer involved.
      System.in.read();
      kafka.close();
    }
  }
}
