package io.emojireactions.apps.demo;

import io.emojireactions.apps.dashboard.DashboardServer;
import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.apps.simulate.Simulator;
import io.emojireactions.apps.simulate.SimulatorConfig;
import io.emojireactions.apps.simulate.Ticker;
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
import io.emojireactions.testkit.KafkaCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
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
 * wall-clock timestamps, the Spark pipeline (trigger 1 s), the fan-out relay, the dashboard and
 * a console subscriber printing each aggregate of {@code emoji_cluster_1} as
 * {@code aggregate <json>}. {@link #close()} stops everything in reverse order.
 */
public final class Demo implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Demo.class);
  /** The console subscriber's line prefix (scripts and the smoke test wait for it). */
  public static final String AGGREGATE_PREFIX = "aggregate ";
  public static final String INPUT_TOPIC = "emoji_reactions";
  public static final String DLQ_TOPIC = "emoji_reactions_dlq";

  /**
   * Settings of a demo run.
   *
   * @param bootstrapServers a running Kafka to use, or null to start a local broker
   * @param ingestPort the ingest's port (0: free)
   * @param dashboardPort the dashboard's port (0: free)
   * @param rate reactions per second the simulator sends
   * @param trigger the pipeline's trigger interval
   * @param kafkaProperties Kafka client properties (security etc.) for the given Kafka
   */
  public record Options(String bootstrapServers, int ingestPort, int dashboardPort, double rate, Duration trigger,
      java.util.Map<String, String> kafkaProperties) {
    public Options(String bootstrapServers, int ingestPort, int dashboardPort, double rate, Duration trigger) {
      this(bootstrapServers, ingestPort, dashboardPort, rate, trigger, java.util.Map.of());
    }

    public Options {
      kafkaProperties = java.util.Map.copyOf(kafkaProperties);
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

  private Demo() {}

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
    // Spark's start-up (seconds) overlaps the broker's: the first aggregate comes sooner.
    java.util.concurrent.CompletableFuture<SparkSession> sparkStarting = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> SparkSessions.getOrCreate("emoji-demo", Optional.of("local[2]"), OptionalInt.of(2), Map.of()));
    onClose("spark", () -> sparkStarting.thenAccept(SparkSession::stop).join());
    KafkaCluster kafka = options.bootstrapServers() == null ? KafkaCluster.start(1) : KafkaCluster.external(options.bootstrapServers());
    onClose("kafka", kafka);
    String bootstrap = kafka.bootstrapServers();
    out.println("Kafka at " + bootstrap);
    KafkaConnection connection = new KafkaConnection(bootstrap, options.kafkaProperties());
    FanOutTopology topology = FanOutTopology.defaults();
    // Records carry wall-clock timestamps, so the default retention is right.
    TopologyAdmin.ensureTopics(topology, connection, TopicSettings.of(2, 1), List.of(INPUT_TOPIC, DLQ_TOPIC));

    ingest = IngestServer.start(IngestConfig.defaults().withHost("127.0.0.1").withPort(options.ingestPort()), connection);
    onClose("ingest", ingest);

    SimulatorConfig sim = SimulatorConfig.defaults().withRate(options.rate()).withCount(0).withDuration(Duration.ofHours(24));
    ReactionTarget target = ReactionTarget.http(URI.create("http://127.0.0.1:" + ingest.port()), 8, null);
    onClose("simulator target", target);
    Simulator simulator = new Simulator(sim, target, Clock.systemUTC(), Ticker.system());
    onClose("simulator", simulator::stop);
    background("emoji-demo-simulator", () -> {
      try {
        simulator.run(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });

    FanOutRelay relay = FanOutRelay.create(RelayConfig.of(topology, connection));
    onClose("relay", relay);
    background("emoji-demo-relay", relay::run);

    dashboard = DashboardServer.start(new DashboardServer.Config("127.0.0.1", options.dashboardPort(), bootstrap, "emoji_cluster_1", Duration.ofMinutes(2), connection.properties()));
    onClose("dashboard", dashboard);

    Subscriber console = Subscriber.create(
        SubscriberConfig.of(connection, "emoji_cluster_1", "emoji-demo-console-" + UUID.randomUUID()).withStartFrom(StartFrom.earliest()));
    onClose("console subscriber", console);
    // The console is written by its own thread from a bounded queue: a slow or blocked stdout
    // never stalls the subscriber (which then could not stop); lines beyond the queue are dropped.
    java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.ArrayBlockingQueue<>(10_000);
    background("emoji-demo-console", () -> console.run(message -> lines.offer(AGGREGATE_PREFIX + message.json())));
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

    Path checkpoint = tempDir();
    onClose("checkpoint directory", () -> deleteRecursively(checkpoint));
    SparkSession spark = sparkStarting.join();
    PipelineConfig.Builder pipelineBuilder = PipelineConfig.builder(bootstrap)
        .trigger(PipelineConfig.TriggerSpec.every(options.trigger()))
        .checkpointDir(checkpoint.toString())
        .startingOffsets("earliest");
    options.kafkaProperties().forEach(pipelineBuilder::kafkaOption);
    PipelineConfig pipelineConfig = pipelineBuilder.build();
    RunningPipeline pipeline;
    try {
      pipeline = PipelineQueries.start(spark, pipelineConfig);
    } catch (java.util.concurrent.TimeoutException e) {
      throw new IllegalStateException("the pipeline did not start: " + e.getMessage(), e);
    }
    onClose("pipeline", pipeline::stop);
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

  private void onClose(String name, AutoCloseable closeable) {
    stack.push(new Part(name, closeable));
  }

  private static Path tempDir() {
    try {
      return Files.createTempDirectory("emoji-demo-checkpoint-");
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
