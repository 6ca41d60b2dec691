package io.emojireactions.apps.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emojireactions.apps.DemoCommand;
import io.emojireactions.apps.demo.internal.ConsoleSummary;
import io.emojireactions.apps.dist.Distribution;
import io.emojireactions.core.TimeWindow;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/emoji demo} from the distribution, extracted into a fresh directory and run with an
 * empty {@code HOME}, as a user runs it: a first summary line on the console (no {@code aggregate}
 * lines by default) whose counts and rate are the warehouse's for that window, a first count on
 * the dashboard's {@code /events} soon after a cold start, the addresses again on Enter and every
 * {@code --remind-every}, a closed stdin changing nothing, a spike alert of the simulator's burst on
 * the console, and Ctrl-C (SIGINT) ends it with exit code 0, no child process (the broker JVM) left
 * behind and PostgreSQL stopped.
 */
class DemoIT {

  /**
   * A deadline, so that a demo that never shows a count fails instead of hanging; how fast it
   * comes is measured by emoji-bench/clone-to-live.sh (docs/benchmarks.md), and printed here.
   */
  private static final Duration FIRST_AGGREGATE_LIMIT = Duration.ofSeconds(Long.getLong("emoji.demo.it.limit.seconds", 150));
  /**
   * The first burst is the middle fifth of the simulator's first round (24–36 s after it starts at
   * the default 60 s rounds); the alert follows once the window after it is seen. Room for three
   * rounds: on a loaded machine the first burst can fall into the pipeline's catch-up batch and
   * go unalerted.
   */
  private static final Duration FIRST_ALERT_LIMIT = Duration.ofSeconds(Long.getLong("emoji.demo.it.alert.limit.seconds", 200));
  /** {@code window HH:MM:SS-HH:MM:SS UTC | rooms… | R reactions/s | lag L s}. */
  private static final Pattern SUMMARY = Pattern.compile(
      "window (\\d\\d:\\d\\d:\\d\\d)-(\\d\\d:\\d\\d:\\d\\d) UTC \\| (.+) \\| ([0-9.]+) reactions/s \\| lag ([0-9.]+) s");

