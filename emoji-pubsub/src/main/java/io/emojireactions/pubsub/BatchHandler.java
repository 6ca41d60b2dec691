package io.emojireactions.pubsub;

import java.util.List;

/**
 * What a {@link Subscriber} in batch mode ({@link Subscriber#runBatches}) does with the messages
 * of one poll. The batch counts as handled (and is checkpointed, all of it) only when this returns
 * normally, so return only once its effect is durable (a database transaction committed, produced
 * records acknowledged). If it throws, {@link SubscriberConfig#onHandlerFailure()} decides: by
 * default the batch is retried, then its messages are handed over one at a time and those that
 * still fail are dead-lettered; under {@link OnHandlerFailure#STOP} nothing of the batch is
 * checkpointed, the subscriber stops, and the whole batch is delivered again on restart. Either way
 * a message may be handled more than once: handlers must be idempotent.
 *
 * <p>Called on the thread that runs {@link Subscriber#runBatches}, one batch at a time.
 */
@FunctionalInterface
public interface BatchHandler {

  /**
   * Handles one batch.
   *
   * @param batch the messages of one poll, at least one and at most
   *     {@link SubscriberConfig#maxPollRecords()}, in offset order within each partition; immutable
   * @throws Exception when the batch could not be handled (see above)
   */
  void handle(List<SubscribedMessage> batch) throws Exception;
}
