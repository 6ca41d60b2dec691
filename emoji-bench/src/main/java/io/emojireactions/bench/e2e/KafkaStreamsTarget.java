package io.emojireactions.bench.e2e;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * (d) Kafka Streams 3.9.2 as its experts write it, with the same windows and output as the
 * pipeline: count per (room, 2 s window, emoji), core's parser, output in the project's JSON
 * contract with key {@code room|emoji}.
 *
 * <p>The topology: a {@link PreAggregator} processor parses each record <em>once</em> and counts
 * it per (room, emoji, window) in an in-memory map of its task; a wall-clock punctuator (every
 * {@value #FLUSH_INTERVAL_MS} ms, and whenever the map reaches {@value #MAX_PARTIALS} keys)
 * forwards the partial counts, keyed {@code room|emoji} and stamped with their window's start as
 * the record timestamp (so Streams windows by event time without a second parse in a
 * TimestampExtractor). Only those partial counts go through the repartition topic; after it,
 * {@code groupByKey().windowedBy(TimeWindows 2 s).reduce(Long::sum)} (RocksDB) sums them per window.
 * 2 stream threads (one per input partition), {@code main.consumer.fetch.max.wait.ms=10}.
 *
 * <p>{@code kafka-streams-expert}: grace 1 day, so a replayed backlog (whose two partitions the
 * repartition topic interleaves, so that event time in it jumps back and forth) loses nothing.
 * {@code kafka-streams-default-grace}: the same topology with {@code TimeWindows.ofSizeWithNoGrace},
 * what most applications write: it drops partial counts that reach a window after the window's
 * stream time has passed its end; its output is reported, not failed on.
 *
 * <p>The partial counts live in the task's memory between two punctuations; an application that
 * must not lose them on a crash keeps them in a logged state store instead (more work per record).
 *
 * <p>Streams has no available-now mode: the pass ends when every input record has passed the
 * processor, every valid one has come back from the repartition topic inside a partial count
 * ({@code peek} counter), and {@link KafkaStreams#close} has returned (close commits, which
 * flushes the record caches into the output topic), so the last record is reflected then.
 */
final class KafkaStreamsTarget implements Target {

  static final long FLUSH_INTERVAL_MS = 100;
  static final int MAX_PARTIALS = 10_000;
  private static final long WINDOW_MS = 2_000;

  private final String name;
  private final boolean noGrace;

  private KafkaStreamsTarget(String name, boolean noGrace) {
    this.name = name;
    this.noGrace = noGrace;
  }

  static KafkaStreamsTarget expert() {
    return new KafkaStreamsTarget("kafka-streams-expert", false);
  }

  static KafkaStreamsTarget defaultGrace() {
    return new KafkaStreamsTarget("kafka-streams-default-grace", true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public OutputCheck.Format outputFormat() {
    return OutputCheck.Format.CONTRACT;
  }

  /** The aggregation key inside a task: one window of one emoji in one room. */
  private record PartialKey(String room, String emoji, long windowStartMs) {}

  /**
   * Parses each record once with core's parser and counts the valid ones per (room, emoji,
   * window) in memory; forwards the partial counts on a wall-clock punctuation (and when the map
   * is full), in window order, each stamped with its window start.
   */
  static final class PreAggregator implements Processor<byte[], byte[], String, Long> {
    private final ReactionParser parser = ReactionParser.create();
    private final Map<PartialKey, long[]> partials = new HashMap<>();
    private final AtomicLong seen;
    private final AtomicLong valid;
    private ProcessorContext<String, Long> context;

    PreAggregator(AtomicLong seen, AtomicLong valid) {
      this.seen = seen;
      this.valid = valid;
    }

    @Override
    public void init(ProcessorContext<String, Long> context) {
      this.context = context;
      context.schedule(Duration.ofMillis(FLUSH_INTERVAL_MS), PunctuationType.WALL_CLOCK_TIME, t -> flush());
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
      if (record.value() != null && parser.parse(record.value()) instanceof ParseResult.Valid v) {
        Reaction r = v.reaction();
        long start = r.eventTimeMs() - Math.floorMod(r.eventTimeMs(), WINDOW_MS);
        partials.computeIfAbsent(new PartialKey(r.room(), r.emoji(), start), k -> new long[1])[0]++;
        valid.incrementAndGet(); // before seen: once seen is complete, valid is final
        if (partials.size() >= MAX_PARTIALS) {
          flush();
        }
      }
      seen.incrementAndGet();
    }

    private void flush() {
      if (partials.isEmpty()) {
        return;
      }
      List<Map.Entry<PartialKey, long[]>> entries = new ArrayList<>(partials.entrySet());
      // in window order, so one flush moves the downstream stream time forward once
      entries.sort(Comparator.comparingLong(e -> e.getKey().windowStartMs()));
      for (Map.Entry<PartialKey, long[]> e : entries) {
        PartialKey k = e.getKey();
        context.forward(new Record<>(WindowedCountJson.key(k.room(), k.emoji()), e.getValue()[0], k.windowStartMs()));
      }
      partials.clear();
    }
  }

  @Override
  public Pass run(BenchContext bench, String topic, long records, String label) throws Exception {
    String out = bench.newTopic("bench-" + name + "-out-" + label);
    ScalingPolicy scaling = ScalingPolicy.seed();
    AtomicLong seen = new AtomicLong();
    AtomicLong valid = new AtomicLong();
    AtomicLong aggregated = new AtomicLong();
    TimeWindows windows = noGrace
        ? TimeWindows.ofSizeWithNoGrace(Duration.ofMillis(WINDOW_MS))
        : TimeWindows.ofSizeAndGrace(Duration.ofMillis(WINDOW_MS), Duration.ofDays(1));

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(topic, Consumed.with(Serdes.ByteArray(), Serdes.ByteArray()))
        .process(() -> new PreAggregator(seen, valid), Named.as("parse-and-pre-aggregate"))
        // the explicit repartition lets us count what reached the aggregation's sub-topology
        .repartition(Repartitioned.with(Serdes.String(), Serdes.Long()).withName("partial-counts"))
        .peek((k, n) -> aggregated.addAndGet(n))
        .groupByKey(Grouped.with(Serdes.String(), Serdes.Long()))
        .windowedBy(windows)
        .reduce(Long::sum, Materialized.with(Serdes.String(), Serdes.Long()))
        .toStream()
        .map((w, count) -> {
          String key = w.key();
          int bar = key.indexOf('|');
          WindowedCount c = new WindowedCount(key.substring(0, bar), new TimeWindow(w.window().start(), w.window().end()),
              key.substring(bar + 1), count, scaling.apply(count), false);
          return KeyValue.pair(key, WindowedCountJson.toJson(c));
        })
        .to(out, Produced.with(Serdes.String(), Serdes.ByteArray()));

    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + name + "-" + label);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bench.bootstrap());
    props.put(StreamsConfig.STATE_DIR_CONFIG, bench.workDir().resolve("streams-" + name + "-" + label).toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
    props.put(StreamsConfig.mainConsumerPrefix("auto.offset.reset"), "earliest");
    props.put(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"), "10");

    long start = System.nanoTime();
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    Map<String, Object> extra = new LinkedHashMap<>();
    try {
      streams.start();
      // done when every input record passed the processor and every valid one reached the window
      // (late ones are dropped there, after this point); close() then commits and flushes.
      Await.until(name + " processes all " + records + " input records", Duration.ofMinutes(30),
          () -> (seen.get() >= records && aggregated.get() >= valid.get())
              || streams.state() == KafkaStreams.State.ERROR);
      if (streams.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException(name + " failed (state ERROR)");
      }
      extra.put("droppedPartialCounts", droppedRecords(streams));
    } finally {
      streams.close(Duration.ofMinutes(2));
    }
    long wall = System.nanoTime() - start;
    streams.cleanUp();
    extra.put("validRecords", valid.get());
    extra.put("countedIntoWindows", aggregated.get());
    extra.put("grace", noGrace ? "PT0S" : "P1D");
    return new Pass(seen.get(), wall, out, List.of(), extra);
  }

  /** Streams' own count of records its tasks dropped (late records dropped by the window, among others). */
  private static double droppedRecords(KafkaStreams streams) {
    double dropped = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      if (e.getKey().name().equals("dropped-records-total") && e.getKey().group().equals("stream-task-metrics")
          && e.getValue().metricValue() instanceof Number n) {
        dropped += n.doubleValue();
      }
    }
    return dropped;
  }
}
