package io.emojireactions.apps.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.DemoCommand;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code emoji demo} as a child process, as a user runs it: a first aggregate on the console and
 * on the dashboard's {@code /events} soon after a cold start, and Ctrl-C (SIGINT) ends it with
 * exit code 0 and no child process (the broker JVM) left behind.
 */
class DemoIT {

  /** The limit is 30 s from a cold start; loaded CI machines get some slack, the time is printed. */
  private static final Duration FIRST_AGGREGATE_LIMIT = Duration.ofSeconds(Long.getLong("emoji.demo.it.limit.seconds", 150));

  @Test
  void showsAFirstAggregateOnConsoleAndEventsThenStopsCleanlyOnSigint() throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Djdk.reflect") || a.startsWith("-Dfile.encoding"))
        .toList());
    command.add("-Xmx1500m");
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.emojireactions.apps.EmojiCli",
        "demo", "--port", "0", "--ingest-port", "0", "--rate", "100"));
    long started = System.nanoTime();
    Process demo = new ProcessBuilder(command).redirectErrorStream(true).start();
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
      Await.until("a first aggregate on the console", FIRST_AGGREGATE_LIMIT,
          () -> firstLine(output, Demo.AGGREGATE_PREFIX) != null || !demo.isAlive(), () -> tail(output));
      assertThat(demo.isAlive()).as("demo still running: %s", tail(output)).isTrue();
      System.out.printf("DemoIT: first aggregate %.1f s after launch%n", (System.nanoTime() - started) / 1e9);
      WindowedCount first = WindowedCountJson.fromJson(firstLine(output, Demo.AGGREGATE_PREFIX).substring(Demo.AGGREGATE_PREFIX.length()));
      assertThat(first.reactionCount()).isPositive();

      String url = firstLine(output, DemoCommand.READY_PREFIX).substring(DemoCommand.READY_PREFIX.length()).trim();
      String data = firstEventData(url + "events");
      assertThat(WindowedCountJson.fromJson(data).reactionCount()).isPositive();

      List<ProcessHandle> children = demo.descendants().toList();
      assertThat(children).as("the local broker's JVM").isNotEmpty();
      new ProcessBuilder("kill", "-INT", Long.toString(demo.pid())).start().waitFor(10, TimeUnit.SECONDS);
      assertThat(demo.waitFor(150, TimeUnit.SECONDS)).as("demo exits after SIGINT: %s", tail(output)).isTrue();
      assertThat(demo.exitValue()).as(tail(output)).isZero();
      Await.until("no child left", Duration.ofSeconds(30), () -> children.stream().noneMatch(ProcessHandle::isAlive));
      reader.join(5_000);
      assertThat(output).contains("Demo stopped");
    } finally {
      synchronized (timed) {
        java.nio.file.Files.write(Path.of("target", "demo-it.log"), timed);
      }
      if (demo.isAlive()) {
        demo.descendants().forEach(ProcessHandle::destroyForcibly);
        demo.destroyForcibly();
      }
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
        if (line.startsWith("data:")) {
          return line.substring(5).trim();
        }
      }
    }
    throw new AssertionError("no event on " + url);
  }
}
