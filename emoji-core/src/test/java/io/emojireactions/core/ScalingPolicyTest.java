package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScalingPolicyTest {

  @ParameterizedTest(name = "{0}({1}) = {2}")
  @CsvSource({
    "seed, 1, 1",
    "seed, 50, 1",
    "seed, 51, 1",
    "seed, 1000, 1",
    "seed, 1001, 1001",
    "seed, 3785, 3785",
    "per-1000, 1, 1",
    "per-1000, 999, 1",
    "per-1000, 1000, 1",
    "per-1000, 1999, 1",
    "per-1000, 2000, 2",
    "per-1000, 3785, 3",
    "identity, 0, 0",
    "identity, 1, 1",
    "identity, 3785, 3785",
    "ratio:500, 1, 1",
    "ratio:500, 999, 1",
    "ratio:500, 1000, 2",
    "ratio:500, 3785, 7",
    "ratio:1, 42, 42",
    "'tiers:50=1,1000=1,else=count', 50, 1",
    "'tiers:50=1,1000=1,else=count', 1000, 1",
    "'tiers:50=1,1000=1,else=count', 1001, 1001",
    "'tiers:10=0,100=/10,else=100', 10, 0",
    "'tiers:10=0,100=/10,else=100', 11, 1",
    "'tiers:10=0,100=/10,else=100', 99, 9",
    "'tiers:10=0,100=/10,else=100', 5000, 100",
    "'tiers:else=/1000', 3785, 3",
    "'tiers:else=/1000', 5, 1",
    "' per-1000 ', 3785, 3",
  })
  void presetsAndCustomSpecsScaleCounts(String spec, long count, long expected) {
    assertThat(ScalingPolicy.parse(spec).apply(count)).isEqualTo(expected);
  }

  @Test
  void seedIsTheDefaultAndEqualsItsTierSpelling() {
    assertThat(ScalingPolicy.seed().name()).isEqualTo("seed");
    assertThat(ScalingPolicy.seed()).isEqualTo(ScalingPolicy.parse("tiers:50=1,1000=1,else=count"));
    assertThat(ScalingPolicy.parse("per-1000")).isEqualTo(ScalingPolicy.parse("ratio:1000"));
  }

  @Test
  void policiesAreDataThatSparkCanTurnIntoColumns() {
    ScalingPolicy p = ScalingPolicy.parse("tiers:50=1,1000=/10,else=count");

    assertThat(p.tiers()).containsExactly(
        new ScalingPolicy.Tier(50, new ScalingPolicy.Constant(1)),
        new ScalingPolicy.Tier(1000, new ScalingPolicy.Divide(10, 1)));
    assertThat(p.otherwise()).isEqualTo(new ScalingPolicy.Divide(1, 0));
    assertThat(p.name()).isEqualTo("tiers:50=1,1000=/10,else=count");
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "bogus                       | unknown policy name 'bogus'",
        "''                          | unknown policy name ''",
        "SEED                        | unknown policy name 'SEED'",
        "ratio:0                     | the ratio N of ratio:N must be > 0, but was 0",
        "ratio:abc                   | the ratio N of ratio:N must be a whole number >= 0, but was 'abc'",
        "ratio:-5                    | must be a whole number >= 0, but was '-5'",
        "tiers:                      | tiers: lists no tiers",
        "tiers:50=1,1000=1           | the last tier must be else=VALUE",
        "tiers:else=count,50=1       | 'else' must be the last tier, but '50=1' follows it",
        "tiers:1000=1,50=1,else=count | strictly increasing, but 50 follows 1000",
        "tiers:50=1,50=2,else=count  | strictly increasing, but 50 follows 50",
        "tiers:50=x,else=count       | the VALUE of tier '50=x' must be a whole number >= 0, but was 'x'",
        "tiers:50=/0,else=count      | the divisor of tier '50=/0' must be > 0, but was 0",
        "tiers:50,else=count         | tier '50' is not MAX=VALUE",
        "tiers:a=1,else=count        | the MAX of tier 'a=1' must be a whole number >= 0, but was 'a'",
      })
  void invalidSpecsAreRejectedWithAMessageNamingTheProblemAndTheAcceptedForms(String spec, String problem) {
    assertThatThrownBy(() -> ScalingPolicy.parse(spec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem)
        .hasMessageContaining("accepted: seed, per-1000, identity, ratio:N");
  }

  @Test
  void nullSpecIsRejected() {
    assertThatThrownBy(() -> ScalingPolicy.parse(null)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no spec");
  }

  @Test
  void explicitTiersMustIncrease() {
    assertThatThrownBy(() -> ScalingPolicy.of("x",
            List.of(new ScalingPolicy.Tier(10, new ScalingPolicy.Constant(1)), new ScalingPolicy.Tier(5, new ScalingPolicy.Constant(1))),
            new ScalingPolicy.Divide(1, 0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("strictly increasing");
  }
}
