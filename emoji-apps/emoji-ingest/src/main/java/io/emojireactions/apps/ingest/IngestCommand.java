package io.emojireactions.apps.ingest;

import io.emojireactions.apps.internal.CommandLines;
import io.emojireactions.apps.internal.ForeignVariables;

import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.apps.internal.KafkaClientOptions;
import io.emojireactions.apps.internal.RoomPolicyOptions;
import picocli.CommandLine.Mixin;
import io.emojireactions.apps.internal.StopSignal;
import io.emojireactions.apps.ingest.IngestConfig;
import io.emojireactions.apps.ingest.IngestServer;
import io.emojireactions.core.ReactionParser;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code emoji ingest}: the HTTP ingest API in front of Kafka, in the foreground until Ctrl-C or
 * SIGTERM (then it stops accepting, writes out its buffer and exits).
 *
 * <pre>
 * bin/emoji ingest --bootstrap-servers 127.0.0.1:9092 --port 8080
 * curl -s -XPOST localhost:8080/emoji -H 'Content-Type: application/json' \
 *   -d '{"user_id":"u1","emoji_type":"😂","timestamp":"2025-10-29T22:31:00"}'
 * </pre>
 *
 * <p>Besides its own flags, {@code EMOJI_*} variables and config file, it reads the Python ingest's
 * variables below them all, so that it runs where that ingest ran: {@code KAFKA_BOOTSTRAP_SERVERS},
 * {@code EMOJI_TOPIC} (which is also this command's own generic name for {@code --topic}) and
 * {@code BUFFER_FLUSH_INTERVAL} (seconds, fractions allowed).
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    description = "Run the HTTP ingest API (POST /emoji, POST /emojis) that validates reactions and writes them to Kafka.")
public final class IngestCommand implements Callable<Integer>, ForeignVariables {

  /** Runs {@code emoji ingest} on its own: {@code java -cp … io.emojireactions.apps.ingest.IngestCommand FLAGS}. */
  public static void main(String[] args) {
    CommandLines.exit(new IngestCommand(), args);
  }

  /** The line prefix scripts wait for. */
  public static final String READY_PREFIX = "Ingest listening on ";

  @Mixin KafkaClientOptions kafka;

  /** --rooms-allowed, --room-pattern: the same room policy as the pipeline's. */
  @Mixin RoomPolicyOptions rooms = new RoomPolicyOptions();

  @Option(names = "--host", defaultValue = "0.0.0.0", description = "Address to listen on. Default: ${DEFAULT-VALUE}.")
  String host;

  @Option(names = "--port", defaultValue = "8080", description = "HTTP port; 0 picks a free one. Default: ${DEFAULT-VALUE}.")
  int port;

  @Option(names = "--topic", defaultValue = IngestConfig.DEFAULT_TOPIC, description = "Kafka topic. Default: ${DEFAULT-VALUE}.")
  String topic;

  @Option(names = "--buffer", defaultValue = "200000", description = "Reactions accepted but not yet acknowledged by Kafka, at most; beyond it 503. Default: ${DEFAULT-VALUE}.")
  int buffer;

  @Option(names = "--flush-records", defaultValue = "20000", description = "Flush as soon as this many reactions wait. Default: ${DEFAULT-VALUE}.")
  int flushRecords;

  @Option(names = "--flush-interval-ms", defaultValue = "500", description = "Flush when the oldest waiting reaction has waited this long. Default: ${DEFAULT-VALUE}.")
  long flushIntervalMs;

  @Option(names = "--max-record-bytes", defaultValue = "4096", description = "Largest reaction (POST /emoji body); larger is 413. Default: ${DEFAULT-VALUE}.")
  int maxRecordBytes;

  @Option(names = "--max-batch-bytes", defaultValue = "8388608", description = "Largest POST /emojis body; larger is 413. Default: ${DEFAULT-VALUE}.")
  int maxBatchBytes;

  @Option(names = "--user-rate", defaultValue = "0", description = "Reactions per second one user_id may send (429 beyond); 0 = no limit. Default: ${DEFAULT-VALUE}.")
  double userRate;

