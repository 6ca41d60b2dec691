package io.emojireactions.core.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonToken;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Which shapes the fast path takes (the rest go to Jackson; ReactionParserFastPathTest checks both agree). */
class FlatRecordScannerTest {

  private static boolean scan(String json, RecordFields f) {
    return FlatRecordScanner.scan(json.getBytes(StandardCharsets.UTF_8), f);
  }

  @Test
  void readsTheSeedsShapeWithAStringTimestamp() {
    RecordFields f = new RecordFields();
    assertTrue(scan("{\"user_id\": \"u1\", \"emoji_type\": \"\uD83D\uDD25\", \"timestamp\": \"2026-11-28T11:59:59.5\"}", f));
    assertEquals("u1", f.userId);
    assertEquals("\uD83D\uDD25", f.emoji);
    assertEquals(JsonToken.VALUE_STRING, f.timestampToken);
    assertArrayEquals("2026-11-28T11:59:59.5".toCharArray(), f.timestampText);
    assertEquals(null, f.roomToken);
  }

  @Test
  void readsEpochMillisAndARoomInAnyOrderWithWhitespace() {
    RecordFields f = new RecordFields();
    assertTrue(scan(" {\"room\" :\"r\",\n\"timestamp\":0 ,\"emoji_type\":\"\u2764\",\t\"user_id\":\"\u00e9\"}\r\n", f));
    assertEquals(JsonToken.VALUE_NUMBER_INT, f.timestampToken);
    assertEquals(0L, f.timestampInteger);
    assertEquals("r", f.room);
    assertEquals("\u00e9", f.userId);
    RecordFields g = new RecordFields();
    assertTrue(scan("{\"timestamp\":999999999999999999}", g));
    assertEquals(999_999_999_999_999_999L, g.timestampInteger);
  }

  @Test
  void readsAFractionalEpochNumberAsItsWholePartAndTheMillisecondsOfItsFraction() {
    RecordFields f = new RecordFields();
    assertTrue(scan("{\"timestamp\":1761777060.1239}", f));
    assertEquals(JsonToken.VALUE_NUMBER_FLOAT, f.timestampToken);
    assertEquals(1_761_777_060L, f.timestampInteger);
    assertEquals(123, f.timestampFractionMillis);
    RecordFields g = new RecordFields();
    assertTrue(scan("{\"timestamp\":0.5 }", g));
    assertEquals(0L, g.timestampInteger);
    assertEquals(500, g.timestampFractionMillis);
    RecordFields h = new RecordFields();
    assertTrue(scan("{\"timestamp\":7." + "0".repeat(17) + "1}", h));
    assertEquals(7L, h.timestampInteger);
    assertEquals(0, h.timestampFractionMillis);
  }

  @Test
  void leavesEveryOtherShapeToJackson() {
    String[] others = {
      "", "[]", "{}", "{\"user_id\":\"u\",}", "{\"other\":\"x\"}", "{\"user_id\":\"a\",\"user_id\":\"b\"}",
      "{\"user_id\":\"a\\\"b\"}", "{\"user_id\":\"a\u0001\"}", "{\"user_id\":null}", "{\"user_id\":1}",
      "{\"timestamp\":01}", "{\"timestamp\":1.}", "{\"timestamp\":1.5e3}", "{\"timestamp\":1e3}", "{\"timestamp\":-1}",
      "{\"timestamp\":01.5}", "{\"timestamp\":.5}", "{\"timestamp\":1.5.5}", "{\"timestamp\":1." + "5".repeat(19) + "}",
      "{\"timestamp\":1000000000000000000}", "{\"timestamp\":12x}", "{\"timestamp\":\"\u00e92026\"}",
      "{\"room\":\"r\"} x", "{\"room\":\"r\"", "{\"room\" \"r\"}", "{\"room\":{\"a\":1}}", "{\"user\\u005fid\":\"u\"}",
    };
    for (String json : others) {
      assertFalse(scan(json, new RecordFields()), json);
    }
  }
}
