package io.emojireactions.apps.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.emojireactions.core.ReactionParser;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The ingest server's settings: defaults, one message per invalid field, copies, no token in print. */
class IngestConfigTest {

  private static void assertRejected(UnaryOperator<IngestConfig.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(IngestConfig.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsListenEverywhereOn8080AndFlushAt20000ReactionsOr500Ms() {
    IngestConfig c = IngestConfig.defaults();
    assertThat(c.host()).isEqualTo("0.0.0.0");
    assertThat(c.port()).isEqualTo(8080);
    assertThat(c.topic()).isEqualTo("emoji_reactions").isEqualTo(IngestConfig.DEFAULT_TOPIC);
    assertThat(c.bufferCapacity()).isEqualTo(200_000);
    assertThat(c.flushRecords()).isEqualTo(20_000);
    assertThat(c.flushInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(c.maxBatchBytes()).isEqualTo(8 * 1024 * 1024);
    assertThat(c.userRatePerSecond()).isZero();
    assertThat(c.bearerToken()).isNull();
    assertThat(c.parser()).isEqualTo(ReactionParser.Config.defaults());
    assertThat(c.shutdownTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(IngestConfig.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void everyInvalidFieldIsNamedWithItsValue() {
    assertRejected(b -> b.host(" "), "host must not be blank, but was ' '");
    assertRejected(b -> b.host(null), "host must not be blank, but was null");
    assertRejected(b -> b.port(-1), "port must be in 0..65535, but was -1");
    assertRejected(b -> b.port(65_536), "port must be in 0..65535, but was 65536");
    assertRejected(b -> b.topic(""), "topic must not be blank, but was ''");
    assertRejected(b -> b.bufferCapacity(0), "bufferCapacity must be >= 1, but was 0");
    assertRejected(b -> b.flushRecords(0), "flushRecords must be >= 1, but was 0");
    assertRejected(b -> b.flushInterval(Duration.ZERO), "flushInterval must be > 0, but was PT0S");
    assertRejected(b -> b.flushInterval(null), "flushInterval must be > 0, but was null");
    assertRejected(b -> b.maxBatchBytes(0), "maxBatchBytes must be >= 1, but was 0");
    assertRejected(b -> b.userRatePerSecond(-1), "userRatePerSecond must be a finite number >= 0, but was -1.0");
    assertRejected(b -> b.userRatePerSecond(Double.NaN), "userRatePerSecond must be a finite number >= 0, but was NaN");
    assertRejected(b -> b.userRatePerSecond(Double.POSITIVE_INFINITY), "userRatePerSecond must be a finite number >= 0, but was Infinity");
    assertRejected(b -> b.bearerToken("  "), "bearerToken must not be blank when set");
    assertRejected(b -> b.parser(null), "parser must be a parser config, but was null");
    assertRejected(b -> b.shutdownTimeout(Duration.ofMillis(-1)), "shutdownTimeout must be >= 0, but was PT-0.001S");
  }

  @Test
  void toBuilderCopiesEverySettingAndLeavesTheOriginalAlone() {
    IngestConfig c = IngestConfig.builder().host("127.0.0.1").port(0).topic("t").bufferCapacity(3).flushRecords(1)
        .flushInterval(Duration.ofMillis(10)).maxBatchBytes(100).userRatePerSecond(2.5).bearerToken("s3cret")
        .parser(ReactionParser.Config.builder().maxRecordBytes(100).build()).shutdownTimeout(Duration.ZERO).build();

    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    IngestConfig changed = c.toBuilder().port(9000).bearerToken(null).build();
    assertThat(changed.port()).isEqualTo(9000);
    assertThat(changed.bearerToken()).isNull();
    assertThat(changed.parser().maxRecordBytes()).isEqualTo(100);
    assertThat(c.port()).isZero();
    assertThat(c.bearerToken()).isEqualTo("s3cret");
  }

  @Test
  void toStringNeverShowsTheToken() {
    IngestConfig c = IngestConfig.builder().bearerToken("s3cret").build();
    assertThat(c.toString()).contains("bearerToken=(hidden)", "port=8080").doesNotContain("s3cret");
    assertThat(IngestConfig.defaults().toString()).contains("bearerToken=none");
  }
}
