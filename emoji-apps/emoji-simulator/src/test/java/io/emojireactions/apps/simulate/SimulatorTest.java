package io.emojireactions.apps.simulate;

import io.emojireactions.testkit.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import io.emojireactions.core.ParseResult;
import io.emojireactions.core.Reaction;
import io.emojireactions.core.ReactionParser;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.apps.simulate.GroundTruth;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulatorTest {

  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final ReactionParser PARSER = ReactionParser.create();

  /** Time moves only when the simulator sleeps. */
  private static final class FakeTicker implements Ticker {
    long now = 1_000_000_000L;
    long slept;

    @Override
    public long nanoTime() {
      return now;
    }

    @Override
    public void sleepNanos(long nanos) {
      now += nanos;
      slept += nanos;
    }
  }

  /** Accepts what the core parser accepts, rejects the rest with its reason (like the ingest). */
  private static final class ParsingTarget implements ReactionTarget {
    final List<String> sent = new ArrayList<>();
    final List<Reaction> accepted = new ArrayList<>();

    @Override
    public void send(byte[] value, Consumer<Outcome> done) {
      sent.add(new String(value, StandardCharsets.UTF_8));
      ParseResult r = PARSER.parse(value);
      if (r instanceof ParseResult.Valid v) {
        accepted.add(v.reaction());
        done.accept(Outcome.ACCEPTED);
      } else {
        done.accept(new Outcome(Status.REJECTED, ((ParseResult.Rejected) r).reason().name()));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }

  private static Map<GroundTruth.WindowKey, Long> recount(List<Reaction> reactions) {
    Map<GroundTruth.WindowKey, Long> counts = new HashMap<>();
    for (Reaction r : reactions) {
      counts.merge(new GroundTruth.WindowKey(r.room(), TumblingWindows.windowStart(r.eventTimeMs(), 2000), r.emoji()), 1L, Long::sum);
    }
    return counts;
  }

  @Test
  void pacesAtTheRateStampsEventTimeWithTheSendMomentAndGroundTruthMatchesTheCoreParser() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ParsingTarget target = new ParsingTarget();
    SimulatorConfig config = SimulatorConfig.builder().rate(100).count(1_000).invalidFraction(0.05).build();
    Simulator.Result result = new Simulator(config, target, new ManualClock(START), ticker).run(null);

    assertThat(target.sent).hasSize(1_000);
    assertThat(ticker.slept).as("record 999 is due at 9.99 s").isEqualTo(9_990_000_000L);
    assertThat(target.accepted.get(0).eventTime()).isEqualTo(START);
    assertThat(target.accepted).allSatisfy(r ->
        assertThat(r.eventTime()).isBetween(START, START.plusMillis(9_990)));

    assertThat(result.groundTruth().counts()).isEqualTo(recount(target.accepted));
    Summary s = result.summary();
    assertThat(s.sent()).isEqualTo(1_000);
    assertThat(s.accepted()).isEqualTo(target.accepted.size());
    assertThat(s.rejectedTotal()).isEqualTo(1_000 - target.accepted.size()).isPositive();
    assertThat(s.line()).startsWith("sent 1000 in 10.0 s (100/s): " + s.accepted() + " accepted");
  }

  @Test
  void stopsAtTheDurationEvenWhenTheCountIsLarger() throws Exception {
    FakeTicker ticker = new FakeTicker();
    ParsingTarget target = new ParsingTarget();
    SimulatorConfig config = SimulatorConfig.builder().rate(100).count(10_000).duration(Duration.ofSeconds(2)).build();
    Simulator.Result result = new Simulator(config, target, new ManualClock(START), ticker).run(null);
    assertThat(target.sent).hasSize(200);
    assertThat(result.summary().sent()).isEqualTo(200);
    assertThat(result.groundTruth().valid()).isEqualTo(200);
  }

  @Test
  void rateTimesDurationIsTheCountWhenNoneIsGiven() {
    SimulatorConfig config = SimulatorConfig.builder().rate(250).count(0).duration(Duration.ofSeconds(4)).build();
    assertThat(config.effectiveCount()).isEqualTo(1_000);
  }

  @Test
  void burstAndLateReactionsAreExactInTheGroundTruthAndTheFileHasOneLinePerKey(@TempDir Path dir) throws Exception {
    ParsingTarget target = new ParsingTarget();
    SimulatorConfig config = SimulatorConfig.builder().rate(0).count(5_000).duration(Duration.ofSeconds(50))
        .burstEmoji("🔥").burstShare(0.9).lateFraction(0.1).lateBy(Duration.ofSeconds(30)).build();
    Simulator.Result result = new Simulator(config, target, new ManualClock(START), new FakeTicker()).run(null);

    List<Reaction> middle = target.accepted.subList(2_000, 3_000);
    long fire = middle.stream().filter(r -> r.emoji().equals("🔥")).count();
    assertThat(fire).as("the spike's share of the middle fifth").isBetween(850L, 950L);
    List<Reaction> early = target.accepted.subList(0, 1_000);
    assertThat(early.stream().filter(r -> r.emoji().equals("🔥")).count()).isLessThan(100);

    Map<GroundTruth.WindowKey, Long> all = recount(target.accepted);
    Map<GroundTruth.WindowKey, Long> merged = new HashMap<>(result.groundTruth().counts());
    result.lateTruth().counts().forEach((k, v) -> merged.merge(k, v, Long::sum));
    assertThat(merged).isEqualTo(all);
    assertThat(result.summary().late()).isEqualTo(result.lateTruth().total()).isBetween(400L, 600L);
    assertThat(result.lateTruth().counts().keySet()).allSatisfy(k ->
        assertThat(k.windowStartMs()).isLessThan(START.plusSeconds(20).toEpochMilli()));

    Path file = dir.resolve("truth.jsonl");
    Simulator.writeGroundTruth(result, file);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(result.groundTruth().counts().size() + result.lateTruth().counts().size() + 1);
    assertThat(lines.get(0)).startsWith("{\"room\":\"room-").contains("\"window_start\":\"2026-0").contains("\"reaction_count\":");
    assertThat(lines.get(lines.size() - 1)).startsWith("{\"summary\":{\"window_ms\":2000,\"sent\":5000");
  }
}
