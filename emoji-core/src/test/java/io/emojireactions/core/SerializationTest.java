package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Spark ships closures with Java serialization; the values it may capture must survive it. */
class SerializationTest {

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
        out.writeObject(value);
      }
      try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        return (T) in.readObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void parserSurvivesSerializationWithItsConfigAndStillParses() {
    ReactionParser parser = ReactionParser.create(
        ReactionParser.Config.builder().foldSkinTones(true).defaultZone(ZoneId.of("Europe/Paris")).build());

    ReactionParser copy = roundTrip(parser);

    assertThat(copy.config()).isEqualTo(parser.config());
    ParseResult r = copy.parse("{\"user_id\":\"u\",\"emoji_type\":\"👍🏽\",\"timestamp\":\"2025-07-01T12:00:00\"}"
        .getBytes(StandardCharsets.UTF_8));
    assertThat(r).isEqualTo(parser.parse("{\"user_id\":\"u\",\"emoji_type\":\"👍\",\"timestamp\":\"2025-07-01T10:00:00Z\"}"
        .getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void policiesWindowsConfigsAndRecordsSurviveSerialization() {
    ScalingPolicy policy = ScalingPolicy.parse("tiers:50=1,1000=/10,else=count");
    WindowedAggregator.Config config = WindowedAggregator.Config.builder()
        .window(TumblingWindows.of(Duration.ofSeconds(5))).lateness(Duration.ofSeconds(1)).outputMode(OutputMode.APPEND).scaling(policy).build();
    WindowedCount count = new WindowedCount("global", new TimeWindow(0, 2000), "❤️", 120, 12, false);

    assertThat(roundTrip(policy)).isEqualTo(policy);
    assertThat(roundTrip(policy).apply(500)).isEqualTo(50);
    assertThat(roundTrip(config)).isEqualTo(config);
    assertThat(roundTrip(config).window().sizeMs()).isEqualTo(5000);
    assertThat(roundTrip(config).scaling()).isEqualTo(policy);
    assertThat(roundTrip(count)).isEqualTo(count);
    assertThat(roundTrip(new ParseResult.Rejected(RejectReason.TOO_LARGE, "x"))).isEqualTo(new ParseResult.Rejected(RejectReason.TOO_LARGE, "x"));
  }
}
