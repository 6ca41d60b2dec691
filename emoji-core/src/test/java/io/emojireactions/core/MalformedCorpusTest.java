package io.emojireactions.core;

import io.emojireactions.testkit.HostileCorpus;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class MalformedCorpusTest {

  /** The corpus's parser: defaults plus the far-future defence (see docs/semantics.md). */
  private static final ReactionParser PARSER = ReactionParser.create(
      ReactionParser.Config.builder().maxFutureSkew(java.time.Duration.ofSeconds(2)).build());

  static Stream<HostileCorpus.Case> cases() {
    return HostileCorpus.load().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachMalformedInputIsRejectedWithItsReasonAndAShortMessage(HostileCorpus.Case c) {
    ParseResult result = PARSER.parse(c.bytes());

    assertThat(result).isInstanceOf(ParseResult.Rejected.class);
    ParseResult.Rejected rejected = (ParseResult.Rejected) result;
    assertThat(rejected.reason()).as(c.note() + " -> " + rejected.message()).isEqualTo(RejectReason.valueOf(c.reason()));
    assertThat(rejected.message()).isNotBlank().hasSizeLessThan(400);
    assertThat(isWellFormed(rejected.message())).as("message is valid Unicode: %s", rejected.message()).isTrue();
  }

  /** True when the string has no unpaired surrogates (it survives a UTF-8 round trip). */
  static boolean isWellFormed(String s) {
    return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8).equals(s);
  }

  @Test
  void corpusHasAtLeastFortyCasesAndCoversEveryReason() {
    List<HostileCorpus.Case> cases = HostileCorpus.load();
    Set<RejectReason> covered = cases.stream().map(c -> RejectReason.valueOf(c.reason())).collect(Collectors.toSet());

    assertThat(cases).hasSizeGreaterThanOrEqualTo(110);
    // ROOM_NOT_ALLOWED needs a room policy, which the corpus's parser does not set: RoomPolicyTest covers it.
    assertThat(covered).containsAll(EnumSet.complementOf(EnumSet.of(RejectReason.ROOM_NOT_ALLOWED)));
    assertThat(cases.stream().filter(c -> c.bytes().length >= 10 * 1024 * 1024).count()).as("the 10 MB cases").isEqualTo(3);
  }
}
