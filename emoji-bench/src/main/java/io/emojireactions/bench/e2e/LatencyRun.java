package io.emojireactions.bench.e2e;

import io.emojireactions.apps.pipeline.PipelineQueries;
import io.emojireactions.apps.pipeline.RunningPipeline;
import io.emojireactions.spark.PipelineConfig;
import io.emojireactions.spark.PipelineConfig.TriggerSpec;
import io.emojireactions.testkit.Await;
import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import java.io.IOException;
import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.spark.sql.streaming.StreamingQueryProgress;

/**
 * The latency mode of the harness: the pipeline (the {@code emoji pipeline} code path, update
 * mode, trigger {@code trigger}) runs on an empty topic; then {@link LiveLoad} produces at a steady
 * rate for a bounded duration while a subscriber reads the output topic. A window's
 * <em>window-final latency</em> = the time the subscriber first holds the exact final count of
 * every emoji of the window − the window's end. Windows that end before the warm-up is over are
 * not measured. Alongside: the RSS of this JVM (it is the pipeline's driver and, with a local
 * master, its executor; the load generator and the subscriber run in JVMs of their own,
 * {@link LatencyProcessMain}) and the state store's row count, sampled every second, and every
 * micro-batch's progress (durations per phase, input rows).
 */
final class LatencyRun {

  /** One sample of the process, once a second. */
  record Sample(double atSeconds, long rssBytes, long heapUsedBytes, long stateRows) {}

  /** Per measured window: its start and its latency (ms), or -1 when it never became exact. */
  record WindowLatency(long windowStartMs, long latencyMs) {}

  /**
   * One latency run.
   *
   * @param produced records produced; rate = produced / produce seconds
   * @param windowsMeasured windows ending after the warm-up and within the load
   * @param windowsNeverExact measured windows whose final count the subscriber never held
   * @param microBatches every micro-batch of the pipeline's query (durations per phase, input rows)
   */
  record Result(long produced, double producedPerSecond, int windowsMeasured, int windowsNeverExact,
      long p50Ms, long p95Ms, long p99Ms, long maxMs, long rssMaxBytes, long stateRowsMax,
      List<WindowLatency> windows, List<Sample> samples, List<BatchRecorder.MicroBatch> microBatches) {}

  private LatencyRun() {}

