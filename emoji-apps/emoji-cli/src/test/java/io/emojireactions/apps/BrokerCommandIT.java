package io.emojireactions.apps;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerCommandIT {

  @Test
  void servesOnTheGivenPortStopsOnRequestLeavesNoChildAndKeepsDataForTheNextRun(@TempDir Path dir) throws Exception {
    int port = freePort();
    Path data = dir.resolve("kafka");
    BrokerCommand.Options options = new BrokerCommand.Options(port, data, 1);

    // Other ITs of this JVM may still have children of their own winding down: only processes
    // started after this point are this test's.
    Set<Long> before = descendantPids();
    Run first = Run.start(options);
    assertThat(first.readyLine()).isEqualTo(BrokerCommand.READY_PREFIX + "127.0.0.1:" + port);
    String bootstrap = "127.0.0.1:" + port;
    TopicIO.produce(bootstrap, "kept", List.of("one", "two", "three"));
    first.stop();

    assertThat(first.exitCode()).isZero();
    assertThat(first.output()).contains("Kafka stopped");
    assertThat(newDescendants(before)).as("broker JVMs left running").isEmpty();
    assertThat(Files.exists(data.resolve("cluster.properties"))).isTrue();

    Run second = Run.start(options);
    assertThat(TopicIO.readValues(bootstrap, "kept", Duration.ofSeconds(60))).containsExactly("one", "two", "three");
    second.stop();
    assertThat(second.exitCode()).isZero();
    assertThat(newDescendants(before)).as("broker JVMs left running").isEmpty();
  }

  /** One serve() on a background thread, its output captured. */
  private static final class Run {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CountDownLatch stop = new CountDownLatch(1);
    private CompletableFuture<Integer> result;

    static Run start(BrokerCommand.Options options) {
      Run run = new Run();
      PrintStream print = new PrintStream(run.out, true, StandardCharsets.UTF_8);
      run.result = CompletableFuture.supplyAsync(() -> BrokerCommand.serve(options, print, print, run.stop));
      Await.until(
          "the ready line",
          Duration.ofSeconds(120),
          () -> run.output().contains(BrokerCommand.READY_PREFIX) || run.result.isDone(),
          run::output);
      assertThat(run.result.isDone()).as("serve() ended early: %s", run.output()).isFalse();
      return run;
    }

    String readyLine() {
      return output().lines().filter(l -> l.startsWith(BrokerCommand.READY_PREFIX)).findFirst().orElseThrow();
    }

    void stop() throws Exception {
      stop.countDown();
      result.get(120, TimeUnit.SECONDS);
    }

    int exitCode() {
      return result.join();
    }

    String output() {
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }

  private static int freePort() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Set<Long> descendantPids() {
    return ProcessHandle.current().descendants().map(ProcessHandle::pid).collect(Collectors.toSet());
  }

  private static List<Long> newDescendants(Set<Long> before) {
    return ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).map(ProcessHandle::pid)
        .filter(pid -> !before.contains(pid)).toList();
  }
}
