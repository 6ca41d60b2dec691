package io.emojireactions.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the latency mode measured, written as {@code emoji-bench/results/latency-<UTC>.json}: every
 * run (with its per-window latencies and once-a-second samples) and the medians over the runs.
 */
record LatencyReport(Map<String, Object> machine, Map<String, Object> setup, List<LatencyRun.Result> runs,
    double medianP50Ms, double medianP95Ms, double medianP99Ms, double medianRssMaxMb) {

  static LatencyReport of(Map<String, Object> machine, Map<String, Object> setup, List<LatencyRun.Result> runs) {
    return new LatencyReport(machine, setup, runs,
        BenchReport.median(runs.stream().mapToDouble(LatencyRun.Result::p50Ms).toArray()),
        BenchReport.median(runs.stream().mapToDouble(LatencyRun.Result::p95Ms).toArray()),
        BenchReport.median(runs.stream().mapToDouble(LatencyRun.Result::p99Ms).toArray()),
        BenchReport.median(runs.stream().mapToDouble(r -> r.rssMaxBytes() / 1e6).toArray()));
  }

  String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < runs.size(); i++) {
      sb.append("run ").append(i).append(": ").append(LatencyRun.describe(runs.get(i))).append('\n');
    }
    sb.append(String.format(Locale.ROOT, "median over %d runs: p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, RSS max %.0f MB",
        runs.size(), medianP50Ms, medianP95Ms, medianP99Ms, medianRssMaxMb));
    return sb.toString();
  }
}
