package io.emojireactions.core.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;

/** The one shared, thread-safe Jackson factory of the core module (streaming API only). */
public final class Json {

  /** Nesting deeper than this is malformed input: no contract message nests more than two levels. */
  public static final int MAX_NESTING_DEPTH = 32;

  /**
   * Strict duplicate detection (a record with two {@code timestamp}s is ambiguous), no source
   * excerpts in error locations (messages must never echo input), bounded nesting and numbers.
   */
  public static final JsonFactory FACTORY =
      new JsonFactoryBuilder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING_DEPTH).maxNumberLength(256).build())
          .build();

  private Json() {}
}
