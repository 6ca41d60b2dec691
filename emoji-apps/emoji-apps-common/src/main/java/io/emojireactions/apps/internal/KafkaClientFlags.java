package io.emojireactions.apps.internal;

import io.emojireactions.pubsub.KafkaConnection;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import picocli.CommandLine.Option;

/**
 * The Kafka client flags shared by {@link KafkaClientOptions} and {@link OptionalKafkaClientOptions}:
 * {@code --kafka-config FILE} (a Java properties file) and repeatable {@code --kafka-property key=value}
 * (which wins over the file). Subclasses declare {@code --bootstrap-servers}. The keys are checked
 * by {@link KafkaConnection#validProperties}, the rule of every Kafka connection; secrets are shown
 * as {@link KafkaConnection#HIDDEN}.
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
   * @return a sorted, immutable map
   * @throws IllegalArgumentException naming a bad key or an unreadable file (never a secret's value)
   */
  public Map<String, String> properties() {
    Map<String, String> all = new TreeMap<>();
    if (kafkaConfig != null) {
      all.putAll(load(kafkaConfig));
    }
    all.putAll(kafkaProperties);
    if (all.keySet().stream().anyMatch(k -> k != null && k.trim().equals("bootstrap.servers"))) {
      throw new IllegalArgumentException("give bootstrap.servers with --bootstrap-servers, not as a Kafka client property");
    }
    return KafkaConnection.validProperties(all);
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
    return bootstrapServers() + (p.isEmpty() ? "" : " " + KafkaConnection.redact(p));
  }

  /** Reads the {@code --kafka-config} file, a Java properties file read as UTF-8. */
  private static Map<String, String> load(Path file) {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read --kafka-config file " + file + ": " + e.getMessage(), e);
    }
    Map<String, String> out = new TreeMap<>();
    p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
    return out;
  }
}
