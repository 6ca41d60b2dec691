package io.emojireactions.apps.cluster;

import io.emojireactions.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on this machine: a Spark home laid out from the Maven-resolved
 * Spark 3.5.7 jars (its {@code jars/} directory is what a worker puts on its executors'
 * classpath), one {@code org.apache.spark.deploy.master.Master} JVM and N
 * {@code org.apache.spark.deploy.worker.Worker} JVMs on 127.0.0.1, each worker with its own cores
 * and memory. Applications go in through {@code org.apache.spark.deploy.SparkSubmit}, as with a
 * Spark distribution's {@code bin/spark-submit}; executors run in their own JVMs, children of
 * their worker.
 *
 * <p>Every JVM runs on Java 17 ({@link #JAVA_HOME}, also the workers' {@code JAVA_HOME} for the
 * executors they launch) with the root pom's {@code spark.java17.flags} (the system property
 * {@code spark.java17.flags} of the test JVM, set by the build), and under {@link ParentWatchdog},
 * so nothing outlives the test JVM.
 */
public final class SparkStandaloneCluster implements AutoCloseable {

  /** The Java every daemon, driver and executor runs on. */
  public static final Path JAVA_HOME = Path.of("/usr/lib/jvm/java-17-openjdk-amd64");

  private static final Pattern PROGRESS = Pattern.compile("batch=(\\d+) input=(\\d+) rows/s=(\\d+) late_dropped=\\d+ dlq=\\d+ duration_ms=(\\d+)");

  private final Path dir;
  private final Path sparkHome;
  private final int masterPort;
  private final int masterUiPort;
  private final List<String> javaFlags;
  private final Process master;
  private final List<Process> workers = new ArrayList<>();
  private final List<Process> submissions = new ArrayList<>();

