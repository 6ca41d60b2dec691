package io.emojireactions.apps.internal;

/** The validation rules the applications' config builders share, with one wording for each. */
public final class Checks {

  private Checks() {}

  /**
   * Returns {@code value} when it holds text.
   *
   * @throws IllegalArgumentException {@code "<field> must not be blank, but was '<value>'"} when it
   *     is null or blank
   */
  public static String requireText(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank, but was '" + value + "'");
    }
    return value;
  }
}
