package io.emojireactions.apps.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class KafkaClientOptionsTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"relay\" password=\"s3cr3t-relay\";";

  @Command(name = "t")
  static final class Cmd implements Callable<Integer> {
    @Mixin KafkaClientOptions kafka;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @Command(name = "o")
  static final class OptionalCmd implements Callable<Integer> {
    @Mixin OptionalKafkaClientOptions kafka;

    @Override
    public Integer call() {
      return 0;
    }
  }

  private static KafkaClientOptions parse(String... args) {
    Cmd cmd = new Cmd();
    new CommandLine(cmd).parseArgs(args);
    return cmd.kafka;
  }

  @Test
  void propertyFlagsOverrideTheConfigFileAndReachTheConnection(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, "security.protocol=SASL_SSL\nsasl.mechanism=SCRAM-SHA-512\nssl.truststore.type=PKCS12\n", StandardCharsets.UTF_8);
    KafkaClientOptions o = parse("--bootstrap-servers", "127.0.0.1:9093", "--kafka-config", file.toString(),
        "--kafka-property", "sasl.mechanism=SCRAM-SHA-256", "--kafka-property", "sasl.jaas.config=" + JAAS);
    KafkaConnection c = o.connection();
    assertThat(c.bootstrapServers()).isEqualTo("127.0.0.1:9093");
    assertThat(c.properties()).containsExactlyInAnyOrderEntriesOf(Map.of(
        "security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-256", "ssl.truststore.type", "PKCS12", "sasl.jaas.config", JAAS));
    assertThat(KafkaClientConfigs.admin(c, "t")).containsEntry("bootstrap.servers", "127.0.0.1:9093").containsEntry("sasl.jaas.config", JAAS);
  }

  @Test
  void theOldKafkaOptionSpellingStillWorks() {
    assertThat(parse("--bootstrap-servers", "h:1", "--kafka-option", "security.protocol=SSL").properties())
        .isEqualTo(Map.of("security.protocol", "SSL"));
  }

  @Test
  void bootstrapServersIsRequiredExceptInTheOptionalVariant() {
    assertThatThrownBy(() -> new CommandLine(new Cmd()).parseArgs("--kafka-property", "security.protocol=SSL"))
        .isInstanceOf(CommandLine.MissingParameterException.class).hasMessageContaining("--bootstrap-servers");
    OptionalCmd o = new OptionalCmd();
    new CommandLine(o).parseArgs();
    assertThat(o.kafka.bootstrapServers()).isNull();
    assertThatThrownBy(() -> o.kafka.connection()).hasMessageContaining("--bootstrap-servers");
  }

  @Test
  void unknownMisspelledOrMisplacedKeysAreRefusedByName() {
    assertThatThrownBy(() -> parse("--bootstrap-servers", "h:1", "--kafka-property", "security.protocoll=SSL").properties())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'security.protocoll'");
    assertThatThrownBy(() -> parse("--bootstrap-servers", "h:1", "--kafka-property", "bootstrap.servers=x:1").properties())
        .hasMessageContaining("--bootstrap-servers");
    assertThatThrownBy(() -> parse("--bootstrap-servers", "h:1", "--kafka-property", "kafka.security.protocol=SSL").properties())
        .hasMessageContaining("'security.protocol'");
  }

  @Test
  void unreadableConfigFileIsNamed(@TempDir Path dir) {
    Path missing = dir.resolve("nope.properties");
    assertThatThrownBy(() -> parse("--bootstrap-servers", "h:1", "--kafka-config", missing.toString()).properties())
        .hasMessageContaining(missing.toString());
  }

  @Test
  void describeNeverShowsASecret() {
    KafkaClientOptions o = parse("--bootstrap-servers", "h:1", "--kafka-property", "sasl.jaas.config=" + JAAS,
        "--kafka-property", "security.protocol=SASL_SSL");
    assertThat(o.describe()).contains("h:1").contains("security.protocol=SASL_SSL").contains("sasl.jaas.config=" + KafkaConnection.HIDDEN)
        .doesNotContain("s3cr3t");
    assertThat(o.connection().toString()).doesNotContain("s3cr3t");
  }
}
