package io.emojireactions.apps.simulate.internal;

import io.emojireactions.pubsub.KafkaClientConfigs;
import io.emojireactions.pubsub.KafkaConnection;
import io.emojireactions.apps.simulate.ReactionTarget;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Produces reactions straight to a topic (bypassing the ingest), with {@link KafkaClientConfigs#bulkProducer}. */
public final class KafkaTarget implements ReactionTarget {

  private final KafkaProducer<byte[], byte[]> producer;
  private final String topic;

  public KafkaTarget(KafkaConnection kafka, String topic) {
    this.producer = new KafkaProducer<>(KafkaClientConfigs.bulkProducer(kafka, "emoji-simulator"));
    this.topic = topic;
  }

  @Override
  public void send(byte[] value, Consumer<Outcome> done) {
    try {
      producer.send(new ProducerRecord<>(topic, value), (metadata, error) ->
          done.accept(error == null ? Outcome.ACCEPTED : new Outcome(Status.FAILED, error.toString())));
    } catch (RuntimeException e) {
      done.accept(new Outcome(Status.FAILED, e.toString()));
    }
  }

  @Override
  public void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(30));
  }
}
