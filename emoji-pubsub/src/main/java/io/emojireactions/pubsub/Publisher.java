package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;

/**
 * Publishes windowed counts to the cluster topics and sub-topics of a {@link FanOutTopology}.
 * {@link FanOutPublisher} is the Kafka implementation, {@link MockPublisher} an in-memory one for
 * unit tests of code that publishes.
 *
 * <p>Thread-safety is the implementation's: both given here are thread-safe.
 */
public interface Publisher extends AutoCloseable {

  /**
   * Sends {@code count} to every cluster topic and to the sub-topics its cluster's routing
   * chooses. Asynchronous: call {@link #flush()} to know it arrived.
   *
   * @throws PublishException if an earlier send failed and was not yet reported
   */
  void publish(WindowedCount count);

  /**
   * Blocks until everything published so far is acknowledged.
   *
   * @throws PublishException if any send since the last flush failed
   */
  void flush();

  /** Flushes and releases the connections. */
  @Override
  void close();
}
