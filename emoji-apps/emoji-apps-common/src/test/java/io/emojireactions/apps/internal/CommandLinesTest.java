package io.emojireactions.apps.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** A command line with only some of the commands (one application's own main) and the shared config file. */
class CommandLinesTest {

  @Command(name = "solo")
  static final class Solo implements Callable<Integer> {
    @Option(names = "--port", defaultValue = "1")
    int port;

    @Override
    public Integer call() {
      return port;
    }
  }

  @Test
  void aSharedConfigFileMayHoldOtherApplicationsKeysButNotUnknownKeysOfItsOwnCommands(@TempDir Path dir) throws Exception {
    Path shared = Files.writeString(dir.resolve("emoji.properties"), "ingest.port=8080\nrate=5\nsolo.port=7\n");
    assertThat(CommandLines.of(new Solo()).execute("--config", shared.toString(), "solo")).isEqualTo(7);

    Path typo = Files.writeString(dir.resolve("typo.properties"), "ingest.port=8080\nsolo.prot=7\n");
    StringWriter err = new StringWriter();
    CommandLine cli = CommandLines.of(new Solo()).setErr(new PrintWriter(err));
    assertThat(cli.execute("--config", typo.toString(), "solo")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown key 'solo.prot'").doesNotContain("'ingest.port'");
  }
}