  @Option(names = "--token", defaultValue = "${env:EMOJI_INGEST_TOKEN}", description = "Require Authorization: Bearer <token> on POSTs (401 otherwise). Default: $EMOJI_INGEST_TOKEN, unset = no auth.")
  String token;

  @Option(names = "--fold-skin-tones", description = "Validate with skin-tone folding (as the pipeline is configured).")
  boolean foldSkinTones;

  @Option(names = "--shutdown-timeout-ms", defaultValue = "30000", description = "How long a stop may take to finish requests and write out the buffer. Default: ${DEFAULT-VALUE}.")
  long shutdownTimeoutMs;

  /** The Python ingest's variables; {@code EMOJI_TOPIC} needs none, being {@code --topic}'s own generic name. */
  @Override
  public List<Variable> foreignVariables() {
    return List.of(
        Variable.same("bootstrap-servers", "KAFKA_BOOTSTRAP_SERVERS"),
        new Variable("flush-interval-ms", "BUFFER_FLUSH_INTERVAL", "in seconds", IngestCommand::secondsToMillis));
  }

  /** {@code "0.5"} seconds as {@code "500"} ms, rounded to the nearest; any other text unchanged, for the flag's own check to report. */
  static String secondsToMillis(String seconds) {
    try {
      return new BigDecimal(seconds.trim()).movePointRight(3).setScale(0, RoundingMode.HALF_UP).toBigIntegerExact().toString();
    } catch (NumberFormatException | ArithmeticException e) {
      return seconds;
    }
  }

  /** The validated config these options describe. */
  IngestConfig config() {
    ReactionParser.Config parser = ReactionParser.Config.builder().maxRecordBytes(maxRecordBytes).foldSkinTones(foldSkinTones)
        .roomPolicy(rooms.policy()).build();
    if (flushIntervalMs < 1) {
      throw new IllegalArgumentException("--flush-interval-ms must be >= 1, but was " + flushIntervalMs);
    }
    return IngestConfig.builder()
        .host(host)
        .port(port)
        .topic(topic)
        .bufferCapacity(buffer)
        .flushRecords(flushRecords)
        .flushInterval(Duration.ofMillis(flushIntervalMs))
        .maxBatchBytes(maxBatchBytes)
        .userRatePerSecond(userRate)
        .bearerToken(token == null || token.isBlank() ? null : token)
        .parser(parser)
        .shutdownTimeout(Duration.ofMillis(Math.max(0, shutdownTimeoutMs)))
        .build();
  }

  @Override
  public Integer call() {
    IngestConfig config;
    KafkaConnection connection;
    try {
      config = config();
      connection = kafka.connection();
    } catch (IllegalArgumentException e) {
      System.err.println("emoji ingest: " + e.getMessage());
      return 2;
    }
    try (StopSignal stop = StopSignal.onShutdown("emoji-ingest-stop")) {
      return serve(config, connection, System.out, System.err, stop.requested());
    }
  }

  /**
   * Starts the server, prints the ready line, waits for {@code stop}, stops gracefully.
   *
   * @return 0 after a clean stop, 1 when it could not start or lost accepted reactions
   */
  public static int serve(IngestConfig config, String bootstrapServers, PrintStream out, PrintStream err, CountDownLatch stop) {
    return serve(config, KafkaConnection.of(bootstrapServers), out, err, stop);
  }

  /** As above, with {@code kafka}'s client settings (security etc.). */
  public static int serve(IngestConfig config, KafkaConnection kafka, PrintStream out, PrintStream err, CountDownLatch stop) {
    String bootstrapServers = kafka.bootstrapServers();
    IngestServer server;
    try {
      server = IngestServer.start(config, kafka);
    } catch (RuntimeException e) {
      err.println("emoji ingest: " + e.getMessage());
      return 1;
    }
    int lost;
    try {
      out.println(READY_PREFIX + "http://" + config.host() + ":" + server.port() + " (topic " + config.topic() + " at " + bootstrapServers + ")");
      out.flush();
      stop.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lost = server.stop();
    }
    out.println("Ingest stopped" + (lost > 0 ? ": " + lost + " accepted reactions NOT written" : ", buffer written out"));
    out.flush();
    return lost > 0 ? 1 : 0;
  }
}
