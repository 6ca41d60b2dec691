package io.emojireactions.testkit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class BrokerClasspathTest {

  @Test
  void holdsTheBrokerItsClientCodecsAnSlf4jBindingAndTheLauncherButNotOurOtherModules() {
    List<String> entries = BrokerClasspath.entries();

    assertThat(entries).allSatisfy(e -> assertThat(Path.of(e)).exists());
    assertThat(entries).anyMatch(e -> e.endsWith("kafka_2.13-3.9.2.jar"));
    assertThat(entries).anyMatch(e -> e.endsWith("kafka-clients-3.9.2.jar"));
    assertThat(entries).anyMatch(e -> e.contains("lz4-java"));
    assertThat(entries).anyMatch(e -> e.contains("slf4j-simple"));
    assertThat(entries).anyMatch(e -> e.contains("jackson-module-scala_2.13"));
    assertThat(entries).noneMatch(e -> e.contains("icu4j") || e.contains("emoji-core"));
    Path launcher = Path.of(entries.get(0));
    assertThat(Files.isDirectory(launcher) ? launcher.resolve("io/emojireactions/testkit/internal/BrokerLauncher.class") : launcher)
        .exists();
    assertThat(entries).doesNotHaveDuplicates();
  }
}
