package io.emojireactions.apps.simulate;

import io.emojireactions.testkit.RecordFuzzer;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.EmojiNormalizer;
import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.RejectReason;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Core-level fuzz: seeded mutants of valid records ({@link RecordFuzzer}) through core's
 * {@link ReactionParser}. Invariants for every record: parsing never throws; the result is either
 * a valid reaction that satisfies the input contract, or a rejection with a reason and a short,
 * well-formed message; and parsing is deterministic.
 *
 * <p>50,000 records in {@code mvn verify}; the 1M-record run:
 * {@code mvn -pl emoji-apps/emoji-simulator -am test -Dtest=ReactionParserFuzzTest -Dsurefire.failIfNoSpecifiedTests=false -Dfuzz.records=1000000}
 * (optionally {@code -Dfuzz.seed=N}).
 */
class ReactionParserFuzzTest {

  private static final Duration SKEW = Duration.ofSeconds(2);
  /** A fixed clock: the FUTURE_TIMESTAMP message names the distance to it, so results stay comparable. */
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final EmojiNormalizer NORMALIZER = EmojiNormalizer.create(false);

  @Test
  void mutantsOfValidRecordsAreNeverAnExceptionAlwaysValidOrRejectedWithAReason() {
    long count = Long.getLong("fuzz.records", 50_000);
    long seed = Long.getLong("fuzz.seed", 20261128);
    ReactionParser parser = ReactionParser.create(ReactionParser.Config.builder().maxFutureSkew(SKEW).clock(Clock.fixed(NOW, java.time.ZoneOffset.UTC)).build());
    RecordFuzzer fuzzer = RecordFuzzer.seeded(seed);
    Iterator<GeneratedRecord> source = ReactionGenerator.builder().seed(seed).count(count).rooms(5)
        .variantFraction(0.3).alternateTimestampFraction(0.3).build().records().iterator();
    Map<RejectReason, Long> rejects = new EnumMap<>(RejectReason.class);
    long valid = 0;
    long started = System.nanoTime();
    while (source.hasNext()) {
      RecordFuzzer.Mutant mutant = fuzzer.mutate(source.next().bytes());
      ParseResult result;
      try {
        result = parser.parse(mutant.bytes());
      } catch (RuntimeException e) {
        throw new AssertionError("parser threw on " + describe(mutant), e);
      }
      if (result instanceof ParseResult.Valid v) {
        assertContract(v.reaction(), mutant);
        valid++;
      } else {
        ParseResult.Rejected r = (ParseResult.Rejected) result;
        if (r.message().isBlank() || r.message().length() >= 400 || !wellFormed(r.message())) {
          throw new AssertionError("bad message '" + r.message() + "' for " + describe(mutant));
        }
        rejects.merge(r.reason(), 1L, Long::sum);
      }
      if (!parser.parse(mutant.bytes()).equals(result)) {
        throw new AssertionError("parser is not deterministic on " + describe(mutant));
      }
    }
    long rejected = rejects.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("ReactionParserFuzzTest: seed %d, %d mutants in %d ms: %d valid, %d rejected %s%n",
        seed, count, (System.nanoTime() - started) / 1_000_000, valid, rejected, rejects);
    assertThat(valid + rejected).isEqualTo(count);
    // The mutator reaches deep: both outcomes, and most reasons.
    assertThat(valid).isPositive();
    assertThat(rejected).isGreaterThan(count / 2);
    assertThat(rejects.keySet()).contains(RejectReason.MALFORMED_JSON, RejectReason.BAD_FIELD_TYPE, RejectReason.MISSING_FIELD,
        RejectReason.BAD_FIELD_VALUE, RejectReason.BAD_TIMESTAMP, RejectReason.FUTURE_TIMESTAMP, RejectReason.NOT_AN_EMOJI);
  }

  private static void assertContract(Reaction r, RecordFuzzer.Mutant mutant) {
    boolean ok = !r.userId().isEmpty() && r.userId().codePointCount(0, r.userId().length()) <= 128
        && r.userId().chars().noneMatch(Character::isISOControl) && wellFormed(r.userId())
        && !r.room().isEmpty() && wellFormed(r.room())
        && NORMALIZER.normalize(r.emoji()).equals(java.util.Optional.of(r.emoji()))
        && !r.eventTime().isBefore(Instant.EPOCH) && !r.eventTime().isAfter(NOW.plus(SKEW));
    if (!ok) {
      throw new AssertionError("accepted a reaction that breaks the contract: " + r + " from " + describe(mutant));
    }
  }

  private static boolean wellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  private static String describe(RecordFuzzer.Mutant m) {
    String text = new String(m.bytes(), StandardCharsets.UTF_8);
    return m.mutations() + " " + (text.length() > 300 ? text.substring(0, 300) + "…" : text);
  }
}
