package io.emojireactions.apps.broker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    assertThat(Files.isDirectory(launcher) ? launcher.resolve("io/emojireactions/apps/broker/internal/BrokerLauncher.class") : launcher)
        .exists();
    assertThat(entries).doesNotHaveDuplicates();
  }

  @Test
  void inAnInstallationTheJarsComeFromBrokerLibNextToTheModulesJarAndNothingFromMavensRepository(@TempDir Path home) throws Exception {
    Path lib = Files.createDirectories(home.resolve("lib"));
    Path launcher = Files.createFile(lib.resolve("emoji-broker-1.0.jar"));
    Path brokerLib = Files.createDirectories(lib.resolve("broker-lib"));
    Files.createFile(brokerLib.resolve("kafka_2.13-3.9.2.jar"));
    Files.createFile(brokerLib.resolve("scala-library-2.13.15.jar"));
    Files.createFile(brokerLib.resolve("README.txt"));

    List<String> entries = BrokerClasspath.entries(launcher, null, home.resolve("no-such-repository"));

    assertThat(entries).containsExactly(launcher.toString(), brokerLib.resolve("kafka_2.13-3.9.2.jar").toString(),
        brokerLib.resolve("scala-library-2.13.15.jar").toString());
  }

  @Test
  void theLibPropertyWinsAndAnEmptyDirectoryIsAClearError(@TempDir Path home) throws Exception {
    Path launcher = Files.createFile(home.resolve("emoji-broker-1.0.jar"));
    Path elsewhere = Files.createDirectories(home.resolve("elsewhere"));
    Files.createFile(elsewhere.resolve("kafka_2.13-3.9.2.jar"));

    assertThat(BrokerClasspath.entries(launcher, elsewhere, home)).containsExactly(launcher.toString(),
        elsewhere.resolve("kafka_2.13-3.9.2.jar").toString());
    Path empty = Files.createDirectories(home.resolve("empty"));
    assertThatThrownBy(() -> BrokerClasspath.entries(launcher, empty, home)).hasMessageContaining("holds no jars").hasMessageContaining(empty.toString());
  }

  @Test
  void withoutBrokerLibTheListedJarsAreFoundInTheGivenMavenRepositoryOrNamed(@TempDir Path home) throws Exception {
    Path launcher = Files.createFile(home.resolve("emoji-broker-1.0.jar"));

    assertThatThrownBy(() -> BrokerClasspath.entries(launcher, null, home.resolve("repo")))
        .hasMessageContaining(home.resolve("repo").toString()).hasMessageContaining("kafka");
  }
}
