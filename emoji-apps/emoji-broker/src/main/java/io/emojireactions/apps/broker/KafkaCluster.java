package io.emojireactions.apps.broker;

import io.emojireactions.apps.broker.internal.BrokerClasspath;
import io.emojireactions.apps.broker.internal.BrokerConfig;
import io.emojireactions.apps.broker.internal.BrokerNode;
import io.emojireactions.apps.broker.internal.ClusterAdmin;
import io.emojireactions.apps.broker.internal.ClusterLayout;
import io.emojireactions.apps.broker.internal.NodeAddress;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka cluster (KRaft, combined broker+controller nodes) running in child JVMs
 * started from the Maven-resolved broker jars, on loopback ports. The broker's Scala 2.13 and
 * server jars never touch the caller's classpath.
 *
 * <p>Usage:
 * <pre>{@code
 * try (KafkaCluster kafka = KafkaCluster.start(1)) {
 *   kafka.createTopic("emoji_reactions", 2, 1, Map.of());
 *   String bootstrap = kafka.bootstrapServers();
 * }
 * // or, with options:
 * KafkaCluster.builder().nodes(3).port(9092).dataDir(dir).brokerProperty("num.partitions", "2").start();
 * // or, reusing a cluster named by EMOJI_KAFKA_BOOTSTRAP when that variable is set:
 * KafkaCluster.startOrExternal(1);
 * // or secured: SASL_SSL (SCRAM-SHA-512, a CA generated for the cluster) with ACLs enforced:
 * KafkaCluster secure = KafkaCluster.builder().saslSsl().start();
 * secure.addScramUser("relay", "pw");
 * Map<String, String> props = secure.security().clientProperties("relay", "pw");
 * }</pre>
 *
 * <p>Node {@code i} (0-based index in this API) has Kafka {@code node.id} {@code i + 1}. Each
 * node logs to {@code broker.log} in its directory ({@link #nodeDir(int)}).
 *
 * <p>Child processes are destroyed on {@link #close()}, by a shutdown hook if the caller's JVM
 * exits without closing, and, should the caller's JVM be killed, they halt on their own (they
 * watch a pipe from the parent). Data directories are deleted on close unless the caller gave
 * one; a given directory keeps its data and cluster id, so a later start over it restarts the
 * same cluster.
 *
 * <p>An <em>external</em> cluster ({@link #external(String)}) is a handle on a cluster this
 * class did not start: {@link #createTopic} works, node control throws {@link
 * IllegalStateException}, {@link #close()} leaves it running. Thread-safe.
 */
public final class KafkaCluster implements AutoCloseable {

  /** Environment variable naming an external cluster's bootstrap servers. */
  public static final String BOOTSTRAP_ENV = "EMOJI_KAFKA_BOOTSTRAP";

  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  private static final Set<KafkaCluster> LIVE = Collections.synchronizedSet(new java.util.LinkedHashSet<>());

  static {
    // Last resort for callers that never close (or a Ctrl-C in `emoji broker`).
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  List<KafkaCluster> clusters;
                  synchronized (LIVE) {
                    clusters = new ArrayList<>(LIVE);
                  }
                  clusters.forEach(KafkaCluster::close);
                },
                "kafka-cluster-shutdown"));
  }

  private final String externalBootstrap;
  private final List<BrokerNode> nodes;
  private final Path dataDir;
  private final boolean ownsDataDir;
  private final String classpath;
  private final Duration startTimeout;
  private final KafkaSecurity security;
  private boolean closed;

  private KafkaCluster(
      String externalBootstrap,
      List<BrokerNode> nodes,
      Path dataDir,
      boolean ownsDataDir,
      String classpath,
      Duration startTimeout) {
    this(externalBootstrap, nodes, dataDir, ownsDataDir, classpath, startTimeout, null);
  }

  private KafkaCluster(
      String externalBootstrap,
      List<BrokerNode> nodes,
      Path dataDir,
      boolean ownsDataDir,
      String classpath,
      Duration startTimeout,
      KafkaSecurity security) {
    this.security = security;
    this.externalBootstrap = externalBootstrap;
    this.nodes = nodes;
    this.dataDir = dataDir;
    this.ownsDataDir = ownsDataDir;
    this.classpath = classpath;
    this.startTimeout = startTimeout;
  }

  /** Starts {@code nodes} nodes (1 or 3 typical) in temporary directories; returns once all accept requests. */
  public static KafkaCluster start(int nodes) {
    return builder().nodes(nodes).start();
  }

  /** A builder for a cluster with options (node count, data directory, port, broker properties). */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The cluster named by {@value #BOOTSTRAP_ENV} when that variable is set and not blank (an
   * external handle: see {@link #external(String)}), otherwise a new cluster of {@code nodes}.
   */
  public static KafkaCluster startOrExternal(int nodes) {
    return startOrExternal(nodes, System.getenv());
  }

  /** {@link #startOrExternal(int)} reading the variable from {@code env}. */
  public static KafkaCluster startOrExternal(int nodes, Map<String, String> env) {
    String bootstrap = env.get(BOOTSTRAP_ENV);
    if (bootstrap != null && !bootstrap.isBlank()) {
      return external(bootstrap.trim());
    }
    return start(nodes);
  }

  /**
   * A handle on a running cluster this class did not start. Nothing is contacted until a method
   * needs the cluster.
   *
   * @param bootstrapServers comma-separated {@code host:port}, not blank
   */
  public static KafkaCluster external(String bootstrapServers) {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrapServers must not be blank, but was '" + bootstrapServers + "'");
    }
    return new KafkaCluster(bootstrapServers, List.of(), null, false, null, Duration.ofSeconds(60));
  }

  /** Comma-separated {@code 127.0.0.1:port} of the nodes (all of them, running or not). */
  public String bootstrapServers() {
    if (isExternal()) {
      return externalBootstrap;
    }
    return nodes.stream().map(n -> n.address().bootstrap()).collect(Collectors.joining(","));
  }

  /** The bootstrap address of node {@code index} alone. */
  public String bootstrapServers(int index) {
    return node(index).address().bootstrap();
  }

  /**
   * The security material of a cluster started with {@link Builder#saslSsl()}.
   *
   * @throws IllegalStateException for a plain cluster
   */
  public KafkaSecurity security() {
    if (security == null) {
      throw new IllegalStateException("this cluster is PLAINTEXT; start it with KafkaCluster.builder().saslSsl()");
    }
    return security;
  }

  /** True when clients must use {@code SASL_SSL} ({@link #security()}). */
  public boolean isSecured() {
    return security != null;
  }

  /** The client properties this class itself uses: the admin's on a secured cluster, else none. */
  public Map<String, String> adminClientProperties() {
    return security == null ? Map.of() : security.adminProperties();
  }

  /**
   * Creates (or updates) SCRAM-SHA-512 credentials of {@code user} on a secured cluster and waits
   * until they are in effect. The user has no ACLs yet.
   */
  public void addScramUser(String user, String password) {
    security();
    ClusterAdmin.addScramUser(bootstrapServers(), adminClientProperties(), user, password, Instant.now().plus(startTimeout));
  }

  /** True when this is a handle on a cluster this class did not start. */
  public boolean isExternal() {
    return externalBootstrap != null;
  }

  /**
   * Creates a topic and waits until every partition has a leader and all its replicas in sync.
   *
   * @throws IllegalStateException when the topic exists or the cluster rejects it (message says why)
   */
  public void createTopic(String name, int partitions, int replicationFactor, Map<String, String> configs) {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1, but was " + partitions);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replicationFactor must be >= 1, but was " + replicationFactor);
    }
    ClusterAdmin.createTopic(
        bootstrapServers(), adminClientProperties(), name, partitions, (short) replicationFactor, Map.copyOf(configs), Instant.now().plus(startTimeout));
  }

  /** The number of nodes: as started, or for an external cluster the brokers it reports now. */
  public int nodeCount() {
    if (isExternal()) {
      return ClusterAdmin.brokerIds(externalBootstrap, Instant.now().plus(startTimeout)).size();
    }
    return nodes.size();
  }

  /** True when node {@code index}'s process is alive. */
  public boolean isRunning(int index) {
    return node(index).isRunning();
  }

  /** The directory of node {@code index}: {@code server.properties}, {@code broker.log}, {@code data/}. */
  public Path nodeDir(int index) {
    return node(index).dir();
  }

  /** Stops node {@code index} (0-based) with SIGKILL: no clean shutdown. Returns once it is gone. */
  public void killNode(int index) {
    node(index).kill();
  }

  /**
   * Freezes node {@code index} (SIGSTOP) until {@link #resumeNode}: connections stay open and
   * nothing is answered, as in a long GC pause. Requests it received meanwhile are handled after
   * the resume. A paused node counts as running; resume it before stopping or closing the cluster.
   */
  public void pauseNode(int index) {
    node(index).pause();
  }

  /** Lets a {@linkplain #pauseNode paused} node run again (SIGCONT). */
  public void resumeNode(int index) {
    node(index).resume();
  }

  /** Stops node {@code index} cleanly (SIGTERM, waits for exit; SIGKILL after 60 s). */
  public void stopNode(int index) {
    node(index).stop(STOP_TIMEOUT);
  }

  /** Restarts a stopped or killed node on the same ports and data; returns once it accepts requests. */
  public synchronized void restartNode(int index) {
    BrokerNode node = node(index);
    if (node.isRunning()) {
      throw new IllegalStateException("node " + index + " is running; stop or kill it before restarting it");
    }
    node.launch(classpath);
    awaitReady(List.of(node));
  }

  /**
   * Stops every node and, for a temporary data directory, deletes it. Nodes of a temporary
   * cluster are killed (their data is thrown away anyway); nodes of a caller-given directory stop
   * cleanly. Idempotent. An external cluster is left running.
   */
  @Override
  public synchronized void close() {
    // Synchronized as a whole: a second caller (e.g. the shutdown hook) returns only once stopped.
    if (closed) {
      return;
    }
    closed = true;
    LIVE.remove(this);
    if (isExternal()) {
      return;
    }
    if (ownsDataDir) {
      nodes.forEach(BrokerNode::kill);
      deleteRecursively(dataDir);
    } else {
      // SIGTERM all first so they shut down in parallel, then wait for each.
      nodes.parallelStream().forEach(n -> n.stop(STOP_TIMEOUT));
    }
  }

  @Override
  public String toString() {
    return isExternal() ? "KafkaCluster(external " + externalBootstrap + ")" : "KafkaCluster(" + bootstrapServers() + ", " + dataDir + ")";
  }

  private BrokerNode node(int index) {
    if (isExternal()) {
      throw new IllegalStateException(
          "this is an external cluster (" + externalBootstrap + "): its nodes cannot be controlled;"
              + " use KafkaCluster.start(n) for tests that stop, kill or restart nodes");
    }
    if (index < 0 || index >= nodes.size()) {
      throw new IllegalArgumentException("node index must be in 0.." + (nodes.size() - 1) + ", but was " + index);
    }
    return nodes.get(index);
  }

  private void awaitReady(List<BrokerNode> starting) {
    Instant deadline = Instant.now().plus(startTimeout);
    for (BrokerNode node : starting) {
      Set<Integer> expected = nodes.stream()
          .filter(n -> n == node || n.isRunning())
          .map(n -> n.address().nodeId())
          .collect(Collectors.toSet());
      // Asking the starting node itself proves it serves requests and sees the others.
      ClusterAdmin.awaitBrokers(
          node.address().bootstrap(),
          adminClientProperties(),
          expected,
          deadline,
          () -> {
            if (!node.isRunning()) {
              throw new IllegalStateException(
                  "Kafka node " + node.address().nodeId() + " exited with status " + node.exitStatus()
                      + " while starting\n" + node.diagnostics(40));
            }
          },
          () -> "Kafka node " + node.address().nodeId() + " did not become ready within " + startTimeout
              + "\n" + node.diagnostics(40));
    }
  }

  private static void deleteRecursively(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: a leftover temp directory must not fail the caller's test.
    }
  }

  /** Options for a cluster; {@link #start()} validates them and starts it. Not thread-safe. */
  public static final class Builder {
    private int nodes = 1;
    private Path dataDir;
    private int port;
    private final Map<String, String> brokerProperties = new LinkedHashMap<>();
    private Duration startTimeout = Duration.ofSeconds(120);
    private boolean saslSsl;

    private Builder() {}

    /**
     * Secures the client listener: {@code SASL_SSL} with SCRAM-SHA-512, TLS from a CA generated
     * for this cluster, the {@code StandardAuthorizer} with only the admin a super user (see
     * {@link KafkaSecurity}). Needs a fresh (temporary) data directory.
     */
    public Builder saslSsl() {
      this.saslSsl = true;
      return this;
    }

    /** Node count, 1..9; default 1. */
    public Builder nodes(int count) {
      if (count < 1 || count > 9) {
        throw new IllegalArgumentException("nodes must be in 1..9, but was " + count);
      }
      this.nodes = count;
      return this;
    }

    /** A persistent data directory (kept on close, reused on the next start); default a temporary one. */
    public Builder dataDir(Path dir) {
      this.dataDir = Objects.requireNonNull(dir, "dataDir");
      return this;
    }

    /** Node i listens for clients on {@code port + i}; default free ports. */
    public Builder port(int firstPort) {
      if (firstPort < 1 || firstPort > 65_535) {
        throw new IllegalArgumentException("port must be in 1..65535, but was " + firstPort);
      }
      this.port = firstPort;
      return this;
    }

    /** A broker property that replaces or adds to the generated {@code server.properties}. */
    public Builder brokerProperty(String key, String value) {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(value, "value of " + key);
      brokerProperties.put(key, value);
      return this;
    }

    /** How long start and restart may take before they fail with the broker's log; default 120 s. */
    public Builder startTimeout(Duration timeout) {
      if (timeout == null || timeout.isNegative() || timeout.isZero()) {
        throw new IllegalArgumentException("startTimeout must be positive, but was " + timeout);
      }
      this.startTimeout = timeout;
      return this;
    }

    /** Starts the cluster; returns once every node accepts requests and sees all the others. */
    public KafkaCluster start() {
      if (port > 0 && port + nodes - 1 > 65_535) {
        throw new IllegalArgumentException("port " + port + " leaves no room for " + nodes + " nodes");
      }
      String classpath = BrokerClasspath.asString();
      boolean owns = dataDir == null;
      Path dir;
      try {
        dir = owns ? Files.createTempDirectory("emoji-kafka-") : Files.createDirectories(dataDir.toAbsolutePath());
      } catch (IOException e) {
        throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
      }
      ClusterLayout layout = owns ? null : ClusterLayout.load(dir);
      if (layout == null) {
        layout = ClusterLayout.fresh(Uuid.randomUuid().toString(), nodes, port);
        if (!owns) {
          layout.store(dir);
        }
      } else {
        if (layout.nodes().size() != nodes) {
          throw new IllegalArgumentException(
              "the data directory " + dir + " holds a cluster of " + layout.nodes().size() + " nodes, but "
                  + nodes + " were asked for; use --nodes " + layout.nodes().size() + " or another directory");
        }
        if (port > 0 && layout.nodes().get(0).port() != port) {
          layout = layout.withFirstPort(port);
          layout.store(dir);
        }
      }
      if (saslSsl && !owns) {
        throw new IllegalArgumentException("saslSsl() needs a temporary data directory (its credentials are made at the first start)");
      }
      KafkaSecurity security = saslSsl ? KafkaSecurity.generate(dir.resolve("tls")) : null;
      Map<String, String> properties = new LinkedHashMap<>();
      if (security != null) {
        properties.putAll(security.brokerProperties());
      }
      properties.putAll(brokerProperties);
      List<BrokerNode> brokerNodes = new ArrayList<>();
      for (NodeAddress address : layout.nodes()) {
        BrokerNode node = new BrokerNode(address, dir.resolve("node-" + (address.nodeId() - 1)), layout.clusterId(), owns ? dir : null);
        node.writeProperties(BrokerConfig.serverProperties(address, layout.nodes(), node.logDir(),
            security == null ? "PLAINTEXT" : "SASL_SSL", properties));
        if (security != null) {
          node.writeFormatArgs(List.of("--add-scram", security.bootstrapScramCredential()));
        }
        brokerNodes.add(node);
      }
      KafkaCluster cluster = new KafkaCluster(null, List.copyOf(brokerNodes), dir, owns, classpath, startTimeout, security);
      LIVE.add(cluster);
      try {
        // All at once: with several nodes the controller quorum forms only when a majority runs.
        IntStream.range(0, brokerNodes.size()).forEach(i -> brokerNodes.get(i).launch(classpath));
        cluster.awaitReady(brokerNodes);
      } catch (RuntimeException e) {
        cluster.close();
        throw e;
      }
      return cluster;
    }
  }
}
