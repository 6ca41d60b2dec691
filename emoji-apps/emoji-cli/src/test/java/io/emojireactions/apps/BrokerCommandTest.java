package io.emojireactions.apps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandTest {

  @Test
  void defaultsAreOneNodeOnPort9092WithTemporaryData() {
    BrokerCommand command = parse();

    assertThat(new BrokerCommand.Options(command.port, command.dataDir, command.nodes))
        .isEqualTo(new BrokerCommand.Options(9092, null, 1));
  }

  @Test
  void optionsMapOntoTheirFields() {
    BrokerCommand command = parse("--port", "19092", "--data-dir", "/tmp/k", "--nodes", "3");

    assertThat(new BrokerCommand.Options(command.port, command.dataDir, command.nodes))
        .isEqualTo(new BrokerCommand.Options(19092, Path.of("/tmp/k"), 3));
  }

  @Test
  void badNodeCountIsRejectedNamingTheOptionWithExitCode2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = EmojiCli.commandLine().execute("broker", "--nodes", "0");
    } finally {
      System.setErr(saved);
    }

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--nodes must be in 1..9, but was 0");
  }

  @Test
  void optionsValidateNamingFlagAndValue() {
    assertThatThrownBy(() -> new BrokerCommand.Options(70_000, null, 1)).hasMessageContaining("--port").hasMessageContaining("70000");
    assertThatThrownBy(() -> new BrokerCommand.Options(65_535, null, 2)).hasMessageContaining("no room for 2 nodes");
  }

  @Test
  void aTakenPortIsReportedBeforeAnyBrokerStarts() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ByteArrayOutputStream err = new ByteArrayOutputStream();

      int code =
          BrokerCommand.serve(
              new BrokerCommand.Options(taken.getLocalPort(), null, 1),
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8),
              new CountDownLatch(0));

      assertThat(code).isEqualTo(1);
      assertThat(err.toString(StandardCharsets.UTF_8)).contains("port " + taken.getLocalPort()).contains("in use");
      assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
      assertThat(ProcessHandle.current().descendants().count()).isZero();
    }
  }

  private static BrokerCommand parse(String... args) {
    BrokerCommand command = new BrokerCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
