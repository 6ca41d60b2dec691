package io.emojireactions.apps.dashboard.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class BatchFeedTest {

  @Test
  void whatArrivesWhileTheSinkIsBusyBecomesTheNextBatchInOrderAndAtMostMaxBatch() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    CountDownLatch inFirst = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (BatchFeed<Integer> feed = new BatchFeed<>("test-feed", 1_000, 50, b -> {
      batches.add(b);
      if (b.contains(0)) {
        inFirst.countDown();
        try {
          release.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    })) {
      feed.offer(0);
      assertThat(inFirst.await(30, TimeUnit.SECONDS)).isTrue();
      for (int i = 1; i < 100; i++) {
        feed.offer(i); // the sink is busy with [0]: these queue up
      }
      release.countDown();
      Await.until("all 100 handed over", Duration.ofSeconds(30), () -> batches.stream().mapToInt(List::size).sum() == 100);
    }
    assertThat(batches).containsExactly(List.of(0), IntStream.rangeClosed(1, 50).boxed().toList(),
        IntStream.rangeClosed(51, 99).boxed().toList());
  }

  @Test
  void closeHandsOverWhatIsQueuedAndASinkFailureSkipsOnlyItsBatch() throws Exception {
    List<Integer> got = new CopyOnWriteArrayList<>();
    BatchFeed<Integer> feed = new BatchFeed<>("test-feed", 10_000, 1, b -> {
      if (b.get(0) == 3) {
        throw new IllegalStateException("boom");
      }
      got.addAll(b);
    });
    for (int i = 0; i < 1_000; i++) {
      feed.offer(i);
    }
    feed.close(Duration.ofSeconds(30));
    List<Integer> expected = new ArrayList<>(IntStream.range(0, 1_000).boxed().toList());
    expected.remove(Integer.valueOf(3));
    assertThat(got).isEqualTo(expected);
  }

  @Test
  void withALingerMessagesArrivingJustAfterTheFirstJoinItsBatch() throws Exception {
    List<List<Integer>> batches = new CopyOnWriteArrayList<>();
    // A long linger (2 s), so that the three offers below surely fall inside it, however slow the machine.
    try (BatchFeed<Integer> feed = new BatchFeed<>("test-feed", 1_000, 50, () -> TimeUnit.SECONDS.toNanos(2), batches::add)) {
      feed.offer(1);
      feed.offer(2);
      feed.offer(3);
      Await.until("the batch", Duration.ofSeconds(30), () -> !batches.isEmpty());
    }
    assertThat(batches).containsExactly(List.of(1, 2, 3));
  }

  @Test
  void settingsAreValidated() {
    assertThatThrownBy(() -> new BatchFeed<Integer>("x", 0, 1, b -> { })).hasMessageContaining("capacity must be > 0, but was 0");
    assertThatThrownBy(() -> new BatchFeed<Integer>("x", 1, 0, b -> { })).hasMessageContaining("maxBatch must be > 0, but was 0");
  }
}
