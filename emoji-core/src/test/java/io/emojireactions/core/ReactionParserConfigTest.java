package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The parser's settings: defaults, one message per invalid field, copies. */
class ReactionParserConfigTest {

  private static void assertRejected(UnaryOperator<ReactionParser.Config.Builder> change, String message) {
    assertThatThrownBy(() -> change.apply(ReactionParser.Config.builder()).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }

  @Test
  void defaultsAre4096BytesUtcNoFoldingNoSkewCheckAndTheUtcSystemClock() {
    ReactionParser.Config c = ReactionParser.Config.defaults();
    assertThat(c.maxRecordBytes()).isEqualTo(ReactionParser.Config.DEFAULT_MAX_RECORD_BYTES).isEqualTo(4096);
    assertThat(c.defaultZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(c.foldSkinTones()).isFalse();
    assertThat(c.maxFutureSkew()).isNull();
    assertThat(c.clock()).isEqualTo(Clock.systemUTC());
    assertThat(ReactionParser.Config.builder().build()).isEqualTo(c).hasSameHashCodeAs(c);
  }

  @Test
  void everyInvalidFieldIsNamedWithItsValue() {
    assertRejected(b -> b.maxRecordBytes(-1), "maxRecordBytes must be > 0, but was -1");
    assertRejected(b -> b.maxRecordBytes(0), "maxRecordBytes must be > 0, but was 0");
    assertRejected(b -> b.defaultZone(null), "defaultZone must be a zone, but was null");
    assertRejected(b -> b.maxFutureSkew(Duration.ofSeconds(-1)), "maxFutureSkew must be >= 0, but was PT-1S");
    assertRejected(b -> b.clock(null), "clock must be a clock, but was null");
  }

  @Test
  void toBuilderCopiesEverySettingAndLeavesTheOriginalAlone() {
    Clock clock = Clock.fixed(Instant.parse("2025-10-29T22:31:00Z"), ZoneOffset.UTC);
    ReactionParser.Config c = ReactionParser.Config.builder().maxRecordBytes(100).defaultZone(ZoneId.of("Europe/Paris"))
        .foldSkinTones(true).maxFutureSkew(Duration.ofSeconds(2)).clock(clock).build();

    assertThat(c.toBuilder().build()).isEqualTo(c).hasSameHashCodeAs(c).hasToString(c.toString());
    ReactionParser.Config changed = c.toBuilder().maxRecordBytes(200).build();
    assertThat(changed.maxRecordBytes()).isEqualTo(200);
    assertThat(changed.defaultZone()).isEqualTo(ZoneId.of("Europe/Paris"));
    assertThat(changed.clock()).isSameAs(clock);
    assertThat(c.maxRecordBytes()).isEqualTo(100);
    assertThat(changed).isNotEqualTo(c);
    assertThat(c.toBuilder().maxFutureSkew(null).build().maxFutureSkew()).isNull();
  }

  @Test
  void toStringNamesEverySetting() {
    assertThat(ReactionParser.Config.defaults().toString())
        .contains("maxRecordBytes=4096", "defaultZone=Z", "foldSkinTones=false", "maxFutureSkew=off");
  }
}
