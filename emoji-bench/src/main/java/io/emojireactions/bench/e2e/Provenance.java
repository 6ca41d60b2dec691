package io.emojireactions.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Where and on what code a measurement ran: the commit, the machine, its load. */
final class Provenance {

  private Provenance() {}

  /**
   * {@code sha}: {@code git rev-parse HEAD} in {@code dir} ("unknown" outside a work tree);
   * {@code dirty}: whether {@code git status --porcelain --untracked-files=no} lists anything
   * (untracked files, such as new result files, do not count).
   */
  static Map<String, Object> commit(Path dir) {
    Map<String, Object> m = new LinkedHashMap<>();
    String sha = git(dir, "rev-parse", "HEAD");
    String status = git(dir, "status", "--porcelain", "--untracked-files=no");
    m.put("sha", sha == null ? "unknown" : sha.strip());
    m.put("dirty", status == null ? null : !status.isBlank());
    return m;
  }

  /** Cores ({@code nproc}), total memory and CPU model from /proc, OS and kernel. */
  static Map<String, Object> machine() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("startedAt", Instant.now().toString());
    m.put("nproc", Runtime.getRuntime().availableProcessors());
    m.put("memTotalBytes", memTotalBytes());
    m.put("cpuModel", cpuModel());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
    m.put("loadAverageStart", loadAverage());
    return m;
  }

  /** The 1-, 5- and 15-minute load averages from /proc/loadavg (the JVM's 1-minute figure where there is none). */
  static List<Double> loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return List.of(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]), Double.parseDouble(parts[2]));
    } catch (IOException | RuntimeException e) {
      return List.of(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  private static Long memTotalBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // below: the JVM's figure
    }
    return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getTotalMemorySize() : null;
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
    return "unknown";
  }

  /** The output of {@code git args} in {@code dir}, or null when git fails or is absent. */
  private static String git(Path dir, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      return out;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }
}
