package io.emojireactions.spark.internal;

import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.RoomPolicy;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;

/**
 * The serializable form of {@link ReactionParser.Config}: Spark ships it to executors, where each
 * partition builds its own parser from it. The clock of the future-skew check is the executor's
 * UTC system clock (a clock cannot travel to another JVM). The room policy travels as itself
 * (serializable; its pattern is compiled again on the executor).
 */
public record ParserSettings(
    int maxRecordBytes, String defaultZone, boolean foldSkinTones, Long maxFutureSkewMs, RoomPolicy roomPolicy)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static ParserSettings of(ReactionParser.Config config) {
    return new ParserSettings(
        config.maxRecordBytes(),
        config.defaultZone().getId(),
        config.foldSkinTones(),
        config.maxFutureSkew() == null ? null : config.maxFutureSkew().toMillis(),
        config.roomPolicy());
  }

  public ReactionParser.Config toConfig() {
    return ReactionParser.Config.builder()
        .maxRecordBytes(maxRecordBytes)
        .defaultZone(ZoneId.of(defaultZone))
        .foldSkinTones(foldSkinTones)
        .maxFutureSkew(maxFutureSkewMs == null ? null : Duration.ofMillis(maxFutureSkewMs))
        .clock(Clock.systemUTC())
        .roomPolicy(roomPolicy)
        .build();
  }
}
