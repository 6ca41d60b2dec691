package io.emojireactions.apps.cluster;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * The main class of every JVM {@link SparkStandaloneCluster} starts (master, workers, SparkSubmit):
 * {@code ParentWatchdog <main class> [args...]}. It halts its JVM as soon as stdin reaches
 * end-of-file, then runs the real main class. The test JVM holds the other end of the pipe and
 * never writes to it, so EOF means the test JVM died (even by SIGKILL): no Spark daemon outlives
 * the build. A worker's executors follow their worker on their own (Spark's WorkerWatcher).
 */
public final class ParentWatchdog {

  /** Exit status when the parent's pipe closed. */
  static final int PARENT_GONE_STATUS = 86;

  private ParentWatchdog() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println("usage: ParentWatchdog <main class> [args...]");
      System.exit(2);
    }
    Thread watchdog = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent never writes; anything read is ignored.
        }
      } catch (IOException e) {
        // A broken pipe means the same as EOF.
      }
      Runtime.getRuntime().halt(PARENT_GONE_STATUS);
    }, "parent-watchdog");
    watchdog.setDaemon(true);
    watchdog.start();
    Method main = Class.forName(args[0]).getMethod("main", String[].class);
    main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
  }
}
