package io.emojireactions.bench.e2e;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.TimeWindow;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.Await;
import io.emojireactions.testkit.TopicIO;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * (d) Kafka Streams 3.9.2: the same count per (room, 2 s window, emoji) with core's parser,
 * {@code TimeWindows.ofSizeAndGrace(2 s, grace)}, {@code count()} in RocksDB, output in the
 * project's JSON contract. Event time comes from a {@link TimestampExtractor} that parses the
 * record (Streams windows by record timestamp; the input is stamped with the wall clock).
 *
 * <p>Streams has no available-now mode: the run ends when every input record has passed the
 * source, every valid one has come back from the repartition topic into the window ({@code peek}
 * counters), and {@link KafkaStreams#close} has returned (close commits, which flushes the record
 * caches into the output topic), so the last record is reflected then.
 *
 * <p>{@code defaults}: Streams' settings, 2 stream threads (one per input partition), grace 2 s
 * (the pipeline's lateness). {@code tuned}: {@code main.consumer.fetch.max.wait.ms=10}, grace as
 * large as the backlog's event-time span, so replaying 2 interleaved partitions drops nothing.
 */
final class KafkaStreamsTarget implements Target {

  private final String name;
  private final boolean tuned;

  private KafkaStreamsTarget(String name, boolean tuned) {
    this.name = name;
    this.tuned = tuned;
  }

  static KafkaStreamsTarget defaults() {
    return new KafkaStreamsTarget("streams-default", false);
  }

  static KafkaStreamsTarget tuned() {
    return new KafkaStreamsTarget("streams-tuned", true);
  }

  @Override
  public String name() {
    return name;
  }

  /** Parses with core's parser; one parser per stream thread (it is not shared across threads). */
  public static final class EventTimeExtractor implements TimestampExtractor {
    private static final ThreadLocal<ReactionParser> PARSER = ThreadLocal.withInitial(ReactionParser::create);

    @Override
    public long extract(ConsumerRecord<Object, Object> record, long partitionTime) {
      if (record.value() instanceof byte[] bytes && PARSER.get().parse(bytes) instanceof ParseResult.Valid valid) {
        return valid.reaction().eventTimeMs();
      }
      return record.timestamp(); // rejected records are filtered out before the window
    }
  }

  @Override
  public RunResult run(BenchContext bench, int run) throws Exception {
    String out = bench.newTopic("bench-" + name + "-out-" + run);
    Duration grace = tuned ? Duration.ofDays(1) : Duration.ofSeconds(2);
    ThreadLocal<ReactionParser> parsers = ThreadLocal.withInitial(ReactionParser::create);
    ScalingPolicy scaling = ScalingPolicy.seed();
    AtomicLong seen = new AtomicLong();
    AtomicLong valid = new AtomicLong();
    AtomicLong aggregated = new AtomicLong();
    byte[] one = new byte[] {1};

    StreamsBuilder builder = new StreamsBuilder();
    builder.stream(bench.inputTopic(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new EventTimeExtractor()))
        .mapValues(v -> {
          ParseResult parsed = parsers.get().parse(v);
          if (parsed instanceof ParseResult.Valid) {
            valid.incrementAndGet(); // before seen: once seen is complete, valid is final
          }
          seen.incrementAndGet();
          return parsed;
        })
        .filter((k, v) -> v instanceof ParseResult.Valid)
        .map((k, v) -> {
          Reaction r = ((ParseResult.Valid) v).reaction();
          return KeyValue.pair(r.room() + "|" + r.emoji(), one);
        })
        // the explicit repartition lets us count what reached the aggregation's sub-topology
        .repartition(Repartitioned.with(Serdes.String(), Serdes.ByteArray()).withName("by-key"))
        .peek((k, v) -> aggregated.incrementAndGet())
        .groupByKey(Grouped.with(Serdes.String(), Serdes.ByteArray()))
        .windowedBy(TimeWindows.ofSizeAndGrace(Duration.ofSeconds(2), grace))
        .count()
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
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "bench-" + name + "-" + run);
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bench.bootstrap());
    props.put(StreamsConfig.STATE_DIR_CONFIG, bench.workDir().resolve("streams-" + name + "-" + run).toString());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, "2");
    props.put(StreamsConfig.mainConsumerPrefix("auto.offset.reset"), "earliest");
    if (tuned) {
      props.put(StreamsConfig.mainConsumerPrefix("fetch.max.wait.ms"), "10");
    }

    long start = System.nanoTime();
    KafkaStreams streams = new KafkaStreams(builder.build(), props);
    try {
      streams.start();
      // done when every input record passed the source and every valid one reached the window
      // (late ones are dropped there, after this point); close() then commits and flushes.
      Await.until(name + " processes all " + bench.records() + " input records", Duration.ofMinutes(30),
          () -> (seen.get() >= bench.records() && aggregated.get() >= valid.get())
              || streams.state() == KafkaStreams.State.ERROR);
      if (streams.state() == KafkaStreams.State.ERROR) {
        throw new IllegalStateException(name + " failed (state ERROR)");
      }
    } finally {
      streams.close(Duration.ofMinutes(2));
    }
    long wall = System.nanoTime() - start;
    streams.cleanUp();

    OutputCheck.Merger merger = new OutputCheck.Merger();
    for (String value : TopicIO.readValues(bench.bootstrap(), out, Duration.ofMinutes(2))) {
      merger.addContractJson(value);
    }
    return new RunResult(seen.get(), wall, merger.against(bench.truth()));
  }
}
