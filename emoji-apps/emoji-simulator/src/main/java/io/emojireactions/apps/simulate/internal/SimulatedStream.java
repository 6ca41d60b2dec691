package io.emojireactions.apps.simulate.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.apps.simulate.SimulatorConfig;
import io.emojireactions.core.RejectReason;
import io.emojireactions.apps.simulate.GeneratedRecord;
import io.emojireactions.apps.simulate.ReactionGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.SplittableRandom;

/**
 * The simulator's records: the testkit generator's (seeded, with exact expectations), with the
 * spike and the late reactions applied on top. Record {@code i} of {@code n} is stamped {@code
 * start + span·i/n}; the simulator sends it at that moment when rate-limited, so event time
 * follows the wall clock.
 */
public final class SimulatedStream implements Iterator<SimulatedStream.SimRecord> {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * One record and what a correct pipeline must make of it.
   *
   * @param value the JSON text sent
   * @param expectedReject null for a valid reaction, else the reason it must be rejected with
   * @param room the room it counts in (valid only)
   * @param emoji the canonical emoji it counts as (valid only)
   * @param eventTimeMs its event time as stamped (valid only)
   * @param late true when stamped {@code lateBy} in the past on purpose
   */
  public record SimRecord(String value, RejectReason expectedReject, String room, String emoji, long eventTimeMs, boolean late) {
    public boolean valid() {
      return expectedReject == null;
    }
  }

  private final Iterator<GeneratedRecord> base;
  private final SimulatorConfig config;
  private final long n;
  private final long burstFrom;
  private final long burstTo;
  private final long lateByMs;
  private final SplittableRandom random;
  private long index;

  public SimulatedStream(SimulatorConfig config, long count, Instant start, Duration span) {
    this.config = config;
    this.n = count;
    this.burstFrom = count * 2 / 5;
    this.burstTo = count * 3 / 5;
    this.lateByMs = config.lateBy().toMillis();
    this.random = new SplittableRandom(config.seed() ^ 0x5DEECE66DL);
    ReactionGenerator.Builder b = ReactionGenerator.builder()
        .seed(config.seed())
        .count(count)
        .users(config.users())
        .rooms(config.rooms())
        .emojis(config.emojis())
        .zipfExponent(config.zipf())
        .start(start)
        .span(span)
        .invalidFraction(config.invalidFraction());
    this.base = b.build().records().iterator();
  }

  @Override
  public boolean hasNext() {
    return base.hasNext();
  }

  @Override
  public SimRecord next() {
    GeneratedRecord g = base.next();
    long i = index++;
    if (!g.valid()) {
      return new SimRecord(g.value(), g.expectedReject(), null, null, 0, false);
    }
    boolean burst = config.burstEmoji() != null && i >= burstFrom && i < burstTo && random.nextDouble() < config.burstShare();
    boolean late = config.lateFraction() > 0 && random.nextDouble() < config.lateFraction();
    if (!burst && !late) {
      return new SimRecord(g.value(), null, g.room(), g.canonicalEmoji(), g.eventTimeMs(), false);
    }
    ObjectNode node = parse(g.value());
    String emoji = g.canonicalEmoji();
    long eventMs = g.eventTimeMs();
    if (burst) {
      emoji = ReactionGenerator.canonical(config.burstEmoji());
      node.put("emoji_type", config.burstEmoji());
    }
    if (late) {
      eventMs -= lateByMs;
      node.put("timestamp", Instant.ofEpochMilli(eventMs).toString());
    }
    return new SimRecord(node.toString(), null, g.room(), emoji, eventMs, late);
  }

  private static ObjectNode parse(String json) {
    try {
      return (ObjectNode) JSON.readTree(json);
    } catch (IOException e) {
      throw new UncheckedIOException("the generator wrote invalid JSON for a valid record: " + json, e);
    }
  }

  public long count() {
    return n;
  }
}
