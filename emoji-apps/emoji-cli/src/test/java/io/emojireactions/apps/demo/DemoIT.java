package io.emojireactions.apps.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.DemoCommand;
import io.emojireactions.apps.dist.Distribution;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/emoji demo} from the distribution, extracted into a fresh directory and run with an
 * empty {@code HOME}, as a user runs it: a first aggregate on the console and
 * on the dashboard's {@code /events} soon after a cold start, the same aggregate in the warehouse
 * (the embedded PostgreSQL whose URL the demo prints), a spike alert of the simulator's burst on
 * the console, and Ctrl-C (SIGINT) ends it with exit code 0, no child process (the broker JVM) left
 * behind and PostgreSQL stopped.
 */
class DemoIT {

  /**
   * A deadline, so that a demo that never shows an aggregate fails instead of hanging; how fast it
   * comes is measured by emoji-bench/clone-to-live.sh (docs/benchmarks.md), and printed here.
   */
  private static final Duration FIRST_AGGREGATE_LIMIT = Duration.ofSeconds(Long.getLong("emoji.demo.it.limit.seconds", 150));
  /**
   * The first burst is the middle fifth of the simulator's first round (24–36 s after it starts at
   * the default 60 s rounds); the alert follows once the window after it is seen.
   */
  private static final Duration FIRST_ALERT_LIMIT = Duration.ofSeconds(Long.getLong("emoji.demo.it.alert.limit.seconds", 120));

