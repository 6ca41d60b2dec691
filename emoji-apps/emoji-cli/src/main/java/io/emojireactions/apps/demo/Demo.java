package io.emojireactions.apps.demo;

import io.emojireactions.apps.alerts.AlertRules;
import io.emojireactions.apps.alerts.AlertsService;
import io.emojireactions.apps.dashboard.DashboardServer;
import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.apps.warehouse.EmbeddedDatabase;
import io.emojireactions.apps.warehouse.Warehouse;
import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.pubsub.FanOutRelay;
import io.emojireactions.pubsub.FanOutTopology;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.pubsub.RelayConfig;
import io.emojireactions.pubsub.StartFrom;
import io.emojireactions.pubsub.Subscriber;
import io.emojireactions.pubsub.SubscriberConfig;
import io.emojireactions.pubsub.TopicSettings;
import io.emojireactions.pubsub.TopologyAdmin;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.SparkSessions;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.demo.internal.ConsoleLines;
import io.emojireactions.apps.demo.internal.ConsoleSummary;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole system in one process tree: a local Kafka broker (emoji-testkit, a child JVM) or a
 * given one, the topics, the ingest, the simulator posting to it at a steady live rate with
 * wall-clock timestamps and a {@value #BURST_EMOJI} burst in the middle fifth of every
 * {@code burstEvery}, the Spark pipeline (trigger 1 s), the fan-out relay, the PostgreSQL warehouse
 * (an embedded server with its data in the demo's work directory) and the alerts service, both
 * reading {@code emoji_main_publisher}, the dashboard (with its alert banners) and two console
 * subscribers: one prints a summary line per closed window of {@code emoji_cluster_1}
 * ({@link ConsoleSummary}, prefix {@value ConsoleSummary#LINE_PREFIX}) and, with
 * {@link Options#printAggregates()}, each aggregate as {@code aggregate <json>}; the other prints
 * each alert as {@code alert <json>}. The work directory (Spark checkpoint, PostgreSQL data) is a
 * new temporary directory, deleted at stop. {@link #close()} stops everything in reverse order.
 */
public final class Demo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  /** The prefix of each aggregate's line with {@link Options#printAggregates()}. */
  public static final String AGGREGATE_PREFIX = "aggregate ";
  public static final String INPUT_TOPIC = "emoji_reactions";
  public static final String DLQ_TOPIC = "emoji_reactions_dlq";
  /** The alert console subscriber's line prefix. */
  public static final String ALERT_PREFIX = "alert ";
  /** The alert topic of the demo. */
  public static final String ALERT_TOPIC = "emoji_alerts";
  /** The emoji of the simulator's bursts: not among the steady traffic's emojis, so its spike stands out. */
  public static final String BURST_EMOJI = "🚀";

  /**
   * Settings of a demo run.
   *
   * @param bootstrapServers a running Kafka to use, or null to start a local broker
   * @param ingestPort the ingest's port (0: free)
   * @param dashboardPort the dashboard's port (0: free)
   * @param rate reactions per second the simulator sends
   * @param trigger the pipeline's trigger interval
   * @param burstEvery the simulator runs in rounds of this length, each with a {@value #BURST_EMOJI}
   *     burst (half the reactions) in its middle fifth; zero for steady traffic without bursts
   * @param kafkaProperties Kafka client properties (security etc.) for the given Kafka
   * @param printAggregates also print every aggregate of {@code emoji_cluster_1} as
   *     {@code aggregate <json>} (thousands of lines a minute), besides the summary lines
   */
  public record Options(String bootstrapServers, int ingestPort, int dashboardPort, double rate, Duration trigger, Duration burstEvery,
      java.util.Map<String, String> kafkaProperties, boolean printAggregates) {

    /** The options, with the Kafka client properties' names only (their values may be secrets). */
    @Override
    public String toString() {
      return "Options[bootstrapServers=" + bootstrapServers + ", ingestPort=" + ingestPort + ", dashboardPort=" + dashboardPort
          + ", rate=" + rate + ", trigger=" + trigger + ", burstEvery=" + burstEvery + ", kafkaProperties=" + new java.util.TreeMap<>(kafkaProperties).keySet()
          + ", printAggregates=" + printAggregates + "]";
    }

    /** The summary lines only, no aggregate lines. */
    public Options(String bootstrapServers, int ingestPort, int dashboardPort, double rate, Duration trigger, Duration burstEvery,
        java.util.Map<String, String> kafkaProperties) {
      this(bootstrapServers, ingestPort, dashboardPort, rate, trigger, burstEvery, kafkaProperties, false);
    }

    /** Bursts every minute, no further client properties, the summary lines only. */
    public Options(String bootstrapServers, int ingestPort, int dashboardPort, double rate, Duration trigger) {
      this(bootstrapServers, ingestPort, dashboardPort, rate, trigger, Duration.ofMinutes(1), java.util.Map.of(), false);
    }

    public Options {
      kafkaProperties = java.util.Map.copyOf(kafkaProperties);
      if (burstEvery == null || burstEvery.isNegative() || (!burstEvery.isZero() && burstEvery.toMillis() < 1000)) {
        throw new IllegalArgumentException("burstEvery must be 0 or >= 1s, but was " + burstEvery);
      }
      if (!(rate > 0) || Double.isInfinite(rate)) {
        throw new IllegalArgumentException("rate must be > 0, but was " + rate);
      }
      if (trigger == null || trigger.isNegative() || trigger.isZero()) {
        throw new IllegalArgumentException("trigger must be > 0, but was " + trigger);
      }
    }
  }

  /** How long one part may take to stop before the demo moves on to the next. */
  private static final Duration PART_STOP_TIMEOUT = Duration.ofSeconds(15);

  /** A part to stop, by name for the log. */
  private record Part(String name, AutoCloseable closeable) {}

  /** What to stop, last started first. */
  private final Deque<Part> stack = new ArrayDeque<>();
  private DashboardServer dashboard;
  private IngestServer ingest;
  private Path workDir;
  private volatile String warehouseUrl;
  /** Set by close(): a part registered later (a start still running on the other thread) is stopped at once. */
  private boolean closed;

  private Demo() {}

  /**
   * How long the console holds a window after the watermark passed its end before printing its
   * line: two triggers (the next batch, which Spark still judges by the older watermark, and the
   * relay's hop) and a second for a loaded machine.
   */
  static Duration summaryHold(Duration trigger) {
    return trigger.multipliedBy(2).plusSeconds(1);
  }

  /** Starts every part; on failure stops what was started and rethrows. */
  public static Demo start(Options options, PrintStream out) {
    Demo demo = new Demo();
    try {
      demo.startAll(options, out);
      return demo;
    } catch (RuntimeException | Error e) {
      demo.close();
      throw e;
    }
  }

  private void startAll(Options options, PrintStream out) {
    // Threads of their own for the parallel start-ups (the common pool has one thread on 2 cores).
    java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "emoji-demo-start");
      t.setDaemon(true);
      return t;
    });
    try {
      startAll(options, out, starters);
    } finally {
      starters.shutdown();
    }
  }

  private void startAll(Options options, PrintStream out, java.util.concurrent.Executor starters) {
    // Spark's start-up (seconds) overlaps the broker's: the first aggregate comes sooner.
    java.util.concurrent.CompletableFuture<SparkSession> sparkStarting = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> SparkSessions.getOrCreate("emoji-demo", Optional.of("local[2]"), OptionalInt.of(2), Map.of()), starters);
    onClose("spark", () -> sparkStarting.thenAccept(SparkSession::stop).join());
    workDir = tempDir();
    onClose("work directory", () -> deleteRecursively(workDir));
    KafkaCluster kafka = options.bootstrapServers() == null ? KafkaCluster.start(1) : KafkaCluster.external(options.bootstrapServers());
    onClose("kafka", kafka);
    String bootstrap = kafka.bootstrapServers();
    out.println("Kafka at " + bootstrap);
    KafkaConnection connection = new KafkaConnection(bootstrap, options.kafkaProperties());
    FanOutTopology topology = FanOutTopology.defaults();
    // Records carry wall-clock timestamps, so the default retention is right. The replication
    // factor is the broker's: 1 on the demo's own broker, the cluster's choice on --bootstrap-servers.
    TopologyAdmin.ensureTopics(topology, connection, TopicSettings.builder().partitions(2).build(), List.of(INPUT_TOPIC, DLQ_TOPIC));

    ingest = IngestServer.start(IngestConfig.builder().host("127.0.0.1").port(options.ingestPort()).build(), connection);
    onClose("ingest", ingest);

    ReactionTarget target = ReactionTarget.http(URI.create("http://127.0.0.1:" + ingest.port()), 8, null);
    onClose("simulator target", target);
    SimulatorRounds simulator = new SimulatorRounds(options.rate(), options.burstEvery(), BURST_EMOJI, target);
    onClose("simulator", simulator::stop);
    background("emoji-demo-simulator", simulator::run);

    FanOutRelay relay = FanOutRelay.create(RelayConfig.of(topology, connection));
    onClose("relay", relay);
    background("emoji-demo-relay", relay::run);

    dashboard = DashboardServer.start(DashboardServer.Config.builder().host("127.0.0.1").port(options.dashboardPort())
        .bootstrapServers(bootstrap).topic("emoji_cluster_1").replay(Duration.ofMinutes(2)).kafkaProperties(connection.properties())
        .alertTopic(ALERT_TOPIC).build());
    onClose("dashboard", dashboard);

    Path checkpoint = workDir.resolve("checkpoint");
    PipelineConfig.Builder pipelineBuilder = PipelineConfig.builder().bootstrapServers(bootstrap)
        .trigger(PipelineConfig.TriggerSpec.every(options.trigger()))
        .checkpointDir(checkpoint.toString())
        .startingOffsets("earliest");
    options.kafkaProperties().forEach(pipelineBuilder::kafkaOption);
    PipelineConfig pipelineConfig = pipelineBuilder.build();

    Subscriber console = Subscriber.create(
        SubscriberConfig.builder().kafka(connection).topic("emoji_cluster_1").groupId("emoji-demo-console-" + UUID.randomUUID()).startFrom(StartFrom.earliest()).build());
    onClose("console subscriber", console);
    // The console is written by its own thread from a bounded queue: a slow or blocked stdout
    // never stalls the subscriber (which then could not stop); lines beyond the queue are dropped.
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.ArrayBlockingQueue<>(10_000);
    ConsoleLines consoleLines = new ConsoleLines(ConsoleSummary.builder().clock(java.time.Clock.systemUTC())
        .lateness(pipelineConfig.lateness()).hold(summaryHold(options.trigger())).build(), options.printAggregates(), AGGREGATE_PREFIX);
    // Lines are queued under consoleLines' lock (offer never blocks), so the subscriber's and the
    // timer's lines reach the queue in the order the summary made them: windows never go back.
    background("emoji-demo-console", () -> console.run(message -> {
      synchronized (consoleLines) {
        consoleLines.accept(message).forEach(lines::offer);
      }
    }));
    // Windows also close by the clock (their hold), with no message coming: polled 4 times a second.
    java.util.concurrent.ScheduledExecutorService summaryTimer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "emoji-demo-console-summary");
      t.setDaemon(true);
      return t;
    });
    summaryTimer.scheduleWithFixedDelay(() -> {
      synchronized (consoleLines) {
        consoleLines.poll().forEach(lines::offer);
      }
    }, 250, 250, java.util.concurrent.TimeUnit.MILLISECONDS);
    onClose("console summary", summaryTimer::shutdownNow);
    Thread printer = new Thread(() -> {
      try {
        while (true) {
          String line = lines.take();
          synchronized (out) {
            out.println(line);
            out.flush();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "emoji-demo-console-printer");
    printer.setDaemon(true);
    printer.start();
    onClose("console printer", printer::interrupt);

    SparkSession spark = sparkStarting.join();
    RunningPipeline pipeline;
    try {
      pipeline = PipelineQueries.start(spark, pipelineConfig);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the pipeline did not start: " + e.getMessage(), e);
    }
    onClose("pipeline", pipeline::stop);

    // The warehouse (with PostgreSQL's initdb) and the alerts start once the pipeline runs: off the
    // path to the first aggregate, which on a loaded machine they would slow down. Both read from
    // the beginning, so they miss nothing. PostgreSQL and the alerts start side by side.
    Path pgData = workDir.resolve("warehouse-data");
    java.util.concurrent.CompletableFuture<EmbeddedDatabase> postgresStarting =
        java.util.concurrent.CompletableFuture.supplyAsync(() -> EmbeddedDatabase.start(pgData, 0), starters);
    onClose("embedded PostgreSQL", () -> postgresStarting.thenAccept(EmbeddedDatabase::close).join());
    java.util.concurrent.CompletableFuture<Void> insights = java.util.concurrent.CompletableFuture.allOf(
        java.util.concurrent.CompletableFuture.runAsync(() -> startAlerts(connection, bootstrap, topology.mainTopic(), lines), starters),
        postgresStarting.thenAcceptAsync(pg -> startWarehouse(pg, connection, topology.mainTopic(), out), starters));
    try {
      insights.join();
    } catch (java.util.concurrent.CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /**
   * Starts the alerts service, which creates the alert topic (compacted), then the console
   * subscriber of that topic (subscribing first could make the broker auto-create it plain). The
   * dashboard follows the topic once it exists.
   */
  private void startAlerts(KafkaConnection connection, String bootstrap, String topic,
      java.util.concurrent.BlockingQueue<String> lines) {
    AlertsService alerts = AlertsService.open(AlertsService.Config.builder()
        .bootstrapServers(bootstrap).topic(topic).alertTopic(ALERT_TOPIC).groupId("emoji-demo-alerts-" + UUID.randomUUID())
        .rules(AlertRules.defaults()).kafkaProperties(connection.properties()).build());
    onClose("alerts", alerts);
    background("emoji-demo-alerts", () -> {
      try {
        alerts.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    Subscriber alertConsole = Subscriber.create(
        SubscriberConfig.builder().kafka(connection).topic(ALERT_TOPIC).groupId("emoji-demo-alert-console-" + UUID.randomUUID()).startFrom(StartFrom.earliest()).build());
    onClose("alert console subscriber", alertConsole);
    background("emoji-demo-alert-console", () -> alertConsole.run(message -> lines.offer(ALERT_PREFIX + message.json())));
  }

  /** Starts the warehouse subscriber over the embedded PostgreSQL; prints its JDBC URL. */
  private void startWarehouse(EmbeddedDatabase postgres, KafkaConnection kafka, String topic, PrintStream out) {
    warehouseUrl = postgres.jdbcUrl();
    Connection db;
    Warehouse warehouse;
    try {
      db = DriverManager.getConnection(warehouseUrl);
      onClose("warehouse connection", db);
      warehouse = Warehouse.open(Warehouse.Config.builder().bootstrapServers(kafka.bootstrapServers()).topic(topic)
          .groupId("emoji-demo-warehouse").kafkaProperties(kafka.properties()).build(), db);
    } catch (SQLException e) {
      throw new IllegalStateException("the warehouse did not start: " + e.getMessage(), e);
    }
    onClose("warehouse", warehouse);
    background("emoji-demo-warehouse", () -> {
      try {
        warehouse.run();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    synchronized (out) {
      out.println("Warehouse at " + warehouseUrl + " (table emoji_window_counts, data in " + postgres.dataDir() + ")");
    }
  }

  /** The warehouse's JDBC URL (the embedded PostgreSQL). */
  public String warehouseUrl() {
    return warehouseUrl;
  }

  /** The topic the alerts are published to. */
  public String alertTopic() {
    return ALERT_TOPIC;
  }

  /** The dashboard's URL. */
  public String dashboardUrl() {
    return dashboard.url();
  }

  /** The ingest's base URL. */
  public String ingestUrl() {
    return "http://127.0.0.1:" + ingest.port() + "/";
  }

  private static void background(String name, Runnable body) {
    Thread t = new Thread(() -> {
      try {
        body.run();
      } catch (RuntimeException e) {
        LOG.error("{} stopped", name, e);
      }
    }, name);
    t.setDaemon(true);
    t.start();
  }

  /** Stops every part, last started first; never throws. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    while (!stack.isEmpty()) {
      Part part = stack.pop();
      // Each part gets a bounded time: one that hangs (e.g. a Kafka client stuck leaving its
      // group) is logged and left behind, so Ctrl-C always ends the demo. Whatever it holds ends
      // with the JVM; the broker's child process halts when this JVM is gone.
      Thread stopper = new Thread(() -> {
        try {
          part.closeable().close();
        } catch (Exception e) {
          LOG.warn("stopping the demo's {}: {}", part.name(), e.toString());
        }
      }, "emoji-demo-stop-" + part.name().replace(' ', '-'));
      stopper.setDaemon(true);
      stopper.start();
      try {
        stopper.join(PART_STOP_TIMEOUT.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopper.isAlive()) {
        LOG.warn("the demo's {} did not stop within {} s; going on", part.name(), PART_STOP_TIMEOUT.toSeconds());
      }
    }
  }

  /** Registers a part to stop; parts start on two threads (see startAll). */
  private synchronized void onClose(String name, AutoCloseable closeable) {
    stack.push(new Part(name, closeable));
    if (closed) {
      close();
    }
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("emoji-demo-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
