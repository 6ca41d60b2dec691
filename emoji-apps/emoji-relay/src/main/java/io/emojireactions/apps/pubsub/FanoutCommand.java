package io.emojireactions.apps.pubsub;

import io.emojireactions.core.DeadLetterCodec;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.pubsub.PubSubOptions;
import io.emojireactions.pubsub.FanOutRelay;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.RelayListener;
import io.emojireactions.pubsub.TopologyAdmin;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.common.KafkaException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji fanout}: runs the fan-out relay (main topic → cluster topics and sub-topics,
 * exactly-once within one Kafka cluster) until SIGTERM or Ctrl-C, then stops cleanly after the
 * batch in progress has committed.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, description = "Run the fan-out relay from the main topic to the cluster topics.")
public final class FanoutCommand implements Callable<Integer> {

  /** Runs {@code emoji fanout} on its own: {@code java -cp … io.emojireactions.apps.pubsub.FanoutCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new FanoutCommand(), args);
  }

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--topology", description = "Topology properties file (default: the seed's 3 x 3 layout)")
  Path topology;

  @Option(names = "--routing", description = "Routing for every cluster: hash, broadcast or filter:… (default: the topology's)")
  String routing;

  @Option(names = "--group", defaultValue = RelayConfig.DEFAULT_GROUP_ID, description = "Consumer group of the relay (default: ${DEFAULT-VALUE})")
  String group;

  @Option(names = "--transactional-id", defaultValue = RelayConfig.DEFAULT_TRANSACTIONAL_ID,
      description = "Stable per relay instance, distinct between instances (default: ${DEFAULT-VALUE})")
  String transactionalId;

  @Option(names = "--max-batch", defaultValue = "2000", description = "Most main-topic records per transaction (default: ${DEFAULT-VALUE})")
  int maxBatch;

  @Option(names = "--dlq-max-bytes", defaultValue = "" + DeadLetterCodec.DEFAULT_MAX_BYTES, paramLabel = "BYTES",
      description = "Most bytes of one DLQ record (key + value + headers): a larger invalid message is kept cut, marked truncated, "
          + "with its size and SHA-256; keep it under the DLQ topic's max.message.bytes, at least " + DeadLetterCodec.MIN_MAX_BYTES
          + " (default: ${DEFAULT-VALUE})")
  int dlqMaxBytes;

  @Override
  public Integer call() {
    RelayConfig config;
    try {
      config = PubSubOptions.relayConfig(kafka.connection(), topology, routing, group, transactionalId, maxBatch)
          .toBuilder().deadLetterMaxBytes(dlqMaxBytes).build();
    } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
      System.err.println("emoji fanout: " + e.getMessage());
      return 2;
    }
    List<String> missing = TopologyAdmin.missingTopics(config.topology(), config.kafka());
    if (!missing.isEmpty()) {
      System.err.println("emoji fanout: missing topics " + missing + "; create them first, e.g. with: emoji topics --bootstrap-servers "
          + kafka.bootstrapServers() + (topology == null ? "" : " --topology " + topology));
      return 2;
    }
    FanOutRelay relay = FanOutRelay.create(config, new RelayListener() {
      private long lastReport = System.nanoTime();
      private long records;

      @Override
      public void onCommitted(int batch, int deadLetters) {
        records += batch;
        // A heartbeat at most every 30 s, so an operator sees it is alive without a log flood.
        if (System.nanoTime() - lastReport > 30_000_000_000L) {
          lastReport = System.nanoTime();
          System.err.println("emoji fanout: " + records + " main-topic records committed so far");
        }
      }

      @Override
      public void onTimedOut(String call, Exception cause) {
        System.err.println("emoji fanout: " + call + " timed out, calling it again: " + cause.getMessage());
      }

      @Override
      public void onAborted(Exception cause) {
        System.err.println("emoji fanout: batch rolled back, retrying: " + cause.getMessage());
      }
    });
    Thread hook = new Thread(() -> {
      relay.close();
      System.err.println("emoji fanout: stopped cleanly after relaying " + relay.relayedCount() + " messages ("
          + relay.deadLetterCount() + " to " + config.topology().dlqTopic() + ")");
    }, "emoji-fanout-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    System.err.println("emoji fanout: relaying " + config.topology() + " on " + kafka.describe() + "; Ctrl-C to stop");
    try {
      relay.run();
    } catch (KafkaException e) {
      // Fatal for the relay (fenced, refused by the cluster): one line an operator can act on.
      System.err.println("emoji fanout: stopped: " + e.getMessage()
          + (e.getCause() != null && e.getCause() != e ? " (" + e.getCause() + ")" : ""));
      return 1;
    } finally {
      relay.close();
    }
    return 0;
  }
}
