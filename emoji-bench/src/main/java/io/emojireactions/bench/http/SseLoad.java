package io.emojireactions.bench.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Push lag of the dashboard under many Server-Sent Events clients: opens {@code --clients}
 * streams to {@code /events}, then produces window counts to the dashboard's topic at {@code
 * --ticks-per-second} (each tick: {@code --keys} emoji of one room and window, all with the
 * count {@code base + tick}). The dashboard batches: one {@code updates} message carries many
 * counts; each count in it is one update. Its count says which tick it belongs to, so its lag is
 * its arrival time minus the time that tick was handed to the Kafka producer: Kafka, the
 * dashboard's subscriber, its fan-out and the network, end to end. Expected: keys x measured
 * ticks x open streams updates (a tick superseded by the next one inside one batch, under
 * backlog, arrives only as the next one's count: it shows as missing). Prints and writes one JSON
 * object: connect time, updates expected and received, SSE messages received, lag
 * p50/p95/p99/max (1 ms resolution).
 */
@Command(name = "sse-load", mixinStandardHelpOptions = true, description = "Dashboard push lag under many SSE clients.")
public final class SseLoad implements Callable<Integer> {

  private static final int MAX_LAG_MS = 120_000;

  @Option(names = "--dashboard", required = true, description = "Dashboard base URL, e.g. http://127.0.0.1:8081")
  URI dashboard;

  @Option(names = "--bootstrap-servers", required = true, description = "Kafka the dashboard reads.")
  String bootstrapServers;

  @Option(names = "--topic", defaultValue = "emoji_cluster_1", description = "The dashboard's topic (default: ${DEFAULT-VALUE}).")
  String topic;

  @Option(names = "--clients", defaultValue = "10000", description = "SSE streams (default: ${DEFAULT-VALUE}).")
  int clients;

  @Option(names = "--threads", defaultValue = "2", description = "Client selector threads (default: ${DEFAULT-VALUE}).")
  int threads;

  @Option(names = "--ticks-per-second", defaultValue = "1", description = "Produce rounds per second (default: ${DEFAULT-VALUE}).")
  double ticksPerSecond;

  @Option(names = "--keys", defaultValue = "10", description = "Emoji updated per round, each one event per client (default: ${DEFAULT-VALUE}).")
  int keys;

  @Option(names = "--seconds", defaultValue = "30", description = "Measured seconds of production (default: ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--warmup-ticks", defaultValue = "3", description = "Rounds before the measured ones (default: ${DEFAULT-VALUE}).")
  int warmupTicks;

  @Option(names = "--out", description = "Also write the JSON result to this file.")
  Path out;

  @Option(names = "--dashboard-pid", description = "The dashboard JVM's pid: its live heap (after a full GC, by jcmd) "
      + "and resident memory are measured before and after the streams open, for the memory per connection.")
  Long dashboardPid;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SseLoad()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    int measured = (int) Math.round(seconds * ticksPerSecond);
    int totalTicks = warmupTicks + measured;
    long base = (System.currentTimeMillis() / 1000) * 1000; // above every count of an earlier run
    AtomicLongArray sentNanos = new AtomicLongArray(totalTicks + 1);
    int[][] histogram = new int[threads][MAX_LAG_MS + 1];
    AtomicLongArray received = new AtomicLongArray(threads * 16); // a slot per thread, 128 bytes apart
    long[] maxLagNanos = new long[threads];
    SseClients.Sink sink = (thread, count, now) -> {
      long tick = count - base;
      if (tick <= warmupTicks || tick > totalTicks) {
        return; // the replay of older state, or a warm-up round
      }
      long sent = sentNanos.get((int) tick);
      if (sent == 0) {
        return;
      }
      long lag = now - sent;
      received.incrementAndGet(thread * 16);
      maxLagNanos[thread] = Math.max(maxLagNanos[thread], lag);
      histogram[thread][(int) Math.min(MAX_LAG_MS, TimeUnit.NANOSECONDS.toMillis(lag))]++;
    };

    ObjectNode result = new ObjectMapper().createObjectNode();
    String host = dashboard.getHost();
    int port = dashboard.getPort();
    long[] memoryBefore = dashboardPid == null ? null : memory(dashboardPid);
    long connectStart = System.nanoTime();
    try (SseClients sse = new SseClients(host, port, "/events", threads, sink);
        KafkaProducer<String, byte[]> producer = producer()) {
      sse.open(clients, 500, connectStart + TimeUnit.SECONDS.toNanos(300));
      double connectSeconds = (System.nanoTime() - connectStart) / 1e9;
      System.err.printf("%d of %d streams open in %.1f s (%d failed)%n", sse.openStreams(), clients, connectSeconds, sse.failedStreams());
      if (memoryBefore != null && sse.openStreams() > 0) {
        long[] memoryAfter = memory(dashboardPid);
        ObjectNode m = result.putObject("dashboard_memory");
        m.put("live_heap_bytes_before", memoryBefore[0]);
        m.put("live_heap_bytes_with_streams", memoryAfter[0]);
        m.put("rss_bytes_before", memoryBefore[1]);
        m.put("rss_bytes_with_streams", memoryAfter[1]);
        m.put("live_heap_bytes_per_stream", (memoryAfter[0] - memoryBefore[0]) / sse.openStreams());
        m.put("rss_bytes_per_stream", (memoryAfter[1] - memoryBefore[1]) / sse.openStreams());
      }

      long windowStart = (System.currentTimeMillis() / 2000) * 2000;
      TimeWindow window = new TimeWindow(windowStart, windowStart + 2000);
      List<String> emoji = List.of("😂", "❤️", "👍", "🔥", "😮", "😢", "🎉", "👏", "🙏", "😍", "🤣", "💯", "😡", "🥳", "👀", "💔");
      long periodNanos = (long) (1e9 / ticksPerSecond);
      long t0 = System.nanoTime();
      for (int tick = 1; tick <= totalTicks; tick++) {
        long due = t0 + (tick - 1) * periodNanos;
        long wait = due - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
        sentNanos.set(tick, System.nanoTime());
        for (int k = 0; k < keys; k++) {
          String e = emoji.get(k % emoji.size()) + (k >= emoji.size() ? Integer.toString(k) : "");
          WindowedCount c = new WindowedCount("bench", window, e, base + tick, 1, false);
          producer.send(new ProducerRecord<>(topic, WindowedCountJson.key("bench", e), WindowedCountJson.toJson(c)));
        }
        producer.flush();
      }
      // Let the last round arrive: until every stream has every event, at most 30 s.
      long expected = (long) sse.openStreams() * keys * measured;
      long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sum(received) < expected && System.nanoTime() < drainUntil) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      result.put("clients", clients);
      result.put("open_streams", sse.openStreams());
      result.put("failed_streams", sse.failedStreams());
      result.put("connect_seconds", Math.round(connectSeconds * 10) / 10.0);
      result.put("ticks_per_second", ticksPerSecond);
      result.put("keys_per_tick", keys);
      result.put("measured_ticks", measured);
      result.put("events_expected", expected);
      result.put("sse_messages_received", sse.messages());
    }
    // The client threads have ended (close() joins them): their histograms are complete and visible.
    long[] merged = new long[MAX_LAG_MS + 1];
    for (int[] h : histogram) {
      for (int i = 0; i < h.length; i++) {
        merged[i] += h[i];
      }
    }
    long got = sum(received);
    result.put("events_received", got);
    result.put("sse_messages_per_s", Math.round(got / (measured / ticksPerSecond)));
    ObjectNode lag = result.putObject("lag_ms");
    lag.put("p50", percentile(merged, got, 0.50));
    lag.put("p95", percentile(merged, got, 0.95));
    lag.put("p99", percentile(merged, got, 0.99));
    long max = 0;
    for (long m : maxLagNanos) {
      max = Math.max(max, m);
    }
    lag.put("max", TimeUnit.NANOSECONDS.toMillis(max));
    result.put("finished", Instant.now().toString());
    String json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result);
    System.out.println(json);
    if (out != null) {
      Files.writeString(out, json);
    }
    return 0;
  }

  /** The process's live heap after a full GC (jcmd GC.run, then GC.heap_info's "used") and its resident set, in bytes. */
  private static long[] memory(long pid) throws Exception {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    run(jcmd.toString(), Long.toString(pid), "GC.run");
    String info = run(jcmd.toString(), Long.toString(pid), "GC.heap_info");
    java.util.regex.Matcher used = java.util.regex.Pattern.compile("total \\d+K, used (\\d+)K").matcher(info);
    if (!used.find()) {
      throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
    }
    long rss = 0;
    for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
      if (line.startsWith("VmRSS:")) {
        rss = Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return new long[] {Long.parseLong(used.group(1)) * 1024, rss};
  }

  private static String run(String... command) throws Exception {
    Path log = Files.createTempFile("sse-load-jcmd", ".txt");
    Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean ended = p.waitFor(60, TimeUnit.SECONDS);
    String out = Files.readString(log);
    Files.deleteIfExists(log);
    if (!ended || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
    }
    return out;
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    p.put(ProducerConfig.ACKS_CONFIG, "1");
    return new KafkaProducer<>(p);
  }

  private static long sum(AtomicLongArray xs) {
    long s = 0;
    for (int i = 0; i < xs.length(); i++) {
      s += xs.get(i);
    }
    return s;
  }

  /** The smallest lag (ms) at or below which the fraction {@code q} of the events fall. */
  private static long percentile(long[] histogram, long total, double q) {
    if (total == 0) {
      return -1;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < histogram.length; i++) {
      seen += histogram[i];
      if (seen >= rank) {
        return i;
      }
    }
    return histogram.length - 1;
  }
}
