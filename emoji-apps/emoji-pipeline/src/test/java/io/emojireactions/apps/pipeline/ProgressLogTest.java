package io.emojireactions.apps.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProgressLogTest {

  @Test
  void lineNamesBatchInputRateLateDlqDurationAndWatermark() {
    assertThat(ProgressLog.line(12, 500_000, 210_345.6, 3, 17, 2377, "2025-10-29T22:31:00.000Z"))
        .isEqualTo("batch=12 input=500000 rows/s=210346 late_dropped=3 dlq=17 duration_ms=2377 "
            + "watermark=2025-10-29T22:31:00.000Z");
  }

  @Test
  void anIdleBatchHasZeroRateAndNoWatermarkYet() {
    assertThat(ProgressLog.line(0, 0, Double.NaN, 0, 0, 5, null))
        .isEqualTo("batch=0 input=0 rows/s=0 late_dropped=0 dlq=0 duration_ms=5 watermark=none");
  }
}
