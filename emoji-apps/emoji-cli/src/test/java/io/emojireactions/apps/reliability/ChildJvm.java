package io.emojireactions.apps.reliability;

import io.emojireactions.testkit.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One {@code emoji} command in its own JVM, as a user runs it (the test classpath, the Spark flags
 * of this JVM), with its output in a log file: the fault tests kill it with SIGKILL or stop it with
 * SIGTERM, and read its memory from {@code /proc}.
 */
final class ChildJvm implements AutoCloseable {

  /**
   * How long a fault test waits for a step of a child (a Spark start and first micro-batch, a
   * catch-up): generous, since on a loaded 2-core machine a first batch has taken over 90 s; a
   * passing run never waits it out. {@code -Demoji.faults.wait.minutes}.
   */
  static final Duration PATIENCE = Duration.ofMinutes(Long.getLong("emoji.faults.wait.minutes", 8));

  /** Every child started, so that none outlives the test JVM even when a test fails before its close(). */
  private static final java.util.Set<Process> STARTED = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> STARTED.forEach(Process::destroyForcibly), "child-jvm-reaper"));
  }

  private final String name;
  private final Path log;
  private final Process process;

  private ChildJvm(String name, Path log, Process process) {
    this.name = name;
    this.log = log;
    this.process = process;
  }

  /** Starts {@code emoji <args>} with heap limit {@code xmx} (e.g. "1g"), output appended to {@code log}. */
  static ChildJvm emoji(String name, Path log, String xmx, List<String> args) {
    return java(name, log, xmx, "io.emojireactions.apps.EmojiCli", args);
  }

  /** Starts {@code mainClass <args>} on the test classpath. */
  static ChildJvm java(String name, Path log, String xmx, String mainClass, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    // The Java 17 flags Spark needs, as failsafe gave them to this JVM (see the root pom).
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect")
            || a.startsWith("-Dfile.encoding"))
        .toList());
    command.add("-Xmx" + xmx);
    // The app's own logging (INFO progress lines), not the tests' quiet log4j2-test.properties.
    command.add("-Dlog4j2.configurationFile=classpath:log4j2.properties");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass));
    command.addAll(args);
    try {
      Files.writeString(log, "=== " + name + ": " + String.join(" ", args) + System.lineSeparator(),
          StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
      Process process = new ProcessBuilder(command)
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
          .start();
      STARTED.add(process);
      return new ChildJvm(name, log, process);
    } catch (IOException e) {
      throw new UncheckedIOException("starting " + name, e);
    }
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL (kill -9) and wait for the process to be gone. */
  void kill9() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + " survived SIGKILL");
    }
  }

  /** SIGTERM (the JVM runs its shutdown hooks); returns the exit code, waiting at most {@code timeout}. */
  int sigterm(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  /** Waits for the process to end by itself; its exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError(name + " did not exit within " + timeout + "; log " + log + ":\n" + tail(40));
    }
    return process.exitValue();
  }

  /** Lines of the log (of every run written to it) that contain {@code text}. */
  long countLines(String text) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).count();
    } catch (IOException e) {
      return 0;
    }
  }

  /** Waits until the log holds at least {@code n} lines containing {@code text}; fails early if the process died. */
  void awaitLines(String text, long n, Duration timeout) {
    Await.until(name + ": " + n + " lines with '" + text + "'", timeout, () -> {
      if (countLines(text) >= n) {
        return true;
      }
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + "; log:\n" + tail(60));
      }
      return false;
    });
  }

  /** The first log line containing {@code text}. */
  String firstLine(String text) {
    try {
      return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).findFirst()
          .orElseThrow(() -> new IllegalStateException(name + " logged no line with '" + text + "'"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Resident set size in KiB, from /proc (Linux). */
  long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      throw new IllegalStateException("no VmRSS for " + name);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The last {@code n} lines of the log, for failure messages. */
  String tail(int n) {
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** SIGKILL without waiting (for failure paths). */
  void destroy() {
    process.destroyForcibly();
  }

  @Override
  public void close() throws InterruptedException {
    if (process.isAlive()) {
      kill9();
    }
  }
}
