package io.emojireactions.apps;

import io.emojireactions.apps.broker.KafkaCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji broker}: runs a local Apache Kafka cluster (KRaft, combined broker+controller
 * nodes, each in its own JVM, from emoji-testkit) in the foreground until Ctrl-C or SIGTERM.
 *
 * <pre>
 * bin/emoji broker                          # 127.0.0.1:9092, data thrown away on exit
 * bin/emoji broker --data-dir ./kafka-data  # data kept; a later start resumes it
 * bin/emoji broker --nodes 3 --port 9092    # nodes on 9092, 9093, 9094
 * </pre>
 *
 * <p>Prints {@code Kafka is ready at <bootstrap servers>} on one line once every node accepts
 * requests, and {@code Kafka stopped} after a clean shutdown.
 */
@Command(
    name = "broker",
    mixinStandardHelpOptions = true,
    description = "Run a local Apache Kafka broker (KRaft) in the foreground until Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Kafka is ready at ";

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "9092",
      description = "Client port of the first node (node i uses port+i); 0 picks free ports. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description = "Keep the cluster's data here (reused on the next start). Default: a temporary directory, deleted on exit.")
  Path dataDir;

  @Option(names = "--nodes", paramLabel = "N", defaultValue = "1", description = "Number of broker+controller nodes, 1..9. Default: ${DEFAULT-VALUE}.")
  int nodes;

  /**
   * Validated settings of one run.
   *
   * @param port the first node's client port, or 0 for free ports
   * @param dataDir the persistent data directory, or null for a temporary one
   * @param nodes the node count
   */
  public record Options(int port, Path dataDir, int nodes) {
    public Options {
      if (port < 0 || port > 65_535) {
        throw new IllegalArgumentException("--port must be in 0..65535, but was " + port);
      }
      if (nodes < 1 || nodes > 9) {
        throw new IllegalArgumentException("--nodes must be in 1..9, but was " + nodes);
      }
      if (port > 0 && port + nodes - 1 > 65_535) {
        throw new IllegalArgumentException("--port " + port + " leaves no room for " + nodes + " nodes");
      }
    }
  }

  @Override
  public Integer call() {
    Options options;
    try {
      options = new Options(port, dataDir, nodes);
    } catch (IllegalArgumentException e) {
      System.err.println("emoji broker: " + e.getMessage());
      return 2;
    }
    CountDownLatch stop = new CountDownLatch(1);
    // Ctrl-C / SIGTERM: release serve(), which stops the nodes cleanly; the hook waits for it so
    // the JVM does not exit under a half-stopped cluster.
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  try {
                    stopped.await();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                },
                "emoji-broker-stop"));
    try {
      return serve(options, System.out, System.err, stop);
    } finally {
      stopped.countDown();
    }
  }

  /**
   * Starts the cluster, prints the ready line, waits for {@code stop}, stops the cluster and
   * prints {@code Kafka stopped}.
   *
   * @return 0 after a clean run, 1 when the cluster could not start (the reason on {@code err})
   */
  public static int serve(Options options, PrintStream out, PrintStream err, CountDownLatch stop) {
    String busy = busyPort(options);
    if (busy != null) {
      err.println("emoji broker: " + busy);
      return 1;
    }
    KafkaCluster kafka;
    try {
      kafka = start(options);
    } catch (RuntimeException e) {
      err.println("emoji broker: Kafka did not start: " + e.getMessage());
      return 1;
    }
    try {
      out.println(READY_PREFIX + kafka.bootstrapServers());
      if (options.dataDir() != null) {
        out.println("Data in " + options.dataDir().toAbsolutePath() + " (kept on exit). Press Ctrl-C to stop.");
      } else {
        out.println("Data in a temporary directory (deleted on exit). Press Ctrl-C to stop.");
      }
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      kafka.close();
    }
    out.println("Kafka stopped");
    out.flush();
    return 0;
  }

  /** The cluster the options describe, started and ready. */
  public static KafkaCluster start(Options options) {
    KafkaCluster.Builder builder = KafkaCluster.builder().nodes(options.nodes());
    if (options.port() > 0) {
      builder.port(options.port());
    }
    if (options.dataDir() != null) {
      builder.dataDir(options.dataDir());
    }
    return builder.start();
  }

  /** A message naming the first client port already taken, or null when all are free. */
  static String busyPort(Options options) {
    if (options.port() == 0) {
      return null;
    }
    for (int i = 0; i < options.nodes(); i++) {
      int p = options.port() + i;
      try (ServerSocket probe = new ServerSocket(p, 1, InetAddress.getByName("127.0.0.1"))) {
        probe.setReuseAddress(true);
      } catch (IOException e) {
        return "port " + p + " on 127.0.0.1 is in use (another Kafka?); choose another with --port, or 0 for free ports";
      }
    }
    return null;
  }
}
