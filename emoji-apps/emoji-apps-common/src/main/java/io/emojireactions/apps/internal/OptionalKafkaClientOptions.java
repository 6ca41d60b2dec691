package io.emojireactions.apps.internal;

import picocli.CommandLine.Option;

/** {@link KafkaClientOptions} with {@code --bootstrap-servers} optional (simulate, demo). */
public final class OptionalKafkaClientOptions extends KafkaClientFlags {

  @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT[,…]",
      description = "Kafka bootstrap servers, host:port[,host:port]; see the command's description for what its absence means.")
  String bootstrapServers;

  @Override
  public String bootstrapServers() {
    return bootstrapServers;
  }
}
