package io.emojireactions.bench.e2e;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What one invocation of the harness measured, written as JSON under {@code emoji-bench/results/}.
 *
 * @param machine cores, memory, JDK and load average at start and end (the machine may be shared)
 * @param setup records, partitions, span, runs and the other settings of the data
 * @param targets per target: every run and the median/min/max of records/s
 * @param ratios the pipeline's median divided by each other target's median
 */
record BenchReport(Map<String, Object> machine, Map<String, Object> setup, List<TargetSummary> targets,
    Map<String, Double> ratios) {

  /** One run as written to the report. */
  record Run(int run, long records, double seconds, double recordsPerSecond, OutputCheck check) {
    static Run of(int run, RunResult r) {
      return new Run(run, r.records(), r.seconds(), r.recordsPerSecond(), r.check());
    }
  }

  /**
   * All runs of one target.
   *
   * @param allExact whether every run's output was exact
   * @param spread (max − min) / median of records/s
   */
  record TargetSummary(String name, List<Run> runs, double medianRecordsPerSecond, double minRecordsPerSecond,
      double maxRecordsPerSecond, double spread, boolean allExact) {

    static TargetSummary of(String name, List<Run> runs) {
      double[] rates = runs.stream().mapToDouble(Run::recordsPerSecond).sorted().toArray();
      double median = median(rates);
      double min = rates[0];
      double max = rates[rates.length - 1];
      return new TargetSummary(name, runs, median, min, max, (max - min) / median,
          runs.stream().allMatch(r -> r.check().exact()));
    }
  }

  /** The median of sorted values (the mean of the middle two for an even count). */
  static double median(double[] sorted) {
    double[] s = sorted.clone();
    Arrays.sort(s);
    int n = s.length;
    return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  }
}
