package io.emojireactions.apps.internal;

import picocli.CommandLine.Option;

/**
 * The Kafka client flags of every Kafka-facing command, as a picocli mixin:
 * {@code --bootstrap-servers} (required), {@code --kafka-config FILE} and repeatable
 * {@code --kafka-property key=value}. The settings reach every producer, consumer and admin client
 * the command makes, and Spark as {@code kafka.}-prefixed source and sink options.
 *
 * <pre>
 * emoji fanout --bootstrap-servers kafka:9093 --kafka-config client.properties
 * emoji subscribe --bootstrap-servers kafka:9093 --kafka-property security.protocol=SASL_SSL \
 *     --kafka-property sasl.mechanism=SCRAM-SHA-512 --kafka-property 'sasl.jaas.config=…' …
 * </pre>
 */
public final class KafkaClientOptions extends KafkaClientFlags {

  @Option(names = "--bootstrap-servers", required = true, paramLabel = "HOST:PORT[,…]",
      description = "Kafka bootstrap servers, host:port[,host:port].")
  String bootstrapServers;

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }
}