  static Result run(BenchContext bench, int run, int rate, Duration duration, Duration warmup, Duration trigger,
      Duration settle) throws Exception {
    String input = bench.newTopic("bench-live-in-" + run);
    String out = bench.newTopic("bench-live-out-" + run);
    String dlq = bench.newTopic("bench-live-dlq-" + run);
    var spark = bench.spark();
    spark.conf().set("spark.sql.shuffle.partitions", Integer.toString(bench.localCores()));
    PipelineConfig config = PipelineConfig.builder().bootstrapServers(bench.bootstrap())
        .inputTopic(input).outputTopic(out).dlqTopic(dlq)
        .trigger(TriggerSpec.every(trigger))
        .checkpointDir(bench.workDir().resolve("live-checkpoint-" + run).toString())
        .build();
    long windowMs = config.window().toMillis();

    List<Sample> samples = new ArrayList<>();
    Map<WindowKey, Map<Long, Long>> seen = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    RunningPipeline pipeline = PipelineQueries.start(spark, config);
    Process subscriber = null;
    Process loader = null;
    Thread subscriberReader = null;
    Thread sampler = null;
    try {
      Await.until("the pipeline's first micro-batch", Duration.ofMinutes(5), () -> pipeline.main().lastProgress() != null);
      subscriber = childJvm("subscribe", bench.bootstrap(), out);
      Process sub = subscriber;
      subscriberReader = new Thread(() -> readSubscriber(sub, seen), "latency-subscriber-reader");
      subscriberReader.start();
      long t0 = System.nanoTime();
      sampler = new Thread(() -> sample(pipeline, samples, stop, t0), "latency-sampler");
      sampler.start();
      loader = childJvm("load", bench.bootstrap(), input, Integer.toString(rate), Long.toString(duration.toMillis()),
          Long.toString(windowMs));
      Produced load = readLoad(loader);

      // Measured: windows that end after the warm-up and no later than the last record produced.
      long firstMeasuredEnd = load.firstEventMs() + warmup.toMillis();
      Map<Long, List<Map.Entry<WindowKey, Long>>> byWindow = new TreeMap<>();
      for (Map.Entry<WindowKey, Long> e : load.counts().entrySet()) {
        long end = e.getKey().windowStartMs() + windowMs;
        if (end >= firstMeasuredEnd && end <= load.lastEventMs()) {
          byWindow.computeIfAbsent(e.getKey().windowStartMs(), k -> new ArrayList<>()).add(e);
        }
      }
      // Give the last windows time to become exact (bounded by settle), then evaluate; a window
      // still not exact then is reported as never exact.
      long settleDeadline = System.nanoTime() + settle.toNanos();
      while (System.nanoTime() < settleDeadline && !byWindow.values().stream().flatMap(List::stream)
          .allMatch(e -> seen.getOrDefault(e.getKey(), Map.of()).containsKey(e.getValue()))) {
        Thread.sleep(100);
      }
      List<WindowLatency> windows = new ArrayList<>();
      for (Map.Entry<Long, List<Map.Entry<WindowKey, Long>>> w : byWindow.entrySet()) {
        long exactAt = Long.MIN_VALUE;
        for (Map.Entry<WindowKey, Long> e : w.getValue()) {
          Long at = seen.getOrDefault(e.getKey(), Map.of()).get(e.getValue());
          exactAt = at == null ? Long.MAX_VALUE : Math.max(exactAt, at);
        }
        windows.add(new WindowLatency(w.getKey(), exactAt == Long.MAX_VALUE ? -1 : exactAt - (w.getKey() + windowMs)));
      }
      stop.set(true);
      subscriber.getOutputStream().close(); // the subscriber's signal to stop
      subscriberReader.join(10_000);
      sampler.join(5_000);
      long[] lat = windows.stream().mapToLong(WindowLatency::latencyMs).filter(l -> l >= 0).sorted().toArray();
      int never = (int) windows.stream().filter(w -> w.latencyMs() < 0).count();
      List<Sample> taken;
      synchronized (samples) {
        taken = List.copyOf(samples);
      }
      pipeline.stop();
      List<BatchRecorder.MicroBatch> batches = bench.batches().awaitBatches(pipeline.main().id(), Duration.ofMinutes(2));
      return new Result(load.total(), load.total() / load.produceSeconds(), windows.size(), never,
          percentile(lat, 50), percentile(lat, 95), percentile(lat, 99), lat.length == 0 ? -1 : lat[lat.length - 1],
          taken.stream().mapToLong(Sample::rssBytes).max().orElse(-1),
          taken.stream().mapToLong(Sample::stateRows).max().orElse(-1), windows, taken, batches);
    } finally {
      stop.set(true);
      pipeline.stop();
      for (Process p : new Process[] {subscriber, loader}) {
        if (p != null && p.isAlive() && !p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  /** What the load generator's process produced. */
  private record Produced(Map<WindowKey, Long> counts, long total, long firstEventMs, long lastEventMs, double produceSeconds) {}

  /**
   * Starts {@link LatencyProcessMain} in its own JVM (this JVM's flags without its heap size,
   * {@code -Xmx512m}); its stderr is this JVM's.
   */
  private static Process childJvm(String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(EndToEndBenchmark.javaBinary());
    for (String f : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!(f.startsWith("-Xmx") || f.startsWith("-Xms") || f.startsWith("-agentlib") || f.startsWith("-javaagent")
          || f.startsWith("-XX:StartFlightRecording"))) {
        command.add(f);
      }
    }
    command.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path"), LatencyProcessMain.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /** Waits for the load generator's process and reads what it produced. */
  private static Produced readLoad(Process loader) throws IOException, InterruptedException {
    Map<WindowKey, Long> counts = new java.util.HashMap<>();
    String[] done = null;
    try (java.io.BufferedReader in = loader.inputReader(java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t");
        if (f[0].equals("P")) {
          counts.put(new WindowKey(f[1], Long.parseLong(f[2]), f[3]), Long.parseLong(f[4]));
        } else if (f[0].equals("DONE")) {
          done = f;
        }
      }
    }
    if (loader.waitFor() != 0 || done == null) {
      throw new IllegalStateException("the load generator's process failed (exit code " + loader.exitValue() + ")");
    }
    return new Produced(counts, Long.parseLong(done[1]), Long.parseLong(done[2]), Long.parseLong(done[3]), Double.parseDouble(done[4]));
  }

  /** Reads the subscriber's process: per key, the first wall-clock time each count was seen. */
  private static void readSubscriber(Process subscriber, Map<WindowKey, Map<Long, Long>> seen) {
    try (java.io.BufferedReader in = subscriber.inputReader(java.nio.charset.StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] f = line.split("\t");
        if (f[0].equals("S")) {
          seen.computeIfAbsent(new WindowKey(f[1], Long.parseLong(f[2]), f[3]), k -> new ConcurrentHashMap<>())
              .putIfAbsent(Long.parseLong(f[4]), Long.parseLong(f[5]));
        }
      }
    } catch (IOException e) {
      // the process ended
    }
  }

  /** Nearest-rank percentile of sorted values; -1 when empty. */
  static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) {
      return -1;
    }
    int rank = (int) Math.ceil(p / 100.0 * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
  }

  private static void sample(RunningPipeline pipeline, List<Sample> samples, AtomicBoolean stop, long t0) {
    while (!stop.get()) {
      StreamingQueryProgress last = pipeline.main().lastProgress();
      long stateRows = last == null || last.stateOperators().length == 0 ? 0 : last.stateOperators()[0].numRowsTotal();
      Runtime rt = Runtime.getRuntime();
      synchronized (samples) {
        samples.add(new Sample((System.nanoTime() - t0) / 1e9, rssBytes(), rt.totalMemory() - rt.freeMemory(), stateRows));
      }
      try {
        Thread.sleep(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** This process's resident set size from /proc/self/status (VmRSS), or -1 where there is no /proc. */
  static long rssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] parts = line.trim().split("\\s+");
          return Long.parseLong(parts[1]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  static String describe(Result r) {
    return String.format(java.util.Locale.ROOT,
        "produced %d (%.0f/s); %d windows measured, %d never exact; window-final latency p50 %d ms, p95 %d ms, p99 %d ms, max %d ms; RSS max %.0f MB; state rows max %d",
        r.produced(), r.producedPerSecond(), r.windowsMeasured(), r.windowsNeverExact(), r.p50Ms(), r.p95Ms(), r.p99Ms(),
        r.maxMs(), r.rssMaxBytes() / 1e6, r.stateRowsMax());
  }
}
