package io.emojireactions.bench.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * One target in its own JVM, started by {@link EndToEndBenchmark} once per run and target: an
 * untimed warm-up pass over the warm-up topic (the same rule for every target), then the timed
 * pass over the whole backlog; prints one line {@value #RESULT_PREFIX}{@code <JSON>} on stdout
 * (the {@link Result}) and exits 0. The output is checked by the coordinator, not here.
 */
@Command(name = "e2e-target", mixinStandardHelpOptions = true,
    description = "One end-to-end target over a backlog, in this JVM (started by the e2e coordinator).")
public final class TargetMain implements Callable<Integer> {

  /** Marks the result line among whatever else a child prints on stdout. */
  static final String RESULT_PREFIX = "EMOJI-BENCH-RESULT ";

  private static final Logger LOG = LoggerFactory.getLogger(TargetMain.class);

  @Option(names = "--target", required = true, description = "The target: ${COMPLETION-CANDIDATES}", completionCandidates = TargetNames.class)
  String target;

  @Option(names = "--bootstrap", required = true, description = "The broker's bootstrap servers.")
  String bootstrap;

  @Option(names = "--topic", required = true, description = "The backlog topic (timed pass).")
  String topic;

  @Option(names = "--records", required = true, description = "Records in the backlog topic.")
  long records;

  @Option(names = "--warmup-topic", description = "The warm-up topic (untimed pass first); none: no warm-up.")
  String warmupTopic;

  @Option(names = "--warmup-records", defaultValue = "0", description = "Records in the warm-up topic.")
  long warmupRecords;

  @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the input topics, and of the output topics created (default: ${DEFAULT-VALUE}).")
  int partitions;

  @Option(names = "--label", required = true, description = "Names this run's topics, checkpoints and state (unique per broker).")
  String label;

  @Option(names = "--work-dir", required = true, description = "Directory for checkpoints and state.")
  Path workDir;

  static final class TargetNames extends java.util.ArrayList<String> {
    TargetNames() {
      super(Target.ALL);
    }
  }

  /**
   * What one child reports.
   *
   * @param target the target's name
   * @param outputFormat what its output topic holds (decides what it is checked on)
   * @param records records in the backlog
   * @param warmupSeconds the untimed warm-up pass's wall time (-1 without warm-up)
   * @param java the child JVM's {@code java.runtime.version}
   * @param jvmFlags the child JVM's input arguments
   * @param pass the timed pass
   */
  record Result(String target, OutputCheck.Format outputFormat, long records, double warmupSeconds, String java,
      List<String> jvmFlags, Target.Pass pass) {}

  public static void main(String[] args) {
    int code = new CommandLine(new TargetMain()).execute(args);
    System.exit(code);
  }

  @Override
  public Integer call() throws Exception {
    Target t = Target.named(target);
    Files.createDirectories(workDir);
    BenchContext bench = new BenchContext(bootstrap, partitions, workDir);
    double warmupSeconds = -1;
    if (warmupTopic != null && warmupRecords > 0) {
      Target.Pass warm = t.run(bench, warmupTopic, warmupRecords, label + "-warmup");
      warmupSeconds = warm.wallNanos() / 1e9;
      LOG.info("{} warm-up: {} records in {} s (not counted)", target, warm.recordsRead(), String.format(java.util.Locale.ROOT, "%.2f", warmupSeconds));
    }
    Target.Pass pass = t.run(bench, topic, records, label);
    Result result = new Result(target, t.outputFormat(), records, warmupSeconds, System.getProperty("java.runtime.version"),
        ManagementFactory.getRuntimeMXBean().getInputArguments(), pass);
    System.out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(result));
    System.out.flush();
    return 0;
  }

  /** Reads a result line written by {@link #call()}. */
  static Result parse(String line) throws java.io.IOException {
    return new ObjectMapper().readValue(line.substring(RESULT_PREFIX.length()), Result.class);
  }
}
