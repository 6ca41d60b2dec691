package io.emojireactions.pubsub;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The relay of {@code emoji fanout} in a JVM of its own that halts, as if killed -9 (exit 137),
 * inside the transaction of a given batch: the batch's records are on the brokers, flushed into the
 * open transaction, and its offsets are not committed. {@link RelayCrashIT} and {@link
 * TwoKafkaClustersIT} run it, and so does emoji-cli's {@code FanOutChaosIT}, through this module's
 * test jar (it holds only this class).
 *
 * <p>{@code HaltingRelay <bootstrap> <topology file> <max batch> <halt in batch> [<group>
 * <transactional id>]}. Without a group and transactional id it takes {@link RelayConfig}'s
 * defaults, those of {@code emoji fanout}, so that a later {@code emoji fanout} fences it and
 * resumes from its committed offsets. It prints {@code committed <records>} after each committed
 * batch and {@code halting inside the transaction of batch <n> (<records> records)} right before
 * it halts.
 */
public final class HaltingRelay {

  /** The line printed right before the halt, up to the batch number. */
  public static final String HALTING = "halting inside the transaction of batch ";

  private HaltingRelay() {}

  /**
   * Starts it on this JVM's classpath with the given group and transactional id, its output
   * (stdout and stderr) written to {@code log}.
   */
  static Process start(Path log, String bootstrap, Path topology, String group, String transactionalId, int maxBatch,
      int haltInBatch) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), HaltingRelay.class.getName()));
    command.addAll(List.of(bootstrap, topology.toString(), Integer.toString(maxBatch), Integer.toString(haltInBatch), group,
        transactionalId));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  public static void main(String[] args) {
    if (args.length != 4 && args.length != 6) {
      System.err.println("usage: HaltingRelay <bootstrap> <topology file> <max batch> <halt in batch> [<group> <transactional id>]");
      System.exit(2);
    }
    RelayConfig.Builder config = RelayConfig.builder().topology(FanOutTopology.load(Path.of(args[1])))
        .kafka(KafkaConnection.of(args[0])).maxPollRecords(Integer.parseInt(args[2]));
    if (args.length == 6) {
      config.groupId(args[4]).transactionalId(args[5]);
    }
    int haltIn = Integer.parseInt(args[3]);
    FanOutRelay relay = FanOutRelay.create(config.build(), new RelayListener() {
      private int batches;

      @Override
      public void onBatchSent(int records, int deadLetters) {
        if (++batches == haltIn) {
          System.out.println(HALTING + batches + " (" + records + " records)");
          System.out.flush();
          Runtime.getRuntime().halt(137);
        }
      }

      @Override
      public void onCommitted(int records, int deadLetters) {
        System.out.println("committed " + records);
      }
    });
    relay.run();
  }
}
