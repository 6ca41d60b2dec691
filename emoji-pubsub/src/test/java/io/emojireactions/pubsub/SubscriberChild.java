package io.emojireactions.pubsub;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A subscriber in its own JVM for {@link SubscriberCrashIT}: {@code SubscriberChild <bootstrap>
 * <topic> <group> <instance id> <halt after> <out file>}. Appends each handled message to the file
 * (unbuffered, so a halt loses nothing written) and halts, as if killed -9, right after handling
 * message number {@code halt after}, before that batch is checkpointed.
 */
public final class SubscriberChild {

  private SubscriberChild() {}

  static Process start(Path log, String bootstrap, String topic, String group, String instanceId, int haltAfter, Path out)
      throws IOException {
    return new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            SubscriberChild.class.getName(), bootstrap, topic, group, instanceId, Integer.toString(haltAfter), out.toString())
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  public static void main(String[] args) throws IOException {
    SubscriberConfig config = SubscriberConfig.builder().kafka(KafkaConnection.of(args[0])).topic(args[1]).groupId(args[2])
        .instanceId(args[3])
        .maxPollRecords(25)
        .build();
    int haltAfter = Integer.parseInt(args[4]);
    try (FileOutputStream out = new FileOutputStream(args[5], true); Subscriber subscriber = Subscriber.create(config)) {
      int[] handled = {0};
      subscriber.run(message -> {
        out.write((message.json() + "\n").getBytes(StandardCharsets.UTF_8));
        if (++handled[0] == haltAfter) {
          Runtime.getRuntime().halt(137);
        }
      });
    }
  }
}
