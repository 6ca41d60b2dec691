package io.emojireactions.pubsub;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The consumer's {@code max.poll.interval.ms} leaves room for every retry wait of a poll. */
class SubscriberPollIntervalTest {

  private static SubscriberConfig.Builder base() {
    return SubscriberConfig.builder().kafka(KafkaConnection.of("127.0.0.1:9092")).topic("t").groupId("g");
  }

  @Test
  void theDefaultsAddEveryRetryWaitOfAFullPollTwiceToKafkasDefault() {
    // 500 records, 3 attempts: waits of 100 and 200 ms per record, twice (batch, then one by one).
    assertThat(Subscriber.maxPollIntervalMs(base().build(), null)).isEqualTo(300_000 + 2 * 500 * 300);
  }

  @Test
  void aStoppingPolicyWaitsForNothingAndAGivenIntervalIsKeptForTheHandler() {
    assertThat(Subscriber.maxPollIntervalMs(base().onHandlerFailure(OnHandlerFailure.STOP).build(), null)).isEqualTo(300_000);
    assertThat(Subscriber.maxPollIntervalMs(base().maxPollRecords(10).build(), "60000")).isEqualTo(60_000 + 2 * 10 * 300);
  }

  @Test
  void longBackoffsAreCappedAtKafkasLargestInterval() {
    SubscriberConfig slow = base().maxAttempts(100).retryBackoff(Duration.ofMinutes(10)).maxRetryBackoff(Duration.ofMinutes(10)).build();
    assertThat(Subscriber.maxPollIntervalMs(slow, null)).isEqualTo(Integer.MAX_VALUE);
  }
}
