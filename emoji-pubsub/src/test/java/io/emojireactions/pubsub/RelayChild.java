package io.emojireactions.pubsub;

import java.nio.file.Path;

/**
 * A relay in its own JVM for {@link RelayCrashIT}: {@code RelayChild <bootstrap> <topology file>
 * <group> <transactional id> <max batch> <halt after batch>}. After the given batch has been sent
 * (flushed into its open transaction) and before it commits, the JVM halts as if killed -9.
 */
public final class RelayChild {

  private RelayChild() {}

  /** Starts a relay JVM with the test classpath; its output goes to {@code log}. */
  static Process start(java.nio.file.Path log, String bootstrap, java.nio.file.Path topology, String group, String transactionalId,
      int maxBatch, int haltAfterBatch) throws java.io.IOException {
    return new ProcessBuilder(
            java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            RelayChild.class.getName(), bootstrap, topology.toString(), group, transactionalId,
            Integer.toString(maxBatch), Integer.toString(haltAfterBatch))
        .redirectErrorStream(true)
        .redirectOutput(log.toFile())
        .start();
  }

  public static void main(String[] args) {
    FanOutTopology topology = FanOutTopology.load(Path.of(args[1]));
    RelayConfig config = RelayConfig.builder().topology(topology).kafka(KafkaConnection.of(args[0]))
        .groupId(args[2])
        .transactionalId(args[3])
        .maxPollRecords(Integer.parseInt(args[4]))
        .build();
    int haltAfter = Integer.parseInt(args[5]);
    FanOutRelay relay = FanOutRelay.create(config, new RelayListener() {
      private int batches;

      @Override
      public void onBatchSent(int records, int deadLetters) {
        if (++batches == haltAfter) {
          System.out.println("halting inside the transaction of batch " + batches + " (" + records + " records)");
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
