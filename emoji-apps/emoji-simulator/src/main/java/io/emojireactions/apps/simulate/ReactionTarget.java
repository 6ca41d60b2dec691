package io.emojireactions.apps.simulate;

import io.emojireactions.apps.simulate.internal.HttpTarget;
import io.emojireactions.apps.simulate.internal.KafkaTarget;
import java.net.URI;
import java.util.function.Consumer;

/** Where the simulator sends reactions: the ingest API, Kafka directly, or anything in tests. */
public interface ReactionTarget extends AutoCloseable {

  /**
   * What became of one record.
   *
   * @param status ACCEPTED (200 / acknowledged by Kafka), REJECTED (400/413 from the ingest, with
   *     its reason), FAILED (not delivered: no connection, 503 after retries, Kafka error), UNKNOWN
   *     (sent, but its answer was lost: the server may have accepted it)
   * @param reason the ingest's reason code for REJECTED, a message for FAILED and UNKNOWN, else null
   */
  record Outcome(Status status, String reason) {
    public static final Outcome ACCEPTED = new Outcome(Status.ACCEPTED, null);
  }

  enum Status { ACCEPTED, REJECTED, FAILED, UNKNOWN }

  /** Sends one record value; {@code done} is called exactly once, possibly on another thread. May block to bound the requests in flight. */
  void send(byte[] value, Consumer<Outcome> done) throws InterruptedException;

  /** Waits until every record sent so far has its outcome. */
  void flush() throws InterruptedException;

  @Override
  void close();

  /** POSTs each reaction to {@code <baseUrl>/emoji}, at most {@code concurrency} in flight; 503 is retried (5 times, honouring Retry-After). */
  static ReactionTarget http(URI baseUrl, int concurrency, String bearerToken) {
    return new HttpTarget(baseUrl, concurrency, bearerToken);
  }

  /** Produces each reaction to {@code topic} (value only, no key; idempotent, acks=all). */
  static ReactionTarget kafka(String bootstrapServers, String topic) {
    return kafka(io.emojireactions.pubsub.KafkaConnection.of(bootstrapServers), topic);
  }

  /** As {@link #kafka(String, String)}, with {@code kafka}'s client settings (security etc.). */
  static ReactionTarget kafka(io.emojireactions.pubsub.KafkaConnection kafka, String topic) {
    return new KafkaTarget(kafka, topic);
  }
}
