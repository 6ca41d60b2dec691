package io.emojireactions.apps.internal;

import io.emojireactions.pubsub.KafkaConnection;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The Kafka client flags shared by {@link KafkaClientOptions} and {@link OptionalKafkaClientOptions}:
 * {@code --kafka-config FILE} (a Java properties file) and repeatable {@code --kafka-property key=value}
 * (which wins over the file). Subclasses declare {@code --bootstrap-servers}.
 */
public abstract class KafkaClientFlags {

  @Option(names = "--kafka-config", paramLabel = "FILE",
      description = "Kafka client properties file (security.protocol, sasl.*, ssl.* …) for every Kafka client of this command.")
  Path kafkaConfig;

  @Option(names = {"--kafka-property", "--kafka-option"}, paramLabel = "KEY=VALUE",
      description = "A Kafka client property (repeatable; wins over --kafka-config), e.g. security.protocol=SASL_SSL.")
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  /** The bootstrap servers given, or null when the flag is optional and was absent. */
  public abstract String bootstrapServers();

  /**
   * The validated client properties: the file's, then each {@code --kafka-property} over them.
   *
   * @throws IllegalArgumentException naming a bad key or an unreadable file (never a secret's value)
   */
  public Map<String, String> properties() {
    Map<String, String> all = new TreeMap<>();
    if (kafkaConfig != null) {
      all.putAll(KafkaClientProperties.load(kafkaConfig));
    }
    all.putAll(kafkaProperties);
    return KafkaClientProperties.validate(all);
  }

  /**
   * Bootstrap servers and properties as one connection.
   *
   * @throws IllegalArgumentException when the servers are absent or malformed, or a property is bad
   */
  public KafkaConnection connection() {
    if (bootstrapServers() == null) {
      throw new IllegalArgumentException("--bootstrap-servers is required here");
    }
    return new KafkaConnection(bootstrapServers(), properties());
  }

  /** The settings for a log line: servers, and property values with secrets hidden. */
  public String describe() {
    Map<String, String> p = properties();
    return bootstrapServers() + (p.isEmpty() ? "" : " " + KafkaClientProperties.redact(p));
  }
}