  @Test
  void showsAFirstAggregateOnConsoleAndEventsThenStopsCleanlyOnSigint(@TempDir Path dir) throws Exception {
    Distribution dist = Distribution.extract(dir);
    long started = System.nanoTime();
    Process demo = dist.command("-Xmx1500m", "demo", "--port", "0", "--ingest-port", "0", "--rate", "100").start();
    List<String> output = Collections.synchronizedList(new ArrayList<>());
    List<String> timed = Collections.synchronizedList(new ArrayList<>()); // saved to target/demo-it.log
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          output.add(line);
          timed.add(String.format("%6.1f s  %s", (System.nanoTime() - started) / 1e9, line));
        }
      } catch (Exception e) {
        output.add("reader: " + e);
      }
    });
    reader.setDaemon(true);
    reader.start();
    try {
      // The ready lines come once every part started: the warehouse may finish after the first aggregate.
      Await.until("a first aggregate on the console", FIRST_AGGREGATE_LIMIT,
          () -> (firstLine(output, Demo.AGGREGATE_PREFIX) != null && firstLine(output, DemoCommand.READY_PREFIX) != null)
              || !demo.isAlive(), () -> tail(output));
      assertThat(demo.isAlive()).as("demo still running: %s", tail(output)).isTrue();
      System.out.printf("DemoIT: first aggregate %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
      WindowedCount first = WindowedCountJson.fromJson(firstLine(output, Demo.AGGREGATE_PREFIX).substring(Demo.AGGREGATE_PREFIX.length()));
      assertThat(first.reactionCount()).isPositive();

      String url = firstLine(output, DemoCommand.READY_PREFIX).substring(DemoCommand.READY_PREFIX.length()).trim();
      String data = firstEventData(url + "events");
      assertThat(WindowedCountJson.fromJson(data).reactionCount()).isPositive();

      // The warehouse holds the printed aggregate's row, with at least its count (counts only grow).
      String jdbc = firstLine(output, DemoCommand.WAREHOUSE_PREFIX).substring(DemoCommand.WAREHOUSE_PREFIX.length()).trim().split("\\s+")[0];
      Await.until("the first aggregate in the warehouse", Duration.ofSeconds(60),
          () -> warehouseCount(jdbc, first) >= first.reactionCount(), () -> "count " + warehouseCount(jdbc, first) + " of " + first);

      // The simulator's burst is alerted on emoji_alerts (echoed by the alert console subscriber).
      // (A burst inside the pipeline's first, catch-up micro-batch may be missed: that batch holds
      // many windows in no order, and the detector ignores updates of windows it already closed.
      // The next round's burst comes in order.)
      Await.until("a spike alert of the burst", FIRST_ALERT_LIMIT,
          () -> burstAlert(output) != null || !demo.isAlive(), () -> tail(output));
      System.out.printf("DemoIT: first burst alert %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
      JsonNode alert = new ObjectMapper().readTree(burstAlert(output).substring(Demo.ALERT_PREFIX.length()));
      assertThat(alert.path("kind").asText()).as(alert.toString()).isEqualTo("spike");
      assertThat(alert.path("emoji").asText()).as(alert.toString()).isEqualTo(Demo.BURST_EMOJI);
      assertThat(alert.path("count").asLong()).as(alert.toString()).isGreaterThanOrEqualTo(20);
      assertThat(alert.path("z").asDouble()).as(alert.toString()).isGreaterThanOrEqualTo(5);

      List<ProcessHandle> children = demo.descendants().toList();
      assertThat(children).as("the local broker's JVM").isNotEmpty();
      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertThat(demo.waitFor(150, TimeUnit.SECONDS)).as("demo exits after SIGINT: %s", tail(output)).isTrue();
      assertThat(demo.exitValue()).as(tail(output)).isZero();
      Await.until("no child left", Duration.ofSeconds(30), () -> children.stream().noneMatch(ProcessHandle::isAlive));
      reader.join(5_000);
      assertThat(output).contains("Demo stopped");
      Assertions.assertThatThrownBy(() -> DriverManager.getConnection(jdbc).close()).as("PostgreSQL stopped").isInstanceOf(SQLException.class);
    } finally {
      synchronized (timed) {
        java.nio.file.Files.write(Path.of("target", "demo-it.log"), timed);
      }
      if (demo.isAlive()) {
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
        demo.waitFor(30, TimeUnit.SECONDS);
        stopOrphanedPostgres(output);
      }
    }
  }

  /** The warehouse's reaction_count of {@code c}'s key, -1 while there is none (or no database yet). */
  private static long warehouseCount(String jdbc, WindowedCount c) {
    try (Connection db = DriverManager.getConnection(jdbc);
        PreparedStatement q = db.prepareStatement(
            "SELECT reaction_count FROM emoji_window_counts WHERE room = ? AND window_start = ? AND emoji = ?")) {
      q.setString(1, c.room());
      q.setObject(2, java.time.OffsetDateTime.ofInstant(c.window().start(), java.time.ZoneOffset.UTC));
      q.setString(3, c.emoji());
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  /**
   * After a forced kill of the demo: its PostgreSQL (started by pg_ctl, so no descendant of the
   * demo) would outlive it. Stops the server over the printed data directory and removes the
   * demo's work directory.
   */
  private static void stopOrphanedPostgres(List<String> output) throws Exception {
    String line = firstLine(output, "Warehouse at ");
    int at = line == null ? -1 : line.indexOf("data in ");
    if (at < 0) {
      return;
    }
    String dataDir = line.substring(at + "data in ".length(), line.length() - 1);
    List<ProcessHandle> postgres = ProcessHandle.allProcesses()
        .filter(p -> p.info().commandLine().map(c -> c.contains("postgres") && c.contains(dataDir)).orElse(false))
        .toList();
    postgres.forEach(ProcessHandle::destroy);
    Await.until("the orphaned PostgreSQL to stop", Duration.ofSeconds(30), () -> postgres.stream().noneMatch(ProcessHandle::isAlive));
    Path workDir = Path.of(dataDir).getParent();
    if (workDir.getFileName().toString().startsWith("emoji-demo-")) {
      try (var paths = java.nio.file.Files.walk(workDir)) {
        paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  /** The first alert line of a spike of the burst emoji, or null. */
  private static String burstAlert(List<String> output) {
    synchronized (output) {
      return output.stream()
          .filter(l -> l.startsWith(Demo.ALERT_PREFIX) && l.contains("\"kind\":\"spike\"") && l.contains("\"emoji\":\"" + Demo.BURST_EMOJI + "\""))
          .findFirst().orElse(null);
    }
  }

  private static String firstLine(List<String> output, String prefix) {
    synchronized (output) {
      return output.stream().filter(l -> l.startsWith(prefix)).findFirst().orElse(null);
    }
  }

  private static String tail(List<String> output) {
    synchronized (output) {
      return String.join("\n", output.subList(Math.max(0, output.size() - 40), output.size()));
    }
  }

  private static String firstEventData(String url) throws Exception {
    HttpResponse<Stream<String>> resp = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofLines());
    try (Stream<String> lines = resp.body()) {
      Iterator<String> it = lines.iterator();
      while (it.hasNext()) {
        String line = it.next();
        // The dashboard batches counts: an `updates` event's data is {"counts":[…],"sentiments":[…]}.
        if (line.startsWith("data:")) {
          JsonNode counts = new ObjectMapper().readTree(line.substring(5).trim()).path("counts");
          if (counts.size() > 0) {
            return counts.get(0).toString();
          }
        }
      }
    }
    throw new AssertionError("no event on " + url);
  }
}
