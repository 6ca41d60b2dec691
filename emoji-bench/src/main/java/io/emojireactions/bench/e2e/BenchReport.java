package io.emojireactions.bench.e2e;

import io.emojireactions.bench.e2e.BatchRecorder.MicroBatch;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one invocation of the harness measured, written as JSON under {@code emoji-bench/results/}.
 *
 * @param commit {@code sha} ({@code git rev-parse HEAD}) and {@code dirty} (tracked files changed)
 * @param machine cores, memory, CPU model, OS
 * @param jvm the JVM (binary, version) and the flags every target's JVM got
 * @param setup records, partitions, span, runs, warm-up and the other settings of the data
 * @param targets per target: every run, the median/min/max of records/s and the ratio to the plain consumer
 * @param ratios the pipeline's median divided by each other target's median
 */
record BenchReport(Map<String, Object> commit, Map<String, Object> machine, Map<String, Object> jvm,
    Map<String, Object> setup, List<TargetSummary> targets, Map<String, Double> ratios) {

  /**
   * One run of one target, in its own JVM.
   *
   * @param run the run's number (from 0)
   * @param position where the target came in the run's order (from 0)
   * @param records the backlog's size
   * @param recordsRead input records the target reported
   * @param seconds the timed pass's wall time
   * @param recordsPerSecond {@code records / seconds}
   * @param warmupSeconds the child's untimed warm-up pass
   * @param loadAverageBefore 1-, 5- and 15-minute load averages before the child started
   * @param loadAverageAfter the same after it exited
   * @param check the output against the ground truth
   * @param microBatches every micro-batch of the timed pass (Spark targets)
   * @param extra target-specific figures
   * @param error why the run failed (then the other figures are 0), or null
   */
  record Run(int run, int position, long records, long recordsRead, double seconds, double recordsPerSecond,
      double warmupSeconds, List<Double> loadAverageBefore, List<Double> loadAverageAfter, OutputCheck check,
      List<MicroBatch> microBatches, Map<String, Object> extra, String error) {

    /** The run ended and read the whole backlog. */
    boolean ok() {
      return error == null && recordsRead == records;
    }
  }

  /**
   * All runs of one target.
   *
   * @param checkedOn the output fields compared with the ground truth
   * @param allExact whether every run ended and its output was exact
   * @param spread (max − min) / median of records/s
   * @param ratioToPlainConsumer this median / the plain consumer's median (null without it)
   */
  record TargetSummary(String name, List<String> checkedOn, List<Run> runs, double medianRecordsPerSecond,
      double minRecordsPerSecond, double maxRecordsPerSecond, double spread, boolean allExact, Double ratioToPlainConsumer) {

    static TargetSummary of(String name, List<String> checkedOn, List<Run> runs) {
      double[] rates = runs.stream().filter(Run::ok).mapToDouble(Run::recordsPerSecond).sorted().toArray();
      double median = rates.length == 0 ? 0 : median(rates);
      double min = rates.length == 0 ? 0 : rates[0];
      double max = rates.length == 0 ? 0 : rates[rates.length - 1];
      return new TargetSummary(name, checkedOn, runs, median, min, max, median == 0 ? 0 : (max - min) / median,
          runs.stream().allMatch(r -> r.ok() && r.check().exact()), null);
    }

    TargetSummary withRatio(Double ratio) {
      return new TargetSummary(name, checkedOn, runs, medianRecordsPerSecond, minRecordsPerSecond, maxRecordsPerSecond,
          spread, allExact, ratio);
    }
  }

  /** Each summary with its median over the {@link Target#BASELINE}'s median (null when that did not run). */
  static List<TargetSummary> withBaselineRatios(List<TargetSummary> summaries) {
    Double base = summaries.stream().filter(s -> s.name().equals(Target.BASELINE) && s.medianRecordsPerSecond() > 0)
        .map(TargetSummary::medianRecordsPerSecond).findFirst().orElse(null);
    return summaries.stream().map(s -> s.withRatio(base == null ? null : s.medianRecordsPerSecond() / base)).toList();
  }

  /** The pipeline's median records/s over each other target's median. */
  static Map<String, Double> ratios(List<TargetSummary> summaries) {
    Map<String, Double> out = new LinkedHashMap<>();
    summaries.stream().filter(s -> s.name().equals("pipeline")).findFirst().ifPresent(p -> {
      for (TargetSummary s : summaries) {
        if (!s.name().equals("pipeline") && s.medianRecordsPerSecond() > 0) {
          out.put("pipeline/" + s.name(), p.medianRecordsPerSecond() / s.medianRecordsPerSecond());
        }
      }
    });
    return out;
  }

  /** The median of values (the mean of the middle two for an even count). */
  static double median(double[] values) {
    double[] s = values.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