  private SparkStandaloneCluster(Path dir, Path sparkHome, List<String> javaFlags) {
    this.dir = dir;
    this.sparkHome = sparkHome;
    this.javaFlags = javaFlags;
    this.masterPort = freePort();
    this.masterUiPort = freePort();
    this.master = launch("master", List.of("-Xmx256m"), "org.apache.spark.deploy.master.Master",
        List.of("--host", "127.0.0.1", "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(masterUiPort)));
  }

  /**
   * Lays out a Spark home under {@code dir} and starts a master and {@code workers} workers, each
   * with {@code coresPerWorker} cores and {@code workerMemory} (Spark's syntax, e.g. {@code 1g}) for
   * executors; returns once the master counts every worker alive.
   */
  public static SparkStandaloneCluster start(Path dir, int workers, int coresPerWorker, String workerMemory) {
    Path home = layOutSparkHome(dir.resolve("spark-home"));
    SparkStandaloneCluster cluster = new SparkStandaloneCluster(dir, home, java17Flags());
    try {
      for (int i = 0; i < workers; i++) {
        cluster.addWorker(coresPerWorker, workerMemory);
      }
      cluster.awaitAliveWorkers(workers, Duration.ofMinutes(5)); // generous: 90 s was too short at load average 80
      return cluster;
    } catch (RuntimeException e) {
      cluster.close();
      throw e;
    }
  }

  /** The master URL for {@code --master}. */
  public String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The master's web UI (its {@code /json/} is the cluster state). */
  public URI masterUi() {
    return URI.create("http://127.0.0.1:" + masterUiPort + "/");
  }

  public Path sparkHome() {
    return sparkHome;
  }

  /** Starts one more worker; it registers with the master asynchronously. */
  public synchronized int addWorker(int cores, String memory) {
    int index = workers.size();
    Path workDir = dir.resolve("worker-" + index);
    try {
      Files.createDirectories(workDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    workers.add(launch("worker-" + index, List.of("-Xmx256m"), "org.apache.spark.deploy.worker.Worker",
        List.of("--host", "127.0.0.1", "--port", "0", "--webui-port", Integer.toString(freePort()),
            "--cores", Integer.toString(cores), "--memory", memory, "--work-dir", workDir.toString(), masterUrl())));
    return index;
  }

  /** The worker's JVM. */
  public ProcessHandle worker(int index) {
    return workers.get(index).toHandle();
  }

  /** The executor JVMs the worker runs now (its child processes running CoarseGrainedExecutorBackend). */
  public List<ProcessHandle> executors(int index) {
    return worker(index).descendants()
        .filter(p -> p.info().arguments().map(a -> Arrays.asList(a).contains(
            "org.apache.spark.executor.CoarseGrainedExecutorBackend")).orElse(false))
        .toList();
  }

  /**
   * kill -9 of the worker and of its executors at once: what a machine failure looks like to
   * the master and to the driver.
   */
  public void killWorker(int index) {
    List<ProcessHandle> doomed = new ArrayList<>(executors(index));
    doomed.add(worker(index));
    doomed.forEach(ProcessHandle::destroyForcibly);
    for (ProcessHandle p : doomed) {
      p.onExit().join();
    }
  }

  /** The master's JSON state ({@code /json/}): workers, their state, applications. */
  public String masterState() {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(masterUi().resolve("json/")).timeout(Duration.ofSeconds(5)).build(),
          HttpResponse.BodyHandlers.ofString());
      return r.body();
    } catch (IOException e) {
      return "";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** How many workers the master counts alive. */
  public int aliveWorkers() {
    Matcher m = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)").matcher(masterState());
    return m.find() ? Integer.parseInt(m.group(1)) : 0;
  }

  public void awaitAliveWorkers(int count, Duration timeout) {
    Await.until(count + " workers alive at " + masterUrl(), timeout, () -> aliveWorkers() == count, this::masterState);
  }

  /**
   * Runs {@code org.apache.spark.deploy.SparkSubmit --master <this> --deploy-mode <mode> --class
   * <mainClass> [--conf k=v ...] <appJar> <appArgs...>}: in {@code client} mode the returned process
   * is the driver; its output goes to {@code <dir>/<name>.log}.
   */
  public Submission submit(String name, String deployMode, Path appJar, String mainClass, Map<String, String> conf,
      List<String> appArgs) {
    List<String> args = new ArrayList<>(List.of("--master", masterUrl(), "--deploy-mode", deployMode, "--class", mainClass));
    conf.forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.add(appJar.toString());
    args.addAll(appArgs);
    Process p = launch(name, List.of("-Xmx1g"), "org.apache.spark.deploy.SparkSubmit", args);
    synchronized (this) {
      submissions.add(p);
    }
    return new Submission(p, dir.resolve(name + ".log"));
  }

  /** The executor settings every submission needs here: Java 17 flags and 127.0.0.1. */
  public Map<String, String> baseConf() {
    String flags = String.join(" ", javaFlags);
    return Map.of(
        "spark.driver.host", "127.0.0.1",
        "spark.driver.bindAddress", "127.0.0.1",
        "spark.driver.extraJavaOptions", flags,
        "spark.executor.extraJavaOptions", flags,
        "spark.executorEnv.JAVA_HOME", JAVA_HOME.toString());
  }

  /** A submitted application: its SparkSubmit JVM and log. */
  public record Submission(Process process, Path log) {

    /** The log so far ("" when not yet written). */
    public String output() {
      try {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /** The pipeline's progress lines (ProgressLog) so far: {batch, input rows, rows/s, duration ms} per executed batch. */
    public List<long[]> batches() {
      List<long[]> out = new ArrayList<>();
      Matcher m = PROGRESS.matcher(output());
      while (m.find()) {
        out.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
      }
      return out;
    }

    /** Input rows over every executed batch logged so far. */
    public long inputRows() {
      return batches().stream().mapToLong(b -> b[1]).sum();
    }

    /** The last lines of the log, for failure messages. */
    public String tail() {
      List<String> lines = output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
  }

  @Override
  public synchronized void close() {
    List<Process> all = new ArrayList<>(submissions);
    all.addAll(workers);
    all.add(master);
    List<ProcessHandle> everything = new ArrayList<>();
    for (Process p : all) {
      everything.addAll(p.toHandle().descendants().toList());
      everything.add(p.toHandle());
    }
    for (Process p : all) {
      p.destroy(); // SIGTERM: Spark's shutdown hooks (a driver stops its queries)
    }
    for (Process p : all) {
      try {
        if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Executors left behind by a worker that went first.
    everything.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private Process launch(String name, List<String> heap, String mainClass, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(JAVA_HOME.resolve("bin/java").toString());
    cmd.addAll(heap);
    cmd.addAll(javaFlags);
    cmd.add("-Duser.timezone=UTC");
    cmd.add("-Dfile.encoding=UTF-8");
    cmd.add("-cp");
    cmd.add(sparkHome.resolve("conf") + ":" + sparkHome.resolve("jars") + "/*:" + watchdogClasses());
    cmd.add(ParentWatchdog.class.getName());
    cmd.add(mainClass);
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve(name + ".log").toFile());
    Map<String, String> env = pb.environment();
    env.put("JAVA_HOME", JAVA_HOME.toString());
    env.put("SPARK_HOME", sparkHome.toString());
    // Spark's launcher (which builds the executor command) finds the jars/ directory of a
    // distribution; without this it looks for a source build's launcher/target/scala-*.
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local").toString());
    try {
      return pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + cmd, e);
    }
  }

  /**
   * A directory holding {@link ParentWatchdog} alone: the whole test-classes directory would put
   * the tests' log4j2-test.properties (and more) on the Spark JVMs' classpath.
   */
  private Path watchdogClasses() {
    Path root = dir.resolve("watchdog");
    String resource = ParentWatchdog.class.getName().replace('.', '/') + ".class";
    Path target = root.resolve(resource);
    try (var in = ParentWatchdog.class.getClassLoader().getResourceAsStream(resource)) {
      if (!Files.exists(target)) {
        Files.createDirectories(target.getParent());
        Files.copy(java.util.Objects.requireNonNull(in, resource), target);
      }
      return root;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** This module's target directory (the parent of test-classes). */
  public static Path targetDir() {
    try {
      return Path.of(ParentWatchdog.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The spark-submit jar the build made ({@code target/emoji-pipeline-VERSION-spark.jar}). */
  public static Path applicationJar() {
    try (Stream<Path> files = Files.list(targetDir())) {
      Optional<Path> jar = files.filter(p -> p.getFileName().toString().matches("emoji-pipeline-.*-spark\\.jar")).findFirst();
      return jar.orElseThrow(() -> new IllegalStateException(
          "no emoji-pipeline-*-spark.jar in " + targetDir() + ": run the package phase (mvn -pl emoji-apps/emoji-pipeline -am verify)"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * {@code <home>/jars/} linked to the jars of {@code target/spark-home-classpath-*.txt} (written by
   * the build: Spark 3.5.7 and its dependencies, "provided" and "runtime" in this module), plus
   * {@code conf/log4j2.properties}.
   */
  static Path layOutSparkHome(Path home) {
    try {
      Path jars = Files.createDirectories(home.resolve("jars"));
      Path conf = Files.createDirectories(home.resolve("conf"));
      List<String> entries = new ArrayList<>();
      for (String scope : List.of("provided", "runtime")) {
        Path list = targetDir().resolve("spark-home-classpath-" + scope + ".txt");
        entries.addAll(List.of(Files.readString(list, StandardCharsets.UTF_8).trim().split(java.io.File.pathSeparator)));
      }
      for (String entry : entries) {
        if (entry.isBlank()) {
          continue;
        }
        Path jar = Path.of(entry);
        Path link = jars.resolve(jar.getFileName());
        if (!Files.exists(link)) {
          Files.createSymbolicLink(link, jar);
        }
      }
      Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
          "rootLogger.level = warn",
          "rootLogger.appenderRef.stdout.ref = console",
          "appender.console.type = Console",
          "appender.console.name = console",
          "appender.console.target = SYSTEM_ERR",
          "appender.console.layout.type = PatternLayout",
          "appender.console.layout.pattern = %d{HH:mm:ss.SSS} %p %c{1}: %m%n",
          "logger.emoji.name = io.emojireactions",
          "logger.emoji.level = info",
          "logger.master.name = org.apache.spark.deploy",
          "logger.master.level = info",
          "logger.executors.name = org.apache.spark.scheduler.cluster.StandaloneSchedulerBackend",
          "logger.executors.level = info",
          ""), StandardCharsets.UTF_8);
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot lay out a Spark home at " + home + " from " + targetDir().resolve("spark-home-classpath-*.txt"), e);
    }
  }

  /** The root pom's Java 17 flags, passed to the test JVM as a system property by the build. */
  static List<String> java17Flags() {
    String flags = System.getProperty("spark.java17.flags");
    if (flags == null || flags.isBlank()) {
      throw new IllegalStateException("system property spark.java17.flags is not set (the emoji-apps pom passes the root pom's to failsafe)");
    }
    return List.of(flags.trim().split("\\s+"));
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
