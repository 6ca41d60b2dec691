package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import io.emojireactions.core.WindowedCountJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An in-memory {@link Publisher} for unit tests of code that publishes (like Kafka's
 * {@code MockProducer}): it applies the topology's routing and records every send, so a test can
 * assert what would have reached which topic. No Kafka involved. Thread-safe.
 *
 * <pre>{@code
 * MockPublisher publisher = new MockPublisher(FanOutTopology.defaults());
 * myJob.run(publisher);
 * assertThat(publisher.sentTo("emoji_cluster_1")).hasSize(3);
 * }</pre>
 */
public final class MockPublisher implements Publisher {

  private final FanOutTopology topology;
  private final List<Sent> sent = new ArrayList<>();
  private int published;
  private int flushes;
  private boolean closed;
  private RuntimeException nextFailure;

  /**
   * A publisher that records what {@code topology} would route.
   *
   * @throws NullPointerException when {@code topology} is null
   */
  public MockPublisher(FanOutTopology topology) {
    this.topology = Objects.requireNonNull(topology, "topology");
  }

  /**
   * One record the publisher would have sent.
   *
   * @param topic the cluster topic or sub-topic
   * @param key the record key, {@link WindowedCountJson#key(String, String)}
   * @param count the message
   */
  public record Sent(String topic, String key, WindowedCount count) {}

  @Override
  public synchronized void publish(WindowedCount count) {
    Objects.requireNonNull(count, "count");
    if (closed) {
      throw new IllegalStateException("publish after close");
    }
    if (nextFailure != null) {
      RuntimeException failure = nextFailure;
      nextFailure = null;
      throw new PublishException("simulated failure: " + failure.getMessage(), failure);
    }
    published++;
    String key = WindowedCountJson.key(count.room(), count.emoji());
    for (FanOutTopology.Destination destination : topology.destinations(count)) {
      sent.add(new Sent(destination.topic(), key, count));
    }
  }

  @Override
  public synchronized void flush() {
    if (closed) {
      throw new IllegalStateException("flush after close");
    }
    flushes++;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  /** Makes the next {@link #publish} throw a {@link PublishException} caused by {@code failure}. */
  public synchronized void failNext(RuntimeException failure) {
    this.nextFailure = Objects.requireNonNull(failure, "failure");
  }

  /** Every record, in send order. */
  public synchronized List<Sent> history() {
    return List.copyOf(sent);
  }

  /** The messages sent to {@code topic}, in send order. */
  public synchronized List<WindowedCount> sentTo(String topic) {
    return sent.stream().filter(s -> s.topic().equals(topic)).map(Sent::count).toList();
  }

  /** How many counts were published (each reaches several topics). */
  public synchronized int publishedCount() {
    return published;
  }

  /** How many times {@link #flush()} was called. */
  public synchronized int flushCount() {
    return flushes;
  }

  /** Whether {@link #close()} was called. */
  public synchronized boolean closed() {
    return closed;
  }

  /** Forgets the history. */
  public synchronized void clear() {
    sent.clear();
    published = 0;
    flushes = 0;
  }
}
