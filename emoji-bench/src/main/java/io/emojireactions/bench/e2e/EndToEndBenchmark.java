package io.emojireactions.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.testkit.TopicIO;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end throughput harness: one local Kafka broker, one pre-generated backlog of
 * seed-format records (testkit's {@link ReactionGenerator}: 30 emojis, Zipf) in a 2-partition
 * topic, and each target processing the whole backlog from a fresh start, one after another, on
 * the same data. Records/s = backlog size / wall time until the last record is reflected in the
 * target's output topic. Each target's output is max-merged and compared with the ground truth.
 *
 * <p>Run: {@code emoji-bench/e2e.sh --records 1000000 --runs 3}. Results go to
 * {@code emoji-bench/results/<timestamp>.json} (see docs/benchmarks.md).
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
    description = "End-to-end throughput: this project's pipeline against the seed's query shape, a plain consumer and Kafka Streams.")
public final class EndToEndBenchmark implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EndToEndBenchmark.class);

  /** Every target, in the order they run. */
  static final List<String> ALL_TARGETS = List.of("pipeline", "pipeline-per-reaction", "seed-shape", "plain-consumer", "streams-default", "streams-tuned");

  @Option(names = "--records", defaultValue = "5000000", description = "Records in the backlog (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--runs", defaultValue = "1", description = "Runs per target (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup-runs", defaultValue = "1",
      description = "throughput mode: untimed runs of each target before the measured ones (default: ${DEFAULT-VALUE}).")
  int warmupRuns;

  @Option(names = "--span", defaultValue = "PT10M", description = "Event-time span of the backlog, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration span;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--targets", split = ",", description = "Targets to run, comma-separated (default: all): ${COMPLETION-CANDIDATES}",
      completionCandidates = TargetNames.class)
  List<String> targets = new ArrayList<>(ALL_TARGETS);

  @Option(names = "--mode", defaultValue = "throughput",
      description = "throughput: every target over the backlog; latency: the pipeline under a steady live load (default: ${DEFAULT-VALUE}).")
  String mode;

  @Option(names = "--rate", defaultValue = "50000", description = "latency mode: reactions/s produced live (default: ${DEFAULT-VALUE}).")
  int rate;

  @Option(names = "--duration", defaultValue = "PT60S", description = "latency mode: how long the load runs, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--warmup", defaultValue = "PT10S", description = "latency mode: windows ending in this first part are not measured (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--trigger", defaultValue = "PT0.5S", description = "latency mode: the pipeline's trigger interval (default: ${DEFAULT-VALUE}).")
  Duration trigger;

  @Option(names = "--settle", defaultValue = "PT40S",
      description = "latency mode: how long after the load the windows may still become exact (default: ${DEFAULT-VALUE}).")
  Duration settle;

  @Option(names = "--results-dir", defaultValue = "emoji-bench/results", description = "Where the JSON report goes (default: ${DEFAULT-VALUE}).")
  Path resultsDir;

  static final class TargetNames extends ArrayList<String> {
    TargetNames() {
      super(ALL_TARGETS);
    }
  }

  public static void main(String[] args) {
    int code = new CommandLine(new EndToEndBenchmark()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    if (mode.equals("latency")) {
      LatencyReport report = runLatency();
      Path file = write(report, resultsDir, "latency-");
      String base = file.getFileName().toString().replace(".json", "");
      Charts.latency(report.runs(), resultsDir.resolve(base + ".png"));
      Charts.rss(report.runs(), resultsDir.resolve(base + "-rss.png"));
      System.out.println(report.describe());
      System.out.println("results: " + file + " (+ " + base + ".png, " + base + "-rss.png)");
      return report.runs().stream().allMatch(r -> r.windowsNeverExact() == 0) ? 0 : 1;
    }
    if (!mode.equals("throughput")) {
      throw new IllegalArgumentException("--mode must be throughput or latency, but was '" + mode + "'");
    }
    BenchReport report = run();
    Path file = write(report, resultsDir);
    Charts.throughput(report, resultsDir.resolve(file.getFileName().toString().replace(".json", ".png")));
    System.out.println(table(report));
    System.out.println("results: " + file);
    return report.targets().stream().filter(t -> t.name().equals("pipeline")).allMatch(BenchReport.TargetSummary::allExact) ? 0 : 1;
  }

  /** Runs every selected target {@link #runs} times and returns the report (nothing written). */
  BenchReport run() throws Exception {
    for (String t : targets) {
      if (!ALL_TARGETS.contains(t)) {
        throw new IllegalArgumentException("--targets: unknown target '" + t + "', expected one of " + ALL_TARGETS);
      }
    }
    if (records <= 0 || runs <= 0 || warmupRuns < 0) {
      throw new IllegalArgumentException("--records and --runs must be > 0 and --warmup-runs >= 0, but were " + records + ", " + runs + ", " + warmupRuns);
    }
    Map<String, Object> machine = machine();
    Path workDir = Files.createTempDirectory("emoji-bench-");
    try (KafkaCluster kafka = KafkaCluster.start(1)) {
      ReactionGenerator generator = ReactionGenerator.builder()
          .seed(seed)
          .count(records)
          .span(span)
          .build();
      String input = "bench-input";
      kafka.createTopic(input, 2, 1, Map.of("retention.ms", "-1"));
      long t0 = System.nanoTime();
      TopicIO.produceBytes(kafka.bootstrapServers(), input, generator.valueBytes());
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      GroundTruth truth = generator.groundTruth(Duration.ofSeconds(2));
      LOG.info("loaded {} records into {} in {} s ({} keys in the ground truth)", records, input,
          String.format(Locale.ROOT, "%.1f", produceSeconds), truth.counts().size());

      BenchContext bench = new BenchContext(kafka, input, 2, records, truth, workDir);
      // Untimed warm-up runs first (the JIT compiles Spark's and Kafka's paths over the first few
      // runs in a JVM: measured 209k -> 371k -> 449k records/s for the same target), then the
      // measured runs round-robin, so a drift of the machine's load spreads over every target.
      Map<String, Target> byName = new LinkedHashMap<>();
      for (String name : targets) {
        byName.put(name, target(name));
      }
      for (int w = 0; w < warmupRuns; w++) {
        for (Map.Entry<String, Target> e : byName.entrySet()) {
          RunResult r = e.getValue().run(bench, runs + w);
          LOG.info("{} warm-up {}: {} s (not counted), {}", e.getKey(), w, String.format(Locale.ROOT, "%.2f", r.seconds()), r.check());
        }
      }
      Map<String, List<BenchReport.Run>> done = new LinkedHashMap<>();
      for (int i = 0; i < runs; i++) {
        for (Map.Entry<String, Target> e : byName.entrySet()) {
          RunResult r = e.getValue().run(bench, i);
          LOG.info("{} run {}: {} records in {} s = {} records/s, {}", e.getKey(), i, r.records(),
              String.format(Locale.ROOT, "%.2f", r.seconds()), String.format(Locale.ROOT, "%.0f", r.recordsPerSecond()), r.check());
          done.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(BenchReport.Run.of(i, r));
        }
      }
      List<BenchReport.TargetSummary> summaries = new ArrayList<>();
      done.forEach((name, list) -> summaries.add(BenchReport.TargetSummary.of(name, list)));
      Map<String, Object> setup = new LinkedHashMap<>();
      setup.put("records", records);
      setup.put("inputPartitions", 2);
      setup.put("span", span.toString());
      setup.put("emojis", ReactionGenerator.DEFAULT_EMOJIS.size());
      setup.put("zipfExponent", 1.0);
      setup.put("seed", seed);
      setup.put("runs", runs);
      setup.put("warmupRuns", warmupRuns);
      setup.put("order", "warm-up runs of every target, then the measured runs round-robin");
      setup.put("produceSeconds", produceSeconds);
      setup.put("groundTruthKeys", truth.counts().size());
      machine.put("loadAverageEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return new BenchReport(machine, setup, summaries, ratios(summaries));
    } finally {
      deleteTree(workDir);
    }
  }

  /** The latency mode: {@link #runs} runs of {@link LatencyRun} on one broker (nothing written). */
  LatencyReport runLatency() throws Exception {
    if (rate <= 0 || runs <= 0 || duration.compareTo(warmup) <= 0) {
      throw new IllegalArgumentException("--rate and --runs must be > 0 and --duration longer than --warmup, but were "
          + rate + ", " + runs + ", " + duration + ", " + warmup);
    }
    Map<String, Object> machine = machine();
    Path workDir = Files.createTempDirectory("emoji-bench-");
    try (KafkaCluster kafka = KafkaCluster.start(1)) {
      BenchContext bench = new BenchContext(kafka, "unused", 2, 0, null, workDir);
      List<LatencyRun.Result> results = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        LatencyRun.Result r = LatencyRun.run(bench, i, rate, duration, warmup, trigger, settle);
        LOG.info("latency run {}: {}", i, LatencyRun.describe(r));
        results.add(r);
      }
      Map<String, Object> setup = new LinkedHashMap<>();
      setup.put("rate", rate);
      setup.put("duration", duration.toString());
      setup.put("warmup", warmup.toString());
      setup.put("trigger", trigger.toString());
      setup.put("settle", settle.toString());
      setup.put("window", "PT2S");
      setup.put("lateness", "PT2S");
      setup.put("outputMode", "update");
      setup.put("inputPartitions", 2);
      setup.put("runs", runs);
      machine.put("loadAverageEnd", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      return LatencyReport.of(machine, setup, results);
    } finally {
      deleteTree(workDir);
    }
  }

  private static Target target(String name) {
    return switch (name) {
      case "pipeline" -> new PipelineTarget();
      case "pipeline-per-reaction" -> new PerReactionPipelineTarget();
      case "seed-shape" -> new SeedShapeTarget();
      case "plain-consumer" -> new PlainConsumerTarget();
      case "streams-default" -> KafkaStreamsTarget.defaults();
      case "streams-tuned" -> KafkaStreamsTarget.tuned();
      default -> throw new IllegalArgumentException("unknown target " + name);
    };
  }

  /** The pipeline's median records/s over each other target's median. */
  static Map<String, Double> ratios(List<BenchReport.TargetSummary> summaries) {
    Map<String, Double> out = new LinkedHashMap<>();
    summaries.stream().filter(s -> s.name().equals("pipeline")).findFirst().ifPresent(p -> {
      for (BenchReport.TargetSummary s : summaries) {
        if (!s.name().equals("pipeline")) {
          out.put("pipeline/" + s.name(), p.medianRecordsPerSecond() / s.medianRecordsPerSecond());
        }
      }
    });
    return out;
  }

  private static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startedAt", Instant.now().toString());
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      m.put("physicalMemoryBytes", os.getTotalMemorySize());
    }
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
    m.put("loadAverageStart", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    return m;
  }

  /** Writes the report to {@code dir/<UTC timestamp>.json} and returns the file. */
  static Path write(BenchReport report, Path dir) throws Exception {
    return write(report, dir, "");
  }

  /** Writes any report to {@code dir/<prefix><UTC timestamp>.json}. */
  static Path write(Object report, Path dir, String prefix) throws Exception {
    Files.createDirectories(dir);
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now());
    Path file = dir.resolve(prefix + stamp + ".json");
    new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), report);
    return file;
  }

  /** A plain-text table of the medians, spreads, exactness and ratios. */
  static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-16s %5s %14s %14s %14s %8s %s%n", "target", "runs", "median rec/s", "min", "max", "spread", "output"));
    for (BenchReport.TargetSummary t : report.targets()) {
      sb.append(String.format(Locale.ROOT, "%-16s %5d %14.0f %14.0f %14.0f %7.1f%% %s%n", t.name(), t.runs().size(),
          t.medianRecordsPerSecond(), t.minRecordsPerSecond(), t.maxRecordsPerSecond(), t.spread() * 100,
          t.allExact() ? "exact" : "NOT exact: " + t.runs().get(t.runs().size() - 1).check()));
    }
    report.ratios().forEach((k, v) -> sb.append(String.format(Locale.ROOT, "%s = %.2fx%n", k, v)));
    return sb.toString();
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (Exception e) {
      LOG.warn("could not delete {}: {}", dir, e.toString());
    }
  }
}
