package io.emojireactions.apps.broker.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One broker+controller child JVM and its directory. Thread-safe.
 *
 * <p>Directory layout: {@code server.properties}, {@code broker.log} (the broker JVM's SLF4J log
 * and console output, appended across restarts) and {@code data/} (the Kafka log directory).
 */
public final class BrokerNode {

  private static final List<String> JVM_OPTIONS =
      List.of(
          "-Xms128m",
          "-Xmx512m",
          "-XX:+ExitOnOutOfMemoryError",
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-Djava.awt.headless=true",
          "-Dfile.encoding=UTF-8",
          "-Duser.timezone=UTC");

  private final NodeAddress address;
  private final Path dir;
  private final String clusterId;
  private final Path temporaryClusterDir;
  private Process process;
  // Held open, never written: the child halts when it closes (see BrokerLauncher).
  private OutputStream lifeline;

  /**
   * @param temporaryClusterDir for a temporary cluster its directory, which an orphaned node
   *     deletes (see {@link BrokerLauncher}); null for a caller's persistent directory
   */
  public BrokerNode(NodeAddress address, Path dir, String clusterId, Path temporaryClusterDir) {
    this.address = address;
    this.dir = dir;
    this.clusterId = clusterId;
    this.temporaryClusterDir = temporaryClusterDir;
  }

  public NodeAddress address() {
    return address;
  }

  public Path dir() {
    return dir;
  }

  public Path logDir() {
    return dir.resolve("data");
  }

  public Path logFile() {
    return dir.resolve("broker.log");
  }

  /** Writes {@code server.properties}. */
  public void writeProperties(Map<String, String> properties) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("server.properties"), BrokerConfig.render(properties), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve("server.properties"), e);
    }
  }

  /** Writes further {@code kafka-storage format} arguments (see {@link BrokerLauncher#FORMAT_ARGS_FILE}). */
  public void writeFormatArgs(List<String> args) {
    try {
      Files.createDirectories(dir);
      Files.write(dir.resolve(BrokerLauncher.FORMAT_ARGS_FILE), args, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + dir.resolve(BrokerLauncher.FORMAT_ARGS_FILE), e);
    }
  }

  /** Starts the child JVM (formatting the log directory first when it is not yet formatted). */
  public synchronized void launch(String classpath) {
    if (isRunning()) {
      throw new IllegalStateException("node " + address.nodeId() + " is already running");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_OPTIONS);
    // slf4j-simple logs to stderr; stdout and stderr append to broker.log, so a restarted
    // node's log follows its previous life in the same file.
    command.add("-Dorg.slf4j.simpleLogger.showDateTime=true");
    command.add("-Dorg.slf4j.simpleLogger.dateTimeFormat=yyyy-MM-dd'T'HH:mm:ss.SSS");
    command.add("-cp");
    command.add(classpath);
    command.add(BrokerLauncher.class.getName());
    command.add(dir.resolve("server.properties").toString());
    command.add(clusterId);
    if (temporaryClusterDir != null) {
      command.add(temporaryClusterDir.toString());
    }
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile().toFile()));
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the broker JVM for node " + address.nodeId(), e);
    }
    lifeline = process.getOutputStream();
  }

  public synchronized boolean isRunning() {
    return process != null && process.isAlive();
  }

  /** The exit status, or -1 when never started or still running. */
  public synchronized int exitStatus() {
    return process == null || process.isAlive() ? -1 : process.exitValue();
  }

  /**
   * Freezes the node ({@code SIGSTOP}): its sockets stay open and accept bytes, but nothing is
   * answered until {@link #resume()}, as with a long GC pause or a hung disk. Requests already
   * received are handled after the resume, whatever their clients made of the silence.
   */
  public synchronized void pause() {
    signal("STOP");
  }

  /** Lets a {@linkplain #pause() paused} node run again ({@code SIGCONT}). */
  public synchronized void resume() {
    signal("CONT");
  }

  private void signal(String name) {
    if (process == null || !process.isAlive()) {
      throw new IllegalStateException("node " + address.nodeId() + " is not running");
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).redirectErrorStream(true).start();
      if (!kill.waitFor(30, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: "
            + new String(kill.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot signal node " + address.nodeId(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while signalling node " + address.nodeId(), e);
    }
  }

  /** SIGKILL and wait for the process to be gone. No-op when not running. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    awaitExit(Duration.ofSeconds(30));
    closeLifeline();
  }

  /**
   * SIGTERM (Kafka's controlled shutdown) and wait up to {@code timeout}; SIGKILL after that.
   * No-op when not running.
   */
  public synchronized void stop(Duration timeout) {
    if (process == null) {
      return;
    }
    // ProcessHandle.destroy sends SIGTERM only; Process.destroy would also close the child's
    // stdin, which the child reads as "parent gone" and halts at once, skipping Kafka's clean shutdown.
    process.toHandle().destroy();
    if (!awaitExit(timeout)) {
      process.destroyForcibly();
      awaitExit(Duration.ofSeconds(30));
    }
    closeLifeline();
  }

  private boolean awaitExit(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for node " + address.nodeId() + " to exit", e);
    }
  }

  private void closeLifeline() {
    try {
      if (lifeline != null) {
        lifeline.close();
      }
    } catch (IOException e) {
      // The child is gone; nothing to release.
    }
    lifeline = null;
  }

  /** The last {@code lines} lines of the broker's log (and console output), for error messages. */
  public String diagnostics(int lines) {
    return tail(logFile(), lines);
  }

  private static String tail(Path file, int lines) {
    try {
      if (!Files.exists(file)) {
        return "(no " + file + ")\n";
      }
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return "--- last lines of " + file + " ---\n"
          + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size())) + "\n";
    } catch (IOException | UncheckedIOException e) {
      return "(cannot read " + file + ": " + e + ")\n";
    }
  }
}
