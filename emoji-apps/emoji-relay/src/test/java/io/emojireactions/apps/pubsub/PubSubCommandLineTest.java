package io.emojireactions.apps.pubsub;

import io.emojireactions.apps.internal.CommandLines;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class PubSubCommandLineTest {

  @Test
  void badRoutingFailsFastWithExitCode2BeforeTouchingKafka() {
    assertThat(execute("fanout", "--bootstrap-servers", "127.0.0.1:1", "--routing", "random")).isEqualTo(2);
  }

  @Test
  void aDeadLetterBoundBelowTheMinimumFailsFastWithExitCode2BeforeTouchingKafka() {
    assertThat(execute("fanout", "--bootstrap-servers", "127.0.0.1:1", "--dlq-max-bytes", "8191")).isEqualTo(2);
  }

  @Test
  void badStartPositionFailsFastWithExitCode2() {
    assertThat(execute("subscribe", "--bootstrap-servers", "127.0.0.1:1", "--topic", "emoji_cluster_1", "--from", "yesterday")).isEqualTo(2);
  }

  @Test
  void badFormatIsAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).setErr(new PrintWriter(err));
    int code = cli.execute("subscribe", "--bootstrap-servers", "127.0.0.1:1", "--topic", "t", "--format", "xml");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--format").contains("JSON").contains("TABLE");
  }

  @Test
  void missingBootstrapServersIsAUsageError() {
    assertThat(execute("topics")).isEqualTo(2);
  }

  private static int execute(String... args) {
    return CommandLines.of(new FanoutCommand(), new SubscribeCommand(), new TopicsCommand()).setErr(new PrintWriter(new StringWriter())).execute(args);
  }
}
