package io.emojireactions.core;

/**
 * Why an input record was rejected. The names are a contract: they appear in the DLQ topic,
 * in HTTP 400 answers and in metrics.
 */
public enum RejectReason {
  /** Not parseable as one JSON object (includes truncated input, non-UTF-8 bytes, trailing data). */
  MALFORMED_JSON,
  /** A required field ({@code user_id}, {@code emoji_type}, {@code timestamp}) is absent or null. */
  MISSING_FIELD,
  /** A field has the wrong JSON type (e.g. {@code user_id} is a number, the root is an array). */
  BAD_FIELD_TYPE,
  /** A field is present but its value is not acceptable (empty or too long {@code user_id}, bad {@code room}). */
  BAD_FIELD_VALUE,
  /**
   * {@code timestamp} is not one of the accepted forms or is out of range (a negative epoch
   * number, an epoch number of 1e20 or more, a date-time before 1970 or after 9999).
   */
  BAD_TIMESTAMP,
  /** {@code timestamp} is further ahead of the receiving clock than the allowed skew. */
  FUTURE_TIMESTAMP,
  /** {@code emoji_type} is not exactly one emoji. */
  NOT_AN_EMOJI,
  /** The record is larger than the configured limit. */
  TOO_LARGE,
  /**
   * The reaction's room (or {@code global}, for a record without one) is valid but refused by the
   * configured {@link RoomPolicy}.
   */
  ROOM_NOT_ALLOWED
}
