package io.emojireactions.bench.e2e;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.WindowedAggregator;
import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * (c) The hand-written bound: one thread, a plain {@link KafkaConsumer} assigned every input
 * partition, core's {@link ReactionParser} and {@link WindowedAggregator} (2 s windows, seed
 * scaling), polling until the end offsets taken at start; then the changed windows are serialized
 * with core's codec ({@code scaled_reactions} included) and produced to an output topic with the
 * contract's key. The whole backlog is one batch, as in the pipeline's available-now run without a
 * per-trigger cap, so both see the same watermark (none) and drop nothing.
 */
final class PlainConsumerTarget implements Target {

  @Override
  public String name() {
    return "plain-consumer";
  }

  @Override
  public OutputCheck.Format outputFormat() {
    return OutputCheck.Format.CONTRACT;
  }

  @Override
  public Pass run(BenchContext bench, String topic, long records, String label) throws Exception {
    String out = bench.newTopic("bench-consumer-out-" + label);
    long start = System.nanoTime();
    ReactionParser parser = ReactionParser.create();
    WindowedAggregator aggregator = WindowedAggregator.create(WindowedAggregator.Config.defaults());
    long read = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bench.bootstrap()))) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition()))
          .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (!reachedEnd(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("plain consumer did not reach the end offsets " + end + " in 30 min");
        }
        ConsumerRecords<byte[], byte[]> batch = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<byte[], byte[]> record : batch) {
          if (parser.parse(record.value()) instanceof ParseResult.Valid valid) {
            aggregator.add(valid.reaction());
          }
        }
        read += batch.count();
      }
    }
    List<WindowedCount> changed = aggregator.endBatch();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TopicIO.bulkProducerProperties(bench.bootstrap()))) {
      for (WindowedCount count : changed) {
        byte[] key = WindowedCountJson.key(count.room(), count.emoji()).getBytes(StandardCharsets.UTF_8);
        producer.send(new ProducerRecord<>(out, key, WindowedCountJson.toJson(count)));
      }
      producer.flush();
    }
    long wall = System.nanoTime() - start;
    return new Pass(read, wall, out, List.of(), Map.of());
  }

  private static boolean reachedEnd(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static Properties consumerProperties(String bootstrap) {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "10000");
    return p;
  }
}
