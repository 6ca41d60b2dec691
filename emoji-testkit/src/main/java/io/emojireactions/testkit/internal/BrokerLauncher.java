package io.emojireactions.testkit.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The main class of a broker child JVM: {@code BrokerLauncher <server.properties> [<cluster-id>]}.
 *
 * <p>It first starts a watchdog that halts this JVM as soon as its stdin reaches end-of-file:
 * the parent holds the other end of that pipe and never writes to it, so EOF means the parent
 * died (even by SIGKILL) and the broker must not outlive it. Then, given a cluster id, it
 * formats the log directory unless it is already formatted, and runs {@code kafka.Kafka}.
 * SIGTERM/SIGINT reach Kafka's own shutdown hook (a clean, controlled shutdown).
 */
public final class BrokerLauncher {

  /** Exit status when the parent's pipe closed: the parent is gone. */
  static final int PARENT_GONE_STATUS = 86;

  private BrokerLauncher() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 2) {
      System.err.println("usage: BrokerLauncher <server.properties> [<cluster-id>]");
      System.exit(2);
    }
    watchParent();
    String properties = args[0];
    if (args.length == 2) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      // --ignore-formatted: a restart over existing data keeps its cluster id and contents.
      // execute(), not main(): main() calls System.exit.
      int status =
          kafka.tools.StorageTool.execute(
              new String[] {"format", "--ignore-formatted", "-t", args[1], "-c", properties}, out);
      if (status != 0) {
        System.err.println("formatting the log directory failed with status " + status);
        System.exit(status);
      }
    }
    kafka.Kafka.main(new String[] {properties});
  }

  private static void watchParent() {
    Thread watchdog =
        new Thread(
            () -> {
              try {
                while (System.in.read() != -1) {
                  // The parent never writes; anything read is ignored.
                }
              } catch (IOException e) {
                // A broken pipe means the same as EOF.
              }
              Runtime.getRuntime().halt(PARENT_GONE_STATUS);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }
}
