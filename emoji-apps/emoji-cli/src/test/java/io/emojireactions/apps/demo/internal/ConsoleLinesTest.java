package io.emojireactions.apps.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.apps.demo.Demo;
import io.emojireactions.testkit.ManualClock;
import io.emojireactions.pubsub.SubscribedMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsoleLinesTest {

  private static final Instant T0 = Instant.parse("2025-10-29T22:31:00Z");
  /** A Python-job aggregate, written as that job writes it: printed verbatim, read as room global. */
  private static final String PYTHON = "{\"window_start\": \"2025-10-29 22:31:00\", \"window_end\": \"2025-10-29 22:31:02\", "
      + "\"emoji\": \"👍\", \"reaction_count\": 3785, \"scaled_reactions\": 3785}";
  private static final String NEXT = "{\"room\":\"global\",\"window_start\":\"2025-10-29T22:31:02Z\",\"window_end\":\"2025-10-29T22:31:04Z\","
      + "\"emoji\":\"👍\",\"reaction_count\":1,\"scaled_reactions\":1,\"final\":false}";

  private static SubscribedMessage message(long offset, String value) {
    return new SubscribedMessage("emoji_cluster_1", 0, offset, T0, null, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
  }

  private static ConsoleLines lines(boolean printAggregates) {
    ManualClock clock = new ManualClock(T0.plusSeconds(1));
    return new ConsoleLines(ConsoleSummary.builder().clock(clock).lateness(Duration.ZERO).hold(Duration.ZERO).build(), printAggregates,
        Demo.AGGREGATE_PREFIX);
  }

  @Test
  void withPrintAggregatesEveryMessageIsPrintedAsPublishedBeforeTheSummaryItCloses() {
    ConsoleLines console = lines(true);
    assertThat(console.accept(message(0, PYTHON))).containsExactly("aggregate " + PYTHON);
    assertThat(console.accept(message(1, "not json"))).containsExactly("aggregate not json"); // printed as it came, as always
    assertThat(console.accept(message(2, NEXT))).containsExactly(
        "aggregate " + NEXT, "window 22:31:00-22:31:02 UTC | global: 👍 3785 | 1892.5 reactions/s | lag 0.0 s");
    assertThat(console.invalidMessages()).isEqualTo(1);
  }

  @Test
  void byDefaultOnlySummaryLinesAndBadMessagesAreSkipped() {
    ConsoleLines console = lines(false);
    assertThat(console.accept(message(0, PYTHON))).isEmpty();
    assertThat(console.accept(message(1, null))).isEmpty();
    assertThat(console.accept(message(2, "{\"room\":\"x\"}"))).isEmpty();
    assertThat(console.accept(message(3, NEXT))).containsExactly("window 22:31:00-22:31:02 UTC | global: 👍 3785 | 1892.5 reactions/s | lag 0.0 s");
    assertThat(console.invalidMessages()).isEqualTo(2);
    assertThat(console.accept(message(4, PYTHON))).isEmpty();
    assertThat(console.lateMessages()).isEqualTo(1);
  }
}
