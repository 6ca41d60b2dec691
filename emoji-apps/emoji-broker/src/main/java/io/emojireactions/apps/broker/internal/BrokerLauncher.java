package io.emojireactions.apps.broker.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The main class of a broker child JVM:
 * {@code BrokerLauncher <server.properties> [<cluster-id> [<temporary-cluster-dir>]]}.
 *
 * <p>It first starts a watchdog that halts this JVM as soon as its stdin reaches end-of-file:
 * the parent holds the other end of that pipe and never writes to it, so EOF means the parent
 * died (even by SIGKILL) and the broker must not outlive it. Given a third argument (the
 * cluster directory of a temporary cluster), the watchdog deletes this node's data first. Then, given a cluster id, it
 * formats the log directory unless it is already formatted, and runs {@code kafka.Kafka}.
 * SIGTERM/SIGINT reach Kafka's own shutdown hook (a clean, controlled shutdown).
 */
public final class BrokerLauncher {

  /** Exit status when the parent's pipe closed: the parent is gone. */
  static final int PARENT_GONE_STATUS = 86;

  /** File next to {@code server.properties} with further {@code kafka-storage format} arguments, one per line. */
  public static final String FORMAT_ARGS_FILE = "format.args";

  private BrokerLauncher() {}

  public static void main(String[] args) {
    if (args.length < 1 || args.length > 3) {
      System.err.println("usage: BrokerLauncher <server.properties> [<cluster-id> [<temporary-cluster-dir>]]");
      System.exit(2);
    }
    Path properties = Path.of(args[0]);
    watchParent(args.length == 3 ? properties.toAbsolutePath().getParent() : null, args.length == 3 ? Path.of(args[2]) : null);
    if (args.length >= 2) {
      PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
      // --ignore-formatted: a restart over existing data keeps its cluster id and contents.
      // execute(), not main(): main() calls System.exit.
      java.util.List<String> format = new java.util.ArrayList<>(java.util.List.of("format", "--ignore-formatted", "-t", args[1], "-c", args[0]));
      // Extra format arguments (e.g. --add-scram for a secured cluster's first super user), one per line.
      Path extra = properties.toAbsolutePath().resolveSibling(FORMAT_ARGS_FILE);
      if (Files.exists(extra)) {
        try {
          format.addAll(Files.readAllLines(extra, StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty()).toList());
        } catch (IOException e) {
          System.err.println("cannot read " + extra + ": " + e);
          System.exit(2);
        }
      }
      int status = kafka.tools.StorageTool.execute(format.toArray(String[]::new), out);
      if (status != 0) {
        System.err.println("formatting the log directory failed with status " + status);
        System.exit(status);
      }
    }
    kafka.Kafka.main(new String[] {args[0]});
  }

  /**
   * Halts when stdin ends. For a temporary cluster ({@code clusterDir} given) it first deletes
   * this node's directory, and the cluster directory once it is empty: nobody else is left to.
   */
  private static void watchParent(Path nodeDir, Path clusterDir) {
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
              if (clusterDir != null) {
                deleteQuietly(nodeDir);
                deleteQuietly(clusterDir.resolve(ClusterLayout.FILE_NAME));
                try {
                  Files.deleteIfExists(clusterDir); // fails while other nodes' directories remain
                } catch (IOException e) {
                  // Another node deletes it last.
                }
              }
              Runtime.getRuntime().halt(PARENT_GONE_STATUS);
            },
            "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
  }

  private static void deleteQuietly(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException e) {
      // Best effort: the JVM halts next either way.
    }
  }
}
