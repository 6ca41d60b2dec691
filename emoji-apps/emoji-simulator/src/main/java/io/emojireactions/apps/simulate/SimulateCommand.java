package io.emojireactions.apps.simulate;

import io.emojireactions.apps.internal.CommandLines;

import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.apps.internal.OptionalKafkaClientOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.Durations;
import io.emojireactions.apps.internal.Topics;
import io.emojireactions.apps.simulate.ReactionTarget;
import io.emojireactions.apps.simulate.Simulator;
import io.emojireactions.apps.simulate.SimulatorConfig;
import io.emojireactions.apps.simulate.Ticker;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji simulate}: a load generator sending seed-format reactions to the ingest API or
 * straight to Kafka, with exact ground truth.
 *
 * <pre>
 * bin/emoji simulate --url http://127.0.0.1:8080 --rate 2000 --duration 30s
 * bin/emoji simulate --bootstrap-servers 127.0.0.1:9092 --count 1000000 --rate 0 --ground-truth truth.jsonl
 * bin/emoji simulate --url http://127.0.0.1:8080 --rate 500 --duration 60s --burst 🔥 --late-fraction 0.01
 * </pre>
 */
@Command(
    name = "simulate",
    mixinStandardHelpOptions = true,
    description = "Generate reactions at a steady rate to the ingest API (--url) or to Kafka (--bootstrap-servers).")
public final class SimulateCommand implements Callable<Integer> {

  /** Runs {@code emoji simulate} on its own: {@code java -cp … io.emojireactions.apps.simulate.SimulateCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new SimulateCommand(), args);
  }

  @Option(names = "--url", description = "The ingest's base URL, e.g. http://127.0.0.1:8080 (POST /emoji).")
  URI url;

  @Mixin OptionalKafkaClientOptions kafka;

  @Option(names = "--topic", defaultValue = Topics.REACTIONS, description = "Kafka topic with --bootstrap-servers. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--rate", defaultValue = "1000", description = "Reactions per second; 0 = as fast as possible. Default: ${DEFAULT-VALUE}.")
  double rate;

  @Option(names = "--duration", description = "Stop after this long: 30s, 5m, 1h, or ISO-8601 (PT30S).")
  String duration;

  @Option(names = "--count", defaultValue = "0", description = "Reactions to send; 0 = rate x duration (or 10000 without a duration).")
  long count;

  @Option(names = "--users", defaultValue = "10000", description = "Distinct user ids. Default: ${DEFAULT-VALUE}.")
  int users;

  @Option(names = "--rooms", defaultValue = "3", description = "Rooms room-1..room-N; 0 = no room field. Default: ${DEFAULT-VALUE}.")
  int rooms;

  @Option(names = "--emojis", defaultValue = "top30", description = "Comma-separated emojis (most popular first), or top30. Default: ${DEFAULT-VALUE}.")
  String emojis;

  @Option(names = "--zipf", defaultValue = "1.0", description = "Popularity skew; 0 = uniform. Default: ${DEFAULT-VALUE}.")
  double zipf;

  @Option(names = "--burst", description = "A spike of this emoji during the middle fifth of the run.")
  String burst;

  @Option(names = "--burst-share", defaultValue = "0.5", description = "Share of reactions that are the spike's emoji during it. Default: ${DEFAULT-VALUE}.")
  double burstShare;

  @Option(names = "--late-fraction", defaultValue = "0", description = "Share of valid reactions stamped --late-by in the past. Default: ${DEFAULT-VALUE}.")
  double lateFraction;

  @Option(names = "--late-by", defaultValue = "30s", description = "How far in the past late reactions are stamped. Default: ${DEFAULT-VALUE}.")
  String lateBy;

  @Option(names = "--invalid-fraction", defaultValue = "0", description = "Share of invalid records. Default: ${DEFAULT-VALUE}.")
  double invalidFraction;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--window", defaultValue = "2s", description = "Window size of the ground truth. Default: ${DEFAULT-VALUE}.")
  String window;

  @Option(names = "--ground-truth", description = "Write the exact expected counts of what was delivered here, as JSON lines.")
  Path groundTruth;

  @Option(names = "--concurrency", defaultValue = "16", description = "HTTP requests in flight with --url. Default: ${DEFAULT-VALUE}.")
  int concurrency;

  @Option(names = "--token", defaultValue = "${env:EMOJI_INGEST_TOKEN}", description = "Bearer token for the ingest. Default: $EMOJI_INGEST_TOKEN.")
  String token;

  /** The validated config these options describe. */
  SimulatorConfig config() {
    if ((url == null) == (kafka.bootstrapServers() == null)) {
      throw new IllegalArgumentException("give exactly one of --url and --bootstrap-servers");
    }
    Duration d = duration == null ? null : parseDuration("--duration", duration);
    long n = count;
    if (n == 0 && (d == null || rate == 0)) {
      n = 10_000;
    }
    List<String> list = emojis.equalsIgnoreCase("top30") ? ReactionGenerator.DEFAULT_EMOJIS
        : Arrays.stream(emojis.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    return SimulatorConfig.builder()
        .rate(rate)
        .duration(d)
        .count(n)
        .users(users)
        .rooms(rooms)
        .emojis(list)
        .zipf(zipf)
        .burstEmoji(burst)
        .burstShare(burstShare)
        .lateFraction(lateFraction)
        .lateBy(parseDuration("--late-by", lateBy))
        .invalidFraction(invalidFraction)
        .seed(seed)
        .window(parseDuration("--window", window))
        .build();
  }

  /** A duration flag read by the project's one duration syntax ({@link Durations}), its name in the error. */
  static Duration parseDuration(String option, String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(option + ": " + e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws Exception {
    SimulatorConfig config;
    KafkaConnection connection;
    try {
      config = config();
      config.effectiveCount();
      connection = url == null ? kafka.connection() : null;
    } catch (IllegalArgumentException e) {
      System.err.println("emoji simulate: " + e.getMessage());
      return 2;
    }
    try (ReactionTarget target = url != null
        ? ReactionTarget.http(url, concurrency, token == null || token.isBlank() ? null : token)
        : ReactionTarget.kafka(connection, topic)) {
      Simulator simulator = new Simulator(config, target, Clock.systemUTC(), Ticker.system());
      Thread hook = new Thread(simulator::stop, "emoji-simulate-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      Simulator.Result result = simulator.run(System.console() != null ? System.err : null);
      System.out.println(result.summary().line());
      if (groundTruth != null) {
        Simulator.writeGroundTruth(result, groundTruth);
        System.out.println("ground truth: " + groundTruth);
      }
      return result.summary().failed() > 0 ? 1 : 0;
    }
  }
}
