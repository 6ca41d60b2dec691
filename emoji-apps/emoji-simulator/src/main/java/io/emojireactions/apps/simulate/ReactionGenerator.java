package io.emojireactions.apps.simulate;

import io.emojireactions.core.RejectReason;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.apps.simulate.internal.InvalidRecords;
import io.emojireactions.apps.simulate.internal.JsonText;
import io.emojireactions.apps.simulate.internal.ZipfSampler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A seeded, deterministic generator of seed-format reaction records with their exact ground
 * truth: the same configuration always yields the same records, byte for byte.
 *
 * <p>A valid record looks like the seed's Python client's:
 * {@code {"user_id":"user_42","emoji_type":"😂","timestamp":"2025-10-29T22:31:00.123456"}} plus
 * {@code "room"} when rooms are configured. Emojis are drawn from a list with Zipf skew (rank 1
 * most frequent). Record {@code i} of {@code n} has the nominal event time {@code start + span·i/n};
 * with a disorder bound {@code d} its actual time is up to {@code d} earlier, so the event-time
 * lag behind the maximum seen so far never exceeds {@code d} (a pipeline whose allowed lateness
 * is at least {@code d} drops nothing as late).
 *
 * <p>The generator keeps its own table of emoji variants ({@link #VARIANTS}: text-presentation
 * forms without U+FE0F) independent of emoji-core's normalizer, so comparing a pipeline's output
 * with {@link #groundTruth(Duration)} is a real cross-check. Invalid records come in one kind per
 * {@link RejectReason} (see {@link #SUPPORTED_REJECTS}).
 *
 * <p>Usage:
 * <pre>{@code
 * ReactionGenerator gen = ReactionGenerator.builder().seed(7).count(100_000).rooms(3)
 *     .variantFraction(0.2).invalidFraction(0.01).maxDisorder(Duration.ofSeconds(1)).build();
 * TopicIO.produceBytes(bootstrap, "emoji_reactions", gen.valueBytes());
 * GroundTruth truth = gen.groundTruth(Duration.ofSeconds(2));
 * }</pre>
 *
 * <p>Immutable and thread-safe; each call of {@link #records()} starts from the seed again.
 */
public final class ReactionGenerator {

  /** Thirty popular emojis in their canonical (fully-qualified) form, most popular first. */
  public static final List<String> DEFAULT_EMOJIS =
      List.of(
          "😂", "❤️", "🤣", "👍", "😭", "🙏", "😘", "🥰", "😍", "😊",
          "🎉", "😁", "💕", "🥺", "😅", "🔥", "☺️", "🤦", "♥️", "🤷",
          "🙄", "😆", "🤗", "😉", "🎂", "🤔", "👏", "🙂", "😳", "🥳");

  /**
   * Variant spelling → canonical emoji: the text-presentation forms (no U+FE0F) that the input
   * contract counts as the fully-qualified emoji. This generator's own table, on purpose.
   */
  public static final Map<String, String> VARIANTS =
      Map.of(
          "\u2764", "\u2764\uFE0F", // ❤ → ❤️
          "\u263A", "\u263A\uFE0F", // ☺ → ☺️
          "\u2665", "\u2665\uFE0F"); // ♥ → ♥️

  /** The reasons invalid records can be generated for. */
  public static final Set<RejectReason> SUPPORTED_REJECTS = InvalidRecords.SUPPORTED;

  /** The room of records without a {@code room} field. */
  public static final String DEFAULT_ROOM = "global";

  private final Builder config;
  private final List<String> emojis;
  private final ZipfSampler zipf;
  private final Map<String, String> variantOf;
  private final List<RejectReason> rejects;

  private ReactionGenerator(Builder b) {
    this.config = b.copy();
    this.emojis = List.copyOf(b.emojis);
    this.zipf = new ZipfSampler(emojis.size(), b.zipfExponent);
    Map<String, String> inverse = new HashMap<>();
    VARIANTS.forEach((variant, canonical) -> inverse.put(canonical, variant));
    this.variantOf = Map.copyOf(inverse);
    this.rejects = List.copyOf(b.rejectReasons);
  }

  /** A builder with the defaults: seed 42, 10,000 records, no rooms, 30 emojis, Zipf 1.0, 60 s from 2025-10-29T22:31:00Z. */
  public static Builder builder() {
    return new Builder();
  }

  /** The canonical form of {@code emoji} by this generator's own table. */
  public static String canonical(String emoji) {
    return VARIANTS.getOrDefault(emoji, emoji);
  }

  public long count() {
    return config.count;
  }

  /** The records, in production order; a fresh, identical sequence on every call. */
  public Stream<GeneratedRecord> records() {
    return StreamSupport.stream(
        Spliterators.spliterator(
            new Cursor(), config.count, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.SIZED),
        false);
  }

  /** The record values, in order. Materializes them all: for small and medium sets. */
  /** The record values in generation order, as bytes (a stream over {@link #records()}). */
  public Stream<byte[]> valueBytes() {
    return records().map(GeneratedRecord::bytes);
  }

  public List<String> values() {
    return records().map(GeneratedRecord::value).collect(Collectors.toCollection(ArrayList::new));
  }

  /** The exact expected counts and rejects for tumbling windows of {@code windowSize}. */
  public GroundTruth groundTruth(Duration windowSize) {
    long sizeMs = TumblingWindows.of(windowSize).sizeMs();
    Map<GroundTruth.WindowKey, Long> counts = new HashMap<>();
    Map<RejectReason, Long> rejected = new EnumMap<>(RejectReason.class);
    Iterator<GeneratedRecord> it = new Cursor();
    long total = 0;
    while (it.hasNext()) {
      GeneratedRecord r = it.next();
      total++;
      if (r.valid()) {
        counts.merge(
            new GroundTruth.WindowKey(r.room(), TumblingWindows.windowStart(r.eventTimeMs(), sizeMs), r.canonicalEmoji()),
            1L,
            Long::sum);
      } else {
        rejected.merge(r.expectedReject(), 1L, Long::sum);
      }
    }
    return new GroundTruth(sizeMs, counts, rejected, total);
  }

  /** One pass over the records; all randomness comes from one seeded stream. */
  private final class Cursor implements Iterator<GeneratedRecord> {
    private final SplittableRandom random = new SplittableRandom(config.seed);
    private final long startMicros = Math.addExact(Math.multiplyExact(config.start.getEpochSecond(), 1_000_000L), config.start.getNano() / 1_000);
    private final long spanMicros = config.span.toNanos() / 1_000;
    private final long disorderMicros = config.maxDisorder.toNanos() / 1_000;
    private final StringBuilder text = new StringBuilder(160);
    private long index;

    @Override
    public boolean hasNext() {
      return index < config.count;
    }

    @Override
    public GeneratedRecord next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      long i = index++;
      long nominal = startMicros + interpolate(spanMicros, i, config.count);
      long eventMicros = nominal - (disorderMicros > 0 ? random.nextLong(disorderMicros + 1) : 0);
      String userId = "user_" + (1 + random.nextInt(config.users));
      String canonical = canonical(emojis.get(zipf.sample(random)));
      String room = config.rooms.isEmpty() ? null : config.rooms.get(random.nextInt(config.rooms.size()));
      String written = canonical;
      String variant = variantOf.get(canonical);
      if (variant != null && config.variantFraction > 0 && random.nextDouble() < config.variantFraction) {
        written = variant;
      }
      String timestampText = naiveTimestamp(eventMicros);
      String timestampJson = timestampJson(eventMicros, timestampText);
      text.setLength(0);
      text.append('{');
      JsonText.appendField(text, true, "user_id", userId);
      JsonText.appendField(text, false, "emoji_type", written);
      text.append(",\"timestamp\":").append(timestampJson);
      if (room != null) {
        JsonText.appendField(text, false, "room", room);
      }
      text.append('}');
      String valid = text.toString();
      if (config.invalidFraction > 0 && random.nextDouble() < config.invalidFraction) {
        RejectReason reason = rejects.get(random.nextInt(rejects.size()));
        String broken =
            InvalidRecords.make(reason, random, valid, userId, written, timestampText, room, config.maxRecordBytes);
        return new GeneratedRecord(broken, reason, null, null, 0);
      }
      return new GeneratedRecord(
          valid, null, room == null ? DEFAULT_ROOM : room, canonical, Math.floorDiv(eventMicros, 1_000L));
    }

    /** {@code span * i / count}, exact in long arithmetic unless the product overflows. */
    private long interpolate(long span, long i, long count) {
      long high = Math.multiplyHigh(span, i);
      long product = span * i;
      if ((high == 0 && product >= 0) || (high == -1 && product < 0)) {
        return product / count;
      }
      return (long) ((double) span * i / count);
    }

    private String naiveTimestamp(long eventMicros) {
      return JsonText.appendLocalDateTime(new StringBuilder(26), eventMicros, 0).toString();
    }

    /** The seed's naive form, or (for a configured fraction) another accepted form of the same instant. */
    private String timestampJson(long eventMicros, String naive) {
      if (config.alternateTimestampFraction == 0 || random.nextDouble() >= config.alternateTimestampFraction) {
        return "\"" + naive + "\"";
      }
      switch (random.nextInt(3)) {
        case 0:
          return "\"" + naive + "Z\"";
        case 1:
          {
            int offsetHours = random.nextInt(-11, 13);
            String sign = offsetHours < 0 ? "-" : "+";
            int abs = Math.abs(offsetHours);
            return "\"" + JsonText.appendLocalDateTime(new StringBuilder(), eventMicros, offsetHours * 3600)
                + sign + (abs < 10 ? "0" : "") + abs + ":00\"";
          }
        default:
          return Long.toString(Math.floorDiv(eventMicros, 1_000L)); // epoch milliseconds, a JSON number
      }
    }
  }

  /** Options of a {@link ReactionGenerator}; {@link #build()} validates them. Not thread-safe. */
  public static final class Builder {
    private long seed = 42;
    private long count = 10_000;
    private List<String> rooms = List.of();
    private List<String> emojis = DEFAULT_EMOJIS;
    private double zipfExponent = 1.0;
    private int users = 10_000;
    private Instant start = Instant.parse("2025-10-29T22:31:00Z");
    private Duration span = Duration.ofSeconds(60);
    private Duration maxDisorder = Duration.ZERO;
    private double variantFraction;
    private double invalidFraction;
    private Set<RejectReason> rejectReasons = EnumSet.copyOf(InvalidRecords.SUPPORTED);
    private double alternateTimestampFraction;
    private int maxRecordBytes = 4096;

    private Builder() {}

    private Builder copy() {
      Builder b = new Builder();
      b.seed = seed;
      b.count = count;
      b.rooms = List.copyOf(rooms);
      b.emojis = List.copyOf(emojis);
      b.zipfExponent = zipfExponent;
      b.users = users;
      b.start = start;
      b.span = span;
      b.maxDisorder = maxDisorder;
      b.variantFraction = variantFraction;
      b.invalidFraction = invalidFraction;
      b.rejectReasons = EnumSet.copyOf(rejectReasons);
      b.alternateTimestampFraction = alternateTimestampFraction;
      b.maxRecordBytes = maxRecordBytes;
      return b;
    }

    public Builder seed(long value) {
      this.seed = value;
      return this;
    }

    /** Number of records, valid and invalid, >= 0. */
    public Builder count(long value) {
      if (value < 0) {
        throw new IllegalArgumentException("count must be >= 0, but was " + value);
      }
      this.count = value;
      return this;
    }

    /** Rooms drawn uniformly; each record then has a {@code "room"} field. Empty: no room field. */
    public Builder rooms(List<String> names) {
      for (String name : Objects.requireNonNull(names, "rooms")) {
        if (name == null || name.isBlank()) {
          throw new IllegalArgumentException("room names must not be blank, but rooms were " + names);
        }
      }
      this.rooms = List.copyOf(names);
      return this;
    }

    /** Rooms {@code room-1 .. room-n}; 0 for no room field. */
    public Builder rooms(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("rooms must be >= 0, but was " + n);
      }
      return rooms(IntStream.rangeClosed(1, n).mapToObj(i -> "room-" + i).collect(Collectors.toList()));
    }

    /** The emojis, most frequent first; canonical forms or {@link #VARIANTS} keys (counted canonically). */
    public Builder emojis(List<String> values) {
      if (values == null || values.isEmpty() || values.stream().anyMatch(e -> e == null || e.isBlank())) {
        throw new IllegalArgumentException("emojis must be a non-empty list of non-blank strings, but was " + values);
      }
      this.emojis = List.copyOf(values);
      return this;
    }

    /** Zipf exponent of the emoji popularity, >= 0 (0: uniform); default 1.0. */
    public Builder zipfExponent(double value) {
      if (!(value >= 0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("zipfExponent must be a finite number >= 0, but was " + value);
      }
      this.zipfExponent = value;
      return this;
    }

    /** Distinct user ids {@code user_1 .. user_n}, >= 1; default 10,000. */
    public Builder users(int n) {
      if (n < 1) {
        throw new IllegalArgumentException("users must be >= 1, but was " + n);
      }
      this.users = n;
      return this;
    }

    /** The nominal event time of the first record; default 2025-10-29T22:31:00Z. Microsecond precision. */
    public Builder start(Instant value) {
      this.start = Objects.requireNonNull(value, "start");
      return this;
    }

    /** Nominal event times spread evenly over {@code [start, start + span)}; >= 0; default 60 s. */
    public Builder span(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("span must be >= 0, but was " + value);
      }
      this.span = value;
      return this;
    }

    /** Each event time is up to this much earlier than its nominal time; >= 0; default 0 (in order). */
    public Builder maxDisorder(Duration value) {
      if (value == null || value.isNegative()) {
        throw new IllegalArgumentException("maxDisorder must be >= 0, but was " + value);
      }
      this.maxDisorder = value;
      return this;
    }

    /** Probability that a record of an emoji with a variant spelling uses it; 0..1; default 0. */
    public Builder variantFraction(double value) {
      this.variantFraction = fraction("variantFraction", value);
      return this;
    }

    /** Probability that a record is invalid; 0..1; default 0. */
    public Builder invalidFraction(double value) {
      this.invalidFraction = fraction("invalidFraction", value);
      return this;
    }

    /** The kinds of invalid records, drawn uniformly; default all of {@link #SUPPORTED_REJECTS}. */
    public Builder rejectReasons(Set<RejectReason> reasons) {
      if (reasons == null || reasons.isEmpty() || !InvalidRecords.SUPPORTED.containsAll(reasons)) {
        throw new IllegalArgumentException(
            "rejectReasons must be a non-empty subset of " + InvalidRecords.SUPPORTED + ", but was " + reasons);
      }
      this.rejectReasons = EnumSet.copyOf(reasons);
      return this;
    }

    /**
     * Probability that a valid record's timestamp uses another accepted form (with {@code Z}, with
     * an offset, or epoch milliseconds as a number) instead of the seed's naive UTC text; default 0.
     */
    public Builder alternateTimestampFraction(double value) {
      this.alternateTimestampFraction = fraction("alternateTimestampFraction", value);
      return this;
    }

    /** The record size limit that TOO_LARGE records exceed; default 4096 (the parser's default). */
    public Builder maxRecordBytes(int value) {
      if (value < 256) {
        throw new IllegalArgumentException("maxRecordBytes must be >= 256, but was " + value);
      }
      this.maxRecordBytes = value;
      return this;
    }

    public ReactionGenerator build() {
      return new ReactionGenerator(this);
    }

    private static double fraction(String name, double value) {
      if (!(value >= 0 && value <= 1)) {
        throw new IllegalArgumentException(name + " must be in 0..1, but was " + value);
      }
      return value;
    }
  }
}
