package io.emojireactions.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.emojireactions.apps.broker.KafkaCluster;
import io.emojireactions.apps.simulate.GroundTruth;
import io.emojireactions.apps.simulate.ReactionGenerator;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.testkit.TopicIO;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The end-to-end throughput harness, a coordinator: it starts one local Kafka broker, writes one
 * pre-generated backlog of seed-format records (testkit's {@link ReactionGenerator}: 30 emojis,
 * Zipf) into a 2-partition topic and a smaller warm-up backlog into another, once; then for each
 * run and each target it starts a fresh JVM ({@link TargetMain}, same flags and heap for every
 * target) that warms up over the warm-up topic, times one pass over the whole backlog and reports
 * it. The order of the targets rotates from run to run. After each child the coordinator reads
 * the target's output topic and checks it against the ground truth ({@link OutputCheck}).
 * Records/s = backlog size / wall time until the last record is reflected in the output.
 *
 * <p>Run: {@code emoji-bench/e2e.sh --records 1000000 --runs 3}. Results go to
 * {@code emoji-bench/results/<timestamp>.json} (see docs/benchmarks.md).
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
    description = "End-to-end throughput: this project's pipeline against the seed's query shape, a plain consumer and Kafka Streams, each target in its own JVM.")
public final class EndToEndBenchmark implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(EndToEndBenchmark.class);

  /** Every target, in the order of the first run. */
  static final List<String> ALL_TARGETS = Target.ALL;

  private static final int INPUT_PARTITIONS = 2;
  private static final Duration WINDOW = Duration.ofSeconds(2);

  @Option(names = "--records", defaultValue = "5000000", description = "Records in the backlog (default: ${DEFAULT-VALUE}).")
  long records;

  @Option(names = "--runs", defaultValue = "1", description = "Runs per target, each in a fresh JVM (default: ${DEFAULT-VALUE}).")
  int runs;

  @Option(names = "--warmup-records", defaultValue = "200000",
      description = "throughput mode: records in the warm-up topic, which every target's JVM processes once, untimed, before the backlog; 0: no warm-up (default: ${DEFAULT-VALUE}, at most --records).")
  long warmupRecords;

  @Option(names = "--span", defaultValue = "PT10M", description = "Event-time span of the backlog, ISO-8601 (default: ${DEFAULT-VALUE}).")
  Duration span;

  @Option(names = "--seed", defaultValue = "7", description = "Generator seed (default: ${DEFAULT-VALUE}; the warm-up topic uses seed + 1).")
  long seed;

  @Option(names = "--targets", split = ",", description = "Targets to run, comma-separated (default: all): ${COMPLETION-CANDIDATES}",
      completionCandidates = TargetNames.class)
  List<String> targets = new ArrayList<>(ALL_TARGETS);

  @Option(names = "--heap", defaultValue = "4g", description = "throughput mode: -Xmx of every target's JVM (default: ${DEFAULT-VALUE}).")
  String heap;

  @Option(names = "--child-java-opts", defaultValue = "",
      description = "throughput mode: further flags for every target's JVM, space-separated; {target} and {run} are replaced (e.g. a JFR file per child).")
  String childJavaOpts;

  @Option(names = "--child-timeout", defaultValue = "PT60M", description = "throughput mode: a target's JVM is stopped after this long (default: ${DEFAULT-VALUE}).")
  Duration childTimeout;

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
    // e2e.sh passes --heap and --child-java-opts first; the same options given after them win
    int code = new CommandLine(new EndToEndBenchmark()).setOverwrittenOptionsAllowed(true).execute(args);
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
    return passed(report) ? 0 : 1;
  }

  /**
   * Every run ended having read the whole backlog, every target but those in {@link
   * Target#MAY_DROP} was exact in every run, and those only dropped: no extra key, no wrong
   * window end, record key or scaled value, and no more counted than the ground truth.
   */
  static boolean passed(BenchReport report) {
    return report.targets().stream().allMatch(t -> t.runs().stream().allMatch(BenchReport.Run::ok)
        && (t.allExact() || (Target.MAY_DROP.contains(t.name()) && t.runs().stream().allMatch(r -> onlyDropped(r.check())))));
  }

  private static boolean onlyDropped(OutputCheck c) {
    return c != null && c.extraKeys() == 0 && c.wrongWindowEnd() == 0 && c.wrongRecordKey() == 0 && c.wrongScaled() == 0
        && c.countedTotal() <= c.expectedTotal();
  }

  /** The order of the targets in run {@code run}: the list rotated left by {@code run}. */
  static List<String> order(List<String> targets, int run) {
    List<String> rotated = new ArrayList<>(targets);
    java.util.Collections.rotate(rotated, -(run % targets.size()));
    return rotated;
  }

  /** Runs every selected target {@link #runs} times, each in its own JVM, and returns the report (nothing written). */
  BenchReport run() throws Exception {
    for (String t : targets) {
      if (!ALL_TARGETS.contains(t)) {
        throw new IllegalArgumentException("--targets: unknown target '" + t + "', expected one of " + ALL_TARGETS);
      }
    }
    if (targets.isEmpty() || targets.stream().distinct().count() != targets.size()) {
      throw new IllegalArgumentException("--targets must name each target at most once and at least one, but was " + targets);
    }
    if (records <= 0 || runs <= 0 || warmupRecords < 0) {
      throw new IllegalArgumentException("--records and --runs must be > 0 and --warmup-records >= 0, but were " + records + ", " + runs + ", " + warmupRecords);
    }
    long warmRecords = Math.min(warmupRecords, records);
    Map<String, Object> commit = Provenance.commit(Path.of("").toAbsolutePath());
    Map<String, Object> machine = Provenance.machine();
    List<String> flags = childFlags();
    Map<String, Object> jvm = new LinkedHashMap<>();
    jvm.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    jvm.put("javaBinary", javaBinary());
    jvm.put("childHeap", heap);
    jvm.put("childFlags", flags);
    jvm.put("coordinatorFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());

    Path workDir = Files.createTempDirectory("emoji-bench-");
    try (KafkaCluster kafka = KafkaCluster.start(1)) {
      String input = "bench-input";
      kafka.createTopic(input, INPUT_PARTITIONS, 1, Map.of("retention.ms", "-1"));
      ReactionGenerator generator = ReactionGenerator.builder().seed(seed).count(records).span(span).build();
      long t0 = System.nanoTime();
      TopicIO.produceBytes(kafka.bootstrapServers(), input, generator.valueBytes());
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      String warmTopic = null;
      if (warmRecords > 0) {
        warmTopic = "bench-warmup";
        kafka.createTopic(warmTopic, INPUT_PARTITIONS, 1, Map.of("retention.ms", "-1"));
        TopicIO.produceBytes(kafka.bootstrapServers(), warmTopic,
            ReactionGenerator.builder().seed(seed + 1).count(warmRecords).span(span).build().valueBytes());
      }
      GroundTruth truth = generator.groundTruth(WINDOW);
      LOG.info("loaded {} records into {} in {} s ({} keys in the ground truth), {} into the warm-up topic", records, input,
          String.format(Locale.ROOT, "%.1f", produceSeconds), truth.counts().size(), warmRecords);

      Map<String, List<BenchReport.Run>> done = new LinkedHashMap<>();
      targets.forEach(t -> done.put(t, new ArrayList<>()));
      List<List<String>> orders = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        List<String> order = order(targets, i);
        orders.add(order);
        for (int position = 0; position < order.size(); position++) {
          String name = order.get(position);
          BenchReport.Run r = runChild(kafka.bootstrapServers(), input, warmTopic, warmRecords, truth, workDir, name, i, position, flags);
          done.get(name).add(r);
          if (r.ok()) {
            LOG.info("{} run {} (position {}): {} records in {} s = {} records/s, {}", name, i, position, r.records(),
                String.format(Locale.ROOT, "%.2f", r.seconds()), String.format(Locale.ROOT, "%.0f", r.recordsPerSecond()), r.check());
          } else {
            LOG.warn("{} run {} (position {}) failed: {}", name, i, position, r.error());
          }
        }
      }
      List<BenchReport.TargetSummary> measured = new ArrayList<>();
      done.forEach((name, list) -> measured.add(BenchReport.TargetSummary.of(name, checkedOn(name), list)));
      List<BenchReport.TargetSummary> summaries = BenchReport.withBaselineRatios(measured);
      Map<String, Object> setup = new LinkedHashMap<>();
      setup.put("records", records);
      setup.put("warmupRecords", warmRecords);
      setup.put("inputPartitions", INPUT_PARTITIONS);
      setup.put("span", span.toString());
      setup.put("window", WINDOW.toString());
      setup.put("emojis", ReactionGenerator.DEFAULT_EMOJIS.size());
      setup.put("zipfExponent", 1.0);
      setup.put("seed", seed);
      setup.put("runs", runs);
      setup.put("isolation", "each run of each target in a fresh JVM with the same flags; inside it "
          + (warmTopic == null ? "no warm-up" : "one untimed pass over the warm-up topic") + ", then the timed pass over the backlog");
      setup.put("order", "run i starts with the i-th target (the list rotated left by i)");
      setup.put("orders", orders);
      setup.put("produceSeconds", produceSeconds);
      setup.put("groundTruthKeys", truth.counts().size());
      machine.put("loadAverageEnd", Provenance.loadAverage());
      return new BenchReport(commit, machine, jvm, setup, summaries, BenchReport.ratios(summaries));
    } finally {
      deleteTree(workDir);
    }
  }

  /** What the output of target {@code name} is checked on. */
  static List<String> checkedOn(String name) {
    return Target.named(name).outputFormat() == OutputCheck.Format.CONTRACT ? OutputCheck.CONTRACT_FIELDS : OutputCheck.SEED_FIELDS;
  }

  /** One run of one target in a fresh JVM, its output checked; a failure is recorded, not thrown. */
  private BenchReport.Run runChild(String bootstrap, String input, String warmTopic, long warmRecords, GroundTruth truth,
      Path workDir, String name, int run, int position, List<String> flags) {
    String label = name + "-" + run;
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    for (String f : flags) {
      command.add(f.replace("{target}", name).replace("{run}", Integer.toString(run)));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), TargetMain.class.getName(),
        "--target", name, "--bootstrap", bootstrap, "--topic", input, "--records", Long.toString(records),
        "--partitions", Integer.toString(INPUT_PARTITIONS), "--label", label,
        "--work-dir", workDir.resolve(label).toString()));
    if (warmTopic != null) {
      command.addAll(List.of("--warmup-topic", warmTopic, "--warmup-records", Long.toString(warmRecords)));
    }
    List<Double> before = Provenance.loadAverage();
    AtomicReference<String> resultLine = new AtomicReference<>();
    Process process = null;
    Thread stopOnExit = null;
    try {
      process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      Process child = process;
      stopOnExit = new Thread(child::destroyForcibly, "stop-" + label);
      Runtime.getRuntime().addShutdownHook(stopOnExit);
      Thread reader = new Thread(() -> readStdout(child, resultLine), "stdout-" + label);
      reader.start();
      if (!process.waitFor(childTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor();
        reader.join(10_000);
        return failed(run, position, before, "did not finish within " + childTimeout);
      }
      reader.join(60_000);
      List<Double> after = Provenance.loadAverage();
      if (process.exitValue() != 0 || resultLine.get() == null) {
        return failed(run, position, before, "exit code " + process.exitValue() + (resultLine.get() == null ? ", no result line" : ""));
      }
      TargetMain.Result result = TargetMain.parse(resultLine.get());
      Target.Pass pass = result.pass();
      OutputCheck check = new OutputCheck.Merger(result.outputFormat(), WINDOW.toMillis(), ScalingPolicy.seed())
          .addAll(TopicIO.readAll(bootstrap, pass.outputTopic(), Duration.ofMinutes(5)))
          .against(truth);
      Map<String, Object> extra = new LinkedHashMap<>(pass.extra());
      extra.put("droppedRecords", check.droppedRecords());
      extra.put("childJava", result.java());
      double seconds = pass.wallNanos() / 1e9;
      return new BenchReport.Run(run, position, records, pass.recordsRead(), seconds, pass.recordsRead() / seconds,
          result.warmupSeconds(), before, after, check, pass.microBatches(), extra, null);
    } catch (Exception e) {
      if (process != null) {
        process.destroyForcibly();
      }
      return failed(run, position, before, e.toString());
    } finally {
      if (stopOnExit != null) {
        try {
          Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException shuttingDown) {
          // the hook runs anyway
        }
      }
    }
  }

  private BenchReport.Run failed(int run, int position, List<Double> before, String error) {
    return new BenchReport.Run(run, position, records, 0, 0, 0, -1, before, Provenance.loadAverage(), null, List.of(), Map.of(), error);
  }

  /** Passes the child's stdout on to stderr, except its result line, which it keeps. */
  private static void readStdout(Process child, AtomicReference<String> resultLine) {
    try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = in.readLine()) != null) {
        if (line.startsWith(TargetMain.RESULT_PREFIX)) {
          resultLine.set(line);
        } else {
          System.err.println(line);
        }
      }
    } catch (java.io.IOException e) {
      LOG.warn("reading a target's output: {}", e.toString());
    }
  }

  /** The java binary running this JVM; every target runs on it. */
  static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /**
   * The flags of every target's JVM: this JVM's own (the Java 17 flags Spark needs, the time zone,
   * the encoding, the logging setup) without its heap size, agents and recordings, then
   * {@code -Xmx<heap>}, then {@code --child-java-opts}.
   */
  List<String> childFlags() {
    List<String> flags = new ArrayList<>();
    for (String f : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!(f.startsWith("-Xmx") || f.startsWith("-Xms") || f.startsWith("-agentlib") || f.startsWith("-javaagent")
          || f.startsWith("-Xrunjdwp") || f.startsWith("-XX:StartFlightRecording") || f.startsWith("-XX:FlightRecorderOptions"))) {
        flags.add(f);
      }
    }
    flags.add("-Xmx" + heap);
    if (!childJavaOpts.isBlank()) {
      flags.addAll(Arrays.asList(childJavaOpts.trim().split("\\s+")));
    }
    return flags;
  }

  /** The latency mode: {@link #runs} runs of {@link LatencyRun} on one broker (nothing written). */
  LatencyReport runLatency() throws Exception {
    if (rate <= 0 || runs <= 0 || duration.compareTo(warmup) <= 0) {
      throw new IllegalArgumentException("--rate and --runs must be > 0 and --duration longer than --warmup, but were "
          + rate + ", " + runs + ", " + duration + ", " + warmup);
    }
    Map<String, Object> machine = Provenance.machine();
    machine.put("commit", Provenance.commit(Path.of("").toAbsolutePath()));
    machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
    machine.put("jvmFlags", ManagementFactory.getRuntimeMXBean().getInputArguments());
    machine.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
    Path workDir = Files.createTempDirectory("emoji-bench-");
    try (KafkaCluster kafka = KafkaCluster.start(1)) {
      BenchContext bench = new BenchContext(kafka.bootstrapServers(), INPUT_PARTITIONS, workDir);
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
      setup.put("inputPartitions", INPUT_PARTITIONS);
      setup.put("runs", runs);
      machine.put("loadAverageEnd", Provenance.loadAverage());
      return LatencyReport.of(machine, setup, results);
    } finally {
      deleteTree(workDir);
    }
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

  /** A plain-text table of the medians, spreads, ratios to the plain consumer and exactness. */
  static String table(BenchReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-28s %5s %14s %14s %14s %8s %9s %s%n", "target", "runs", "median rec/s", "min", "max", "spread",
        "/plain", "output"));
    for (BenchReport.TargetSummary t : report.targets()) {
      BenchReport.Run last = t.runs().get(t.runs().size() - 1);
      String output = t.allExact() ? "exact"
          : !last.ok() ? "FAILED: " + last.error()
          : Target.MAY_DROP.contains(t.name()) ? "dropped " + last.check().droppedRecords() + " valid records (reported, not failed on): " + last.check()
          : last.check().toString();
      sb.append(String.format(Locale.ROOT, "%-28s %5d %14.0f %14.0f %14.0f %7.1f%% %9s %s%n", t.name(), t.runs().size(),
          t.medianRecordsPerSecond(), t.minRecordsPerSecond(), t.maxRecordsPerSecond(), t.spread() * 100,
          t.ratioToPlainConsumer() == null ? "-" : String.format(Locale.ROOT, "%.2fx", t.ratioToPlainConsumer()), output));
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