  @Test
  void showsASummaryLineAndCountsThenStopsCleanlyOnSigint(@TempDir Path dir) throws Exception {
    Distribution dist = Distribution.extract(dir);
    long started = System.nanoTime();
    Process demo = dist.command("-Xmx1500m", "demo", "--port", "0", "--ingest-port", "0", "--rate", "100", "--remind-every", "5s").start();
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
      Await.until("the ready lines", FIRST_AGGREGATE_LIMIT,
          () -> firstLine(output, DemoCommand.READY_PREFIX) != null || !demo.isAlive(), () -> tail(output));
      assertThat(demo.isAlive()).as("demo still running: %s", tail(output)).isTrue();
      String url = firstLine(output, DemoCommand.READY_PREFIX).substring(DemoCommand.READY_PREFIX.length()).trim();
      String data = firstEventData(url + "events");
      System.out.printf("DemoIT: first count at /events %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
      assertThat(WindowedCountJson.fromJson(data).reactionCount()).isPositive();

      // Enter on the console prints the addresses again.
      demo.getOutputStream().write('\n');
      demo.getOutputStream().flush();
      Await.until("the addresses again after Enter", Duration.ofSeconds(30), () -> count(output, DemoCommand.READY_PREFIX) >= 2, () -> tail(output));
      assertThat(lines(output, DemoCommand.READY_PREFIX)).containsOnly(DemoCommand.READY_PREFIX + url);

      // One summary line per closed window: its counts and rate are the warehouse's for that window.
      Await.until("a first summary line on the console", FIRST_AGGREGATE_LIMIT,
          () -> firstLine(output, ConsoleSummary.LINE_PREFIX) != null || !demo.isAlive(), () -> tail(output));
      System.out.printf("DemoIT: first summary line %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
      String summary = firstLine(output, ConsoleSummary.LINE_PREFIX);
      Matcher m = SUMMARY.matcher(summary);
      assertThat(m.matches()).as(summary).isTrue();
      Instant start = recent(LocalTime.parse(m.group(1)));
      assertThat(recent(LocalTime.parse(m.group(2)))).as(summary).isEqualTo(start.plusSeconds(2));
      List<WindowedCount> shown = shownCounts(m.group(3), new TimeWindow(start.toEpochMilli(), start.toEpochMilli() + 2000));
      assertThat(shown).as(summary).isNotEmpty();
      String jdbc = firstLine(output, DemoCommand.WAREHOUSE_PREFIX).substring(DemoCommand.WAREHOUSE_PREFIX.length()).trim().split("\\s+")[0];
      long total = new java.math.BigDecimal(m.group(4)).multiply(java.math.BigDecimal.valueOf(2)).longValueExact();
      Await.until("the summarized window in the warehouse", Duration.ofSeconds(60),
          () -> warehouseTotal(jdbc, start) == total, () -> "total " + warehouseTotal(jdbc, start) + " for " + summary);
      for (WindowedCount c : shown) {
        assertThat(warehouseCount(jdbc, c)).as("%s in %s", c, summary).isEqualTo(c.reactionCount());
      }

      // The addresses every --remind-every, on one line.
      Await.until("a reminder of the addresses", Duration.ofSeconds(30),
          () -> firstLine(output, DemoCommand.REMINDER_PREFIX) != null, () -> tail(output));
      assertThat(firstLine(output, DemoCommand.REMINDER_PREFIX)).contains("dashboard " + url, "ingest http://127.0.0.1:", "warehouse " + jdbc);

      // A closed stdin (as under nohup) changes nothing: summary lines go on.
      demo.getOutputStream().close();
      int summaries = count(output, ConsoleSummary.LINE_PREFIX);
      Await.until("summary lines after stdin closed", Duration.ofSeconds(60),
          () -> count(output, ConsoleSummary.LINE_PREFIX) > summaries + 2 || !demo.isAlive(), () -> tail(output));
      assertThat(demo.isAlive()).as(tail(output)).isTrue();

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

      // No flood: without --print-aggregates not one aggregate line, about one summary line per 2 s window.
      assertThat(firstLine(output, Demo.AGGREGATE_PREFIX)).isNull();
      System.out.printf("DemoIT: %d console lines, %d of them summary lines, in %.1f s%n", output.size(),
          count(output, ConsoleSummary.LINE_PREFIX), (System.nanoTime() - started) / 1e9);

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

  /** The most recent instant (UTC, not more than a minute ahead of now) at this time of day. */
  private static Instant recent(LocalTime time) {
    Instant now = Instant.now();
    Instant t = LocalDate.ofInstant(now, ZoneOffset.UTC).atTime(time).toInstant(ZoneOffset.UTC);
    return t.isAfter(now.plusSeconds(60)) ? t.minus(Duration.ofDays(1)) : t;
  }

  /** The (room, emoji, count)s of a summary line's rooms part: {@code room: e n, e n | room: e n[ | +N rooms]}. */
  private static List<WindowedCount> shownCounts(String rooms, TimeWindow window) {
    List<WindowedCount> counts = new ArrayList<>();
    for (String part : rooms.split(" \\| ")) {
      if (part.matches("\\+\\d+ rooms?")) {
        continue;
      }
      int colon = part.indexOf(": ");
      String room = part.substring(0, colon);
      for (String pair : part.substring(colon + 2).split(", ")) {
        int space = pair.lastIndexOf(' ');
        long n = Long.parseLong(pair.substring(space + 1));
        counts.add(new WindowedCount(room, window, pair.substring(0, space), n, n, false));
      }
    }
    return counts;
  }

  /** The warehouse's reactions of the window starting at {@code start}, all rooms and emojis; -1 while there is no database. */
  private static long warehouseTotal(String jdbc, Instant start) {
    try (Connection db = DriverManager.getConnection(jdbc);
        PreparedStatement q = db.prepareStatement("SELECT coalesce(sum(reaction_count), 0) FROM emoji_window_counts WHERE window_start = ?")) {
      q.setObject(1, java.time.OffsetDateTime.ofInstant(start, java.time.ZoneOffset.UTC));
      try (ResultSet rs = q.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    } catch (SQLException e) {
      return -1;
    }
  }

  private static int count(List<String> output, String prefix) {
    return lines(output, prefix).size();
  }

  private static List<String> lines(List<String> output, String prefix) {
    synchronized (output) {
      return output.stream().filter(l -> l.startsWith(prefix)).toList();
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
