package io.emojireactions.bench.profile;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarises a JFR recording's CPU samples ({@code jdk.ExecutionSample}): the top frames by self
 * time (the method on top of the stack) and by total time (the method anywhere on the stack), as
 * a share of all samples. The profile summary in docs/benchmarks.md is its output.
 *
 * <p>Run: {@code emoji-bench/profile.sh recording.jfr [top N]}; the recording comes from {@code
 * EMOJI_BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/{target}-{run}.jfr,settings=profile emoji-bench/e2e.sh …}
 * (one recording per target JVM).
 */
public final class JfrTop {

  private JfrTop() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: JfrTop recording.jfr [top N] [thread-name-prefix]");
      System.exit(2);
    }
    int top = args.length > 1 ? Integer.parseInt(args[1]) : 25;
    String threadPrefix = args.length > 2 ? args[2] : "";
    Map<String, Long> self = new HashMap<>();
    Map<String, Long> total = new HashMap<>();
    Map<String, Long> threads = new HashMap<>();
    long samples = 0;
    try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
      while (file.hasMoreEvents()) {
        RecordedEvent e = file.readEvent();
        if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
          continue;
        }
        String thread = e.getThread("sampledThread") == null ? "?" : e.getThread("sampledThread").getJavaName();
        if (thread == null || !thread.startsWith(threadPrefix)) {
          continue;
        }
        RecordedStackTrace stack = e.getStackTrace();
        if (stack == null || stack.getFrames().isEmpty()) {
          continue;
        }
        samples++;
        threads.merge(thread.replaceAll("\\d+", "N"), 1L, Long::sum);
        List<RecordedFrame> frames = stack.getFrames();
        self.merge(name(frames.get(0)), 1L, Long::sum);
        Set<String> onStack = new HashSet<>();
        for (RecordedFrame f : frames) {
          if (onStack.add(name(f))) {
            total.merge(name(f), 1L, Long::sum);
          }
        }
      }
    }
    System.out.printf(Locale.ROOT, "%d samples%n%nthreads:%n", samples);
    print(threads, samples, 10);
    System.out.printf(Locale.ROOT, "%ntop %d by self time:%n", top);
    print(self, samples, top);
    System.out.printf(Locale.ROOT, "%ntop %d by total time:%n", top);
    print(total, samples, top);
  }

  private static String name(RecordedFrame f) {
    return f.getMethod().getType().getName() + "." + f.getMethod().getName();
  }

  private static void print(Map<String, Long> counts, long samples, int top) {
    counts.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(top)
        .forEach(e -> System.out.printf(Locale.ROOT, "%6.1f%%  %s%n", 100.0 * e.getValue() / samples, e.getKey()));
  }
}
