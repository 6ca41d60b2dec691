package io.emojireactions.apps.pubsub;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.apps.internal.KafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.pubsub.MessagePrinter;
import io.emojireactions.apps.pubsub.PubSubOptions;
import io.emojireactions.pubsub.MessageHandler;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji subscribe}: prints the messages of one topic (one JSON object per line, or a live
 * table), checkpointing in its own consumer group, until Ctrl-C or {@code --max-messages}. A record
 * that is not an output message is reported on stderr with its reason and skipped (see
 * {@link MessagePrinter}).
 */
@Command(name = "subscribe", mixinStandardHelpOptions = true, description = "Print the messages of one topic, one JSON object per line.")
public final class SubscribeCommand implements Callable<Integer> {

  /** Runs {@code emoji subscribe} on its own: {@code java -cp … io.emojireactions.apps.pubsub.SubscribeCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new SubscribeCommand(), args);
  }

  @Mixin KafkaClientOptions kafka;

  @Option(names = "--topic", required = true, description = "A cluster topic or sub-topic, e.g. emoji_cluster_1_sub2")
  String topic;

  @Option(names = "--from", defaultValue = "checkpoint",
      description = "checkpoint, earliest, latest or an ISO-8601 instant such as 2025-10-29T22:31:00Z (default: ${DEFAULT-VALUE})")
  String from;

  @Option(names = "--group", description = "Consumer group (default: emoji-subscribe-<topic>); distinct subscribers need distinct groups")
  String group;

  @Option(names = "--instance-id", description = "Static group membership: a restarted subscriber takes its partitions back at once")
  String instanceId;

  @Option(names = "--format", defaultValue = "json", description = "json or table (default: json)")
  MessagePrinter format;

  @Option(names = "--max-messages", defaultValue = "0", description = "Stop after this many messages (0 = run until Ctrl-C)")
  long maxMessages;

  /** Where output goes; tests replace it. */
  PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);

  PrintStream err = System.err;

  @Override
  public Integer call() {
    SubscriberConfig config;
    try {
      config = PubSubOptions.subscriberConfig(kafka.connection(), topic, from, group);
      if (instanceId != null) {
        config = config.toBuilder().instanceId(instanceId).build();
      }
    } catch (IllegalArgumentException e) {
      err.println("emoji subscribe: " + e.getMessage());
      return 2;
    }
    try (Subscriber subscriber = Subscriber.create(config)) {
      Thread hook = new Thread(subscriber::close, "emoji-subscribe-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      LongAdder skipped = new LongAdder();
      subscriber.run(limit(format.handler(out, err, skipped), maxMessages, subscriber));
      if (skipped.sum() > 0) {
        err.println("emoji subscribe: skipped " + skipped.sum() + " messages that were not output messages");
      }
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // Already shutting down: the hook is running.
      }
    }
    return 0;
  }

  /** Closes the subscriber after {@code max} messages (after the last one is checkpointed); 0 = no limit. */
  static MessageHandler limit(MessageHandler handler, long max, Subscriber subscriber) {
    if (max <= 0) {
      return handler;
    }
    AtomicLong seen = new AtomicLong();
    return message -> {
      handler.handle(message);
      if (seen.incrementAndGet() >= max) {
        subscriber.close();
      }
    };
  }
}
