package io.emojireactions.apps;

import io.emojireactions.apps.internal.OptionalKafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.demo.Demo;
import io.emojireactions.apps.internal.Durations;
import io.emojireactions.apps.demo.internal.ConsoleSummary;
import io.emojireactions.apps.demo.internal.UrlReminders;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji demo}: the whole system on one machine with no set-up, until Ctrl-C.
 *
 * <pre>
 * bin/emoji demo                                   # local broker, dashboard on :8081
 * bin/emoji demo --bootstrap-servers kafka:9092    # a real Kafka instead
 * bin/emoji demo --print-aggregates                # also every aggregate update, as before the summary
 * </pre>
 *
 * <p>The console shows one summary line per closed window ({@link ConsoleSummary}), the alerts,
 * and the addresses: at start, every {@code --remind-every} as one line, and whenever Enter is
 * pressed (stdin is read on a daemon thread; a closed or non-terminal stdin changes nothing else).
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run everything locally: Kafka, ingest, simulator, Spark pipeline, fan-out relay, PostgreSQL warehouse, alerts, "
        + "dashboard and console subscribers.")
public final class DemoCommand implements Callable<Integer> {

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Dashboard: ";
  /** The line prefix of the warehouse's JDBC URL. */
  public static final String WAREHOUSE_PREFIX = "Warehouse: ";
  /** The line prefix of the alert topic. */
  public static final String ALERTS_PREFIX = "Alerts: ";
  /** The prefix of the one-line reminder of the addresses, printed every {@code --remind-every}. */
  public static final String REMINDER_PREFIX = "URLs: ";

  @Mixin OptionalKafkaClientOptions kafka;

  @Option(names = "--port", defaultValue = "8081", description = "Dashboard port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--ingest-port", defaultValue = "8080", description = "Ingest port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int ingestPort;

  @Option(names = "--rate", defaultValue = "200", description = "Reactions per second from the simulator. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--trigger-ms", defaultValue = "1000", description = "The pipeline's trigger interval. Default: ${DEFAULT-VALUE}.")
  long triggerMs;

  @Option(names = "--burst-every", defaultValue = "60s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "The simulator runs in rounds this long, each with a burst of " + Demo.BURST_EMOJI
          + " in its middle fifth (an alert to see); 0 for steady traffic. Default: ${DEFAULT-VALUE}.")
  Duration burstEvery;

  @Option(names = "--print-aggregates",
      description = "Also print every aggregate update of emoji_cluster_1 as 'aggregate {json}' (thousands of lines a minute), "
          + "besides the one summary line per window.")
  boolean printAggregates;

  @Option(names = "--remind-every", defaultValue = "30s", converter = Durations.Converter.class, paramLabel = "DURATION",
      description = "Print a one-line reminder of the dashboard, ingest and warehouse addresses this often; 0: never. "
          + "Enter on the console prints them at any time. Default: ${DEFAULT-VALUE}.")
  Duration remindEvery;

  /** The validated options these flags describe. */
  Demo.Options options() {
    return new Demo.Options(kafka.bootstrapServers(), ingestPort, port, rate, Duration.ofMillis(Math.max(1, triggerMs)), burstEvery,
        kafka.properties(), printAggregates);
  }

  /** The validated {@code --remind-every}. */
  Duration remindEvery() {
    if (remindEvery == null || remindEvery.isNegative() || (!remindEvery.isZero() && remindEvery.toMillis() < 1000)) {
      throw new IllegalArgumentException("--remind-every must be 0 (never) or >= 1s, but was " + remindEvery);
    }
    return remindEvery;
  }

  /** The lines printed once the demo runs, and again on Enter. */
  static List<String> readyLines(Demo demo) {
    return List.of(
        "Ingest: " + demo.ingestUrl() + "emoji",
        WAREHOUSE_PREFIX + demo.warehouseUrl() + "  (try: bin/emoji query top --jdbc-url '" + demo.warehouseUrl() + "' --room room-1 --last 5m)",
        ALERTS_PREFIX + demo.alertTopic() + "  (printed below as 'alert {...}', and as banners on the dashboard)",
        READY_PREFIX + demo.dashboardUrl());
  }

  /** The one-line reminder of the addresses. */
  static String reminderLine(Demo demo) {
    return REMINDER_PREFIX + "dashboard " + demo.dashboardUrl() + " | ingest " + demo.ingestUrl() + "emoji | warehouse "
        + demo.warehouseUrl() + "  (Enter: show all, Ctrl-C: stop)";
  }

  @Override
  public Integer call() {
    Demo.Options options;
    Duration reminders;
    try {
      options = options();
      reminders = remindEvery();
    } catch (IllegalArgumentException e) {
      System.err.println("emoji demo: " + e.getMessage());
      return 2;
    }
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    // Ctrl-C / SIGTERM are handled instead of starting the JVM's shutdown: everything stops in
    // order on the main thread and the exit code is 0 (a JVM ended by SIGINT would exit 130).
    if (!handleSignals(stop)) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        stop.countDown();
        try {
          stopped.await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }, "emoji-demo-stop"));
    }
    try {
      Demo demo;
      try {
        demo = Demo.start(options, System.out);
      } catch (RuntimeException e) {
        System.err.println("emoji demo: could not start: " + e.getMessage());
        return 1;
      }
      List<String> ready = readyLines(demo);
      synchronized (System.out) {
        ready.forEach(System.out::println);
        System.out.println("Console: a line per closed window ('" + ConsoleSummary.LINE_PREFIX.trim() + " ...': top emojis of the "
            + "busiest rooms, reactions/s, lag after the window's end)"
            + (printAggregates ? " and every aggregate update ('aggregate {...}')" : "; --print-aggregates adds every update") + ".");
        System.out.println("Press Enter to show the addresses again, Ctrl-C to stop.");
        System.out.flush();
      }
      try (UrlReminders urls = UrlReminders.start(System.in, Charset.defaultCharset(), System.out, ready, reminderLine(demo), reminders)) {
        stop.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        demo.close();
        System.out.println("Demo stopped");
        System.out.flush();
      }
      return 0;
    } finally {
      stopped.countDown();
    }
  }

  /** Routes SIGINT and SIGTERM to {@code stop}; false when the platform does not allow it. */
  @SuppressWarnings("restriction")
  private static boolean handleSignals(CountDownLatch stop) {
    try {
      sun.misc.Signal.handle(new sun.misc.Signal("INT"), s -> stop.countDown());
      sun.misc.Signal.handle(new sun.misc.Signal("TERM"), s -> stop.countDown());
      return true;
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      return false;
    }
  }
}
