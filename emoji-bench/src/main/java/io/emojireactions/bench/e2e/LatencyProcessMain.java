package io.emojireactions.bench.e2e;

import io.emojireactions.apps.simulate.GroundTruth.WindowKey;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The latency mode's load generator and subscriber, each in its own JVM, so the pipeline's JVM
 * (the harness's) runs only the pipeline. Lines on stdout, tab-separated:
 * <ul>
 *   <li>{@code load BOOTSTRAP TOPIC RATE DURATION_MS WINDOW_MS}: runs {@link LiveLoad}, then prints
 *       {@code P room windowStartMs emoji count} per produced key and last
 *       {@code DONE total firstEventMs lastEventMs produceSeconds}.
 *   <li>{@code subscribe BOOTSTRAP TOPIC}: reads the output topic from the beginning and prints
 *       {@code S room windowStartMs emoji count firstSeenMs} the first time it sees each count of
 *       each key; stops when its stdin closes.
 * </ul>
 * Both stamp times with the wall clock of the same machine as the load's event times.
 */
public final class LatencyProcessMain {

  private LatencyProcessMain() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    switch (args[0]) {
      case "load" -> load(out, args[1], args[2], Integer.parseInt(args[3]), Duration.ofMillis(Long.parseLong(args[4])),
          Duration.ofMillis(Long.parseLong(args[5])));
      case "subscribe" -> subscribe(out, args[1], args[2]);
      default -> throw new IllegalArgumentException("expected load or subscribe, but was " + args[0]);
    }
    out.flush();
    System.exit(0);
  }

  private static void load(PrintStream out, String bootstrap, String topic, int rate, Duration duration, Duration window) {
    LiveLoad load = new LiveLoad(bootstrap, topic, rate, window);
    long start = System.currentTimeMillis();
    load.run(duration);
    double seconds = (System.currentTimeMillis() - start) / 1000.0;
    for (Map.Entry<WindowKey, Long> e : load.produced().entrySet()) {
      WindowKey k = e.getKey();
      out.println("P\t" + k.room() + "\t" + k.windowStartMs() + "\t" + k.emoji() + "\t" + e.getValue());
    }
    out.println("DONE\t" + load.total() + "\t" + load.firstEventMs() + "\t" + load.lastEventMs() + "\t" + seconds);
  }

  private static void subscribe(PrintStream out, String bootstrap, String topic) throws IOException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread stdin = new Thread(() -> {
      try {
        while (System.in.read() >= 0) {
          // nothing is sent; end of input is the signal
        }
      } catch (IOException e) {
        // a broken pipe stops it too
      }
      stop.set(true);
    }, "stdin-watch");
    stdin.setDaemon(true);
    stdin.start();
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "10");
    Map<WindowKey, Set<Long>> seen = new HashMap<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      while (!stop.get()) {
        boolean any = false;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
          long now = System.currentTimeMillis();
          WindowedCount c = WindowedCountJson.fromJson(r.value());
          if (seen.computeIfAbsent(new WindowKey(c.room(), c.window().startMs(), c.emoji()), k -> new HashSet<>()).add(c.reactionCount())) {
            out.println("S\t" + c.room() + "\t" + c.window().startMs() + "\t" + c.emoji() + "\t" + c.reactionCount() + "\t" + now);
            any = true;
          }
        }
        if (any) {
          out.flush();
        }
      }
    }
  }
}
