package io.emojireactions.apps.simulate;

import io.emojireactions.core.RejectReason;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One generated input record and what a correct pipeline must make of it.
 *
 * @param value the record value: seed-format JSON text (or deliberately broken text)
 * @param expectedReject null for a valid record; otherwise the reason it must be rejected with
 * @param room for a valid record the room it counts in ({@code "global"} when the JSON has none)
 * @param canonicalEmoji for a valid record the fully-qualified emoji it counts as
 * @param eventTimeMs for a valid record its event time, epoch milliseconds (the JSON's
 *     microseconds truncated)
 */
public record GeneratedRecord(
    String value, RejectReason expectedReject, String room, String canonicalEmoji, long eventTimeMs) {

  public GeneratedRecord {
    Objects.requireNonNull(value, "value");
    if (expectedReject == null) {
      Objects.requireNonNull(room, "room of a valid record");
      Objects.requireNonNull(canonicalEmoji, "canonicalEmoji of a valid record");
    }
  }

  /** True when a correct pipeline counts this record. */
  public boolean valid() {
    return expectedReject == null;
  }

  /** {@link #value()} as UTF-8, as it goes into Kafka. */
  public byte[] bytes() {
    return value.getBytes(StandardCharsets.UTF_8);
  }
}
