package io.emojireactions.apps.reliability;

import io.emojireactions.pubsub.FanOutRelay;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.RelayListener;
import java.nio.file.Path;

/**
 * The relay of {@code emoji fanout} in a JVM that halts (as if killed -9, exit 137) inside the
 * transaction of a given batch: its records are on the brokers, flushed into the open transaction,
 * and its offsets are not committed. Arguments: {@code <bootstrap> <topology file> <max batch>
 * <halt in batch>}. The approach of emoji-pubsub's RelayCrashIT, here with the pipeline running.
 */
public final class HaltingRelay {

  private HaltingRelay() {}

  public static void main(String[] args) {
    RelayConfig config = RelayConfig.builder().topology(FanOutTopology.load(Path.of(args[1]))).kafka(KafkaConnection.of(args[0]))
        .maxPollRecords(Integer.parseInt(args[2]))
        .build();
    int haltIn = Integer.parseInt(args[3]);
    FanOutRelay relay = FanOutRelay.create(config, new RelayListener() {
      private int batches;

      @Override
      public void onBatchSent(int records, int deadLetters) {
        if (++batches == haltIn) {
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
