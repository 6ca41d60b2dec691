package io.emojireactions.pubsub;

/**
 * Observes a {@link FanOutRelay} (metrics, logs, tests). Called on the relay's thread; keep it
 * quick. Every method has an empty default.
 */
public interface RelayListener {

  /** All records of a batch were sent and flushed to the brokers; the transaction is not yet committed. */
  default void onBatchSent(int records, int deadLetters) {}

  /** A batch's main-topic offsets joined its transaction; the commit comes next. */
  default void onCommitting(int records) {}

  /** A batch's transaction (its output and its main-topic offsets) committed. */
  default void onCommitted(int records, int deadLetters) {}

  /** A batch failed and was rolled back; it will be retried after the backoff. */
  default void onAborted(Exception cause) {}

  /**
   * A transaction's {@code commitTransaction} or {@code abortTransaction} ({@code call}) timed out
   * (the brokers did not answer within {@code max.block.ms}); the relay calls it again at once.
   */
  default void onTimedOut(String call, Exception cause) {}

  RelayListener NONE = new RelayListener() {};
}
