package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonToken;
import io.emojireactions.core.RejectReason;

/**
 * The field values read from one record, before the field rules run. A token of {@code null}
 * means the field was absent; the value fields are set only for the token types the rules accept.
 */
final class RecordFields {
  JsonToken userIdToken;
  String userId;
  JsonToken emojiToken;
  String emoji;
  JsonToken roomToken;
  String room;
  JsonToken timestampToken;
  /**
   * The raw timestamp as read by {@link FlatRecordScanner}: text (ASCII), or a number's whole part
   * and the milliseconds of its fraction's first three digits (0 for an integer).
   */
  char[] timestampText;
  long timestampInteger;
  int timestampFractionMillis;
  /** The accepted event time, once a timestamp rule has passed. */
  long timestampMs;
  /** Non-null when the timestamp value was present but unacceptable. */
  RejectReason timestampReason;
  String timestampProblem;
}
