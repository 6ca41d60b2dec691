package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.OutputMode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebugTableTest {

  private static final Instant T = Instant.parse("2025-10-29T22:31:00Z");

  @Test
  void rowsAreSortedByWindowRoomAndEmojiUnderAHeader() {
    String table = DebugTable.format(3, OutputMode.UPDATE, List.of(
        new DebugTable.Line(T.plusSeconds(2), T.plusSeconds(4), "global", "👍", 1, 1),
        new DebugTable.Line(T, T.plusSeconds(2), "match-1", "❤️", 1200, 1200),
        new DebugTable.Line(T, T.plusSeconds(2), "global", "😂", 7, 1)));
    assertThat(table.lines().toList()).containsExactly(
        "-- batch 3 (update): 3 rows",
        "window_start              window_end                room     emoji        count      scaled",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      global   😂               7           1",
        "2025-10-29T22:31:00Z      2025-10-29T22:31:02Z      match-1  ❤️            1200        1200",
        "2025-10-29T22:31:02Z      2025-10-29T22:31:04Z      global   👍               1           1");
  }

  @Test
  void anEmptyBatchPrintsOnlyItsHeadline() {
    assertThat(DebugTable.format(0, OutputMode.APPEND, List.of())).isEqualTo("-- batch 0 (append): 0 rows\n");
  }
}
