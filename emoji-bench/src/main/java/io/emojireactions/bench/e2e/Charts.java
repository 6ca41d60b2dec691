package io.emojireactions.bench.e2e;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The harness's PNG charts (JFreeChart, headless), written next to the JSON results. */
final class Charts {

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private Charts() {}

  /**
   * Draws the throughput chart of an existing throughput report: {@code Charts results/X.json}
   * writes {@code results/X.png} (for reports written before the harness drew charts itself).
   */
  public static void main(String[] args) throws IOException {
    for (String arg : args) {
      Path json = Path.of(arg);
      BenchReport report = new com.fasterxml.jackson.databind.ObjectMapper()
          .configure(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
          .readValue(json.toFile(), BenchReport.class);
      throughput(report, json.resolveSibling(json.getFileName().toString().replace(".json", ".png")));
    }
  }

  /** Median records/s per target, with the min and max of the runs as separate bars. */
  static void throughput(BenchReport report, Path png) throws IOException {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    for (BenchReport.TargetSummary t : report.targets()) {
      data.addValue(t.minRecordsPerSecond() / 1000, "min", t.name());
      data.addValue(t.medianRecordsPerSecond() / 1000, "median", t.name());
      data.addValue(t.maxRecordsPerSecond() / 1000, "max", t.name());
    }
    JFreeChart chart = ChartFactory.createBarChart(
        "End-to-end throughput, " + report.setup().get("records") + " records, " + report.setup().get("runs") + " runs",
        "target", "thousand records/s", data, PlotOrientation.VERTICAL, true, false, false);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  /** Window-final latency per window over the run, one series per run, with the 1 s target marked. */
  static void latency(List<LatencyRun.Result> runs, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int i = 0; i < runs.size(); i++) {
      XYSeries s = new XYSeries("run " + i);
      List<LatencyRun.WindowLatency> windows = runs.get(i).windows();
      long first = windows.isEmpty() ? 0 : windows.get(0).windowStartMs();
      for (LatencyRun.WindowLatency w : windows) {
        if (w.latencyMs() >= 0) {
          s.add((w.windowStartMs() - first) / 1000.0, w.latencyMs());
        }
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("Window-final latency per 2 s window",
        "window start (s into the measured load)", "latency (ms)", data, PlotOrientation.VERTICAL, true, false, false);
    XYPlot plot = chart.getXYPlot();
    ValueMarker target = new ValueMarker(1000, Color.RED, new BasicStroke(1.5f));
    target.setLabel("target p99 1 s");
    plot.addRangeMarker(target);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }

  /** RSS (MB) of the pipeline's JVM over each run. */
  static void rss(List<LatencyRun.Result> runs, Path png) throws IOException {
    XYSeriesCollection data = new XYSeriesCollection();
    for (int i = 0; i < runs.size(); i++) {
      XYSeries s = new XYSeries("run " + i);
      for (LatencyRun.Sample sample : runs.get(i).samples()) {
        s.add(sample.atSeconds(), sample.rssBytes() / 1e6);
      }
      data.addSeries(s);
    }
    JFreeChart chart = ChartFactory.createXYLineChart("RSS of the pipeline's JVM under live load",
        "seconds", "RSS (MB)", data, PlotOrientation.VERTICAL, true, false, false);
    ValueMarker target = new ValueMarker(1500, Color.RED, new BasicStroke(1.5f));
    target.setLabel("target 1.5 GB");
    chart.getXYPlot().addRangeMarker(target);
    ChartUtils.saveChartAsPNG(png.toFile(), chart, 900, 500);
  }
}
