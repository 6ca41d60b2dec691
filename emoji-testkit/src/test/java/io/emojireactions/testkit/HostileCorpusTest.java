package io.emojireactions.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.RejectReason;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The packaged corpus is emoji-core's, whole: every case gets its reason from core's parser. */
class HostileCorpusTest {

  @Test
  void everyPackagedCaseIsRejectedWithItsReasonAndEveryReasonIsCovered() {
    List<HostileCorpus.Case> cases = HostileCorpus.load();
    ReactionParser parser = ReactionParser.create(
        ReactionParser.Config.defaults().withMaxFutureSkew(Duration.ofSeconds(2), Clock.systemUTC()));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(110);
    for (HostileCorpus.Case c : cases) {
      ParseResult r = parser.parse(c.bytes());
      assertThat(r).as(c.toString()).isInstanceOf(ParseResult.Rejected.class);
      assertThat(((ParseResult.Rejected) r).reason()).as(c.toString()).isEqualTo(c.reason());
    }
    assertThat(cases.stream().map(HostileCorpus.Case::reason).collect(Collectors.toSet())).isEqualTo(EnumSet.allOf(RejectReason.class));
    assertThat(cases.stream().filter(c -> c.bytes().length >= 10 * 1024 * 1024).count()).isEqualTo(3);
  }
}
