package io.emojireactions.apps.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emojireactions.apps.simulate.internal.SimulatedStream;
import io.emojireactions.core.RejectReason;
import io.emojireactions.core.TumblingWindows;
import io.emojireactions.apps.simulate.GroundTruth;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load generator: sends the reactions a {@link SimulatorConfig} describes to a {@link
 * ReactionTarget}, paced at {@code rate} by an injected {@link Ticker}, bounded by count and
 * time, and keeps the exact ground truth of what was delivered: counts per (room, window, emoji)
 * of the accepted on-time reactions, of the late ones apart, and the rejects per reason.
 *
 * <p>Event time follows the clock: record {@code i} is stamped {@code start + i/rate} and sent at
 * that moment. One run per instance; {@link #stop()} ends it early from another thread.
 */
public final class Simulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimulatorConfig config;
  private final ReactionTarget target;
  private final Clock clock;
  private final Ticker ticker;
  private volatile boolean stopRequested;
  private final long windowMs;
  private final Map<GroundTruth.WindowKey, Long> onTime = new ConcurrentHashMap<>();
  private final Map<GroundTruth.WindowKey, Long> late = new ConcurrentHashMap<>();
  private final Map<GroundTruth.WindowKey, Long> uncertain = new ConcurrentHashMap<>();
  private final Map<RejectReason, Long> expectedRejects = new ConcurrentHashMap<>();
  private final Map<String, Long> rejected = new ConcurrentHashMap<>();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  /** How many failures are logged with their reason (the rest are only counted). */
  private static final int LOGGED_FAILURES = 10;
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Simulator.class);
  private final AtomicLong lateCount = new AtomicLong();
  private final AtomicLong unknown = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();

  public Simulator(SimulatorConfig config, ReactionTarget target, Clock clock, Ticker ticker) {
    this.config = Objects.requireNonNull(config, "config");
    this.target = Objects.requireNonNull(target, "target");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.windowMs = TumblingWindows.of(config.window()).sizeMs();
  }

  /**
   * The result of a run.
   *
   * @param summary the counts
   * @param groundTruth what a correct pipeline counts: accepted on-time reactions, and the
   *     expected rejects of delivered invalid records
   * @param lateTruth the accepted late reactions by key (a pipeline drops those whose window closed)
   * @param uncertainTruth valid reactions whose answer was lost, by key: each is in Kafka at most
   *     once, so a key's count lies between its truth and its truth plus this
   */
  public record Result(Summary summary, GroundTruth groundTruth, GroundTruth lateTruth, GroundTruth uncertainTruth) {}

  /** Ends a running {@link #run} after the record being sent; safe from any thread. */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Sends, waits for every outcome, returns the result.
   *
   * @param progress where a progress line goes once a second ({@code \r}-rewritten); null for none
   */
  public Result run(PrintStream progress) throws InterruptedException {
    long n = config.effectiveCount();
    Duration span = config.rate() > 0
        ? Duration.ofNanos((long) (n * 1e9 / config.rate()))
        : (config.duration() != null ? config.duration() : Duration.ofSeconds(60));
    Instant start = clock.instant();
    long startNanos = ticker.nanoTime();
    long limitNanos = config.duration() == null ? Long.MAX_VALUE : config.duration().toNanos();
    double nanosPerRecord = config.rate() > 0 ? 1e9 / config.rate() : 0;
    long nextProgress = startNanos + 1_000_000_000L;
    SimulatedStream stream = new SimulatedStream(config, n, start, span);
    long i = 0;
    while (stream.hasNext() && !stopRequested) {
      long now = ticker.nanoTime();
      if (now - startNanos >= limitNanos) {
        break;
      }
      if (nanosPerRecord > 0) {
        long due = startNanos + (long) (i * nanosPerRecord);
        if (due - startNanos >= limitNanos) {
          break; // its moment lies past the end of the run: [start, start + duration)
        }
        if (due - now > 0) {
          ticker.sleepNanos(due - now);
        }
      }
      SimulatedStream.SimRecord r = stream.next();
      i++;
      sent.incrementAndGet();
      target.send(r.value().getBytes(StandardCharsets.UTF_8), outcome -> record(r, outcome));
      if (progress != null && now >= nextProgress) {
        progress.print("\rsent " + sent.get() + " of " + n + ", accepted " + accepted.get() + ", failed " + failed.get() + "   ");
        progress.flush();
        nextProgress = now + 1_000_000_000L;
      }
    }
    target.flush();
    if (progress != null) {
      progress.print("\r");
    }
    Duration elapsed = Duration.ofNanos(ticker.nanoTime() - startNanos);
    Summary summary = new Summary(sent.get(), accepted.get(), rejected, failed.get(), unknown.get(), lateCount.get(), elapsed);
    long deliveredValid = onTime.values().stream().mapToLong(Long::longValue).sum();
    long deliveredRejects = expectedRejects.values().stream().mapToLong(Long::longValue).sum();
    long lateTotal = late.values().stream().mapToLong(Long::longValue).sum();
    return new Result(summary,
        new GroundTruth(windowMs, onTime, expectedRejects, deliveredValid + deliveredRejects),
        new GroundTruth(windowMs, late, Map.of(), lateTotal),
        new GroundTruth(windowMs, uncertain, Map.of(), uncertain.values().stream().mapToLong(Long::longValue).sum()));
  }

  private void record(SimulatedStream.SimRecord r, ReactionTarget.Outcome outcome) {
    switch (outcome.status()) {
      case ACCEPTED -> {
        accepted.incrementAndGet();
        if (r.valid()) {
          GroundTruth.WindowKey key = new GroundTruth.WindowKey(r.room(), TumblingWindows.windowStart(r.eventTimeMs(), windowMs), r.emoji());
          (r.late() ? late : onTime).merge(key, 1L, Long::sum);
          if (r.late()) {
            lateCount.incrementAndGet();
          }
        } else {
          expectedRejects.merge(r.expectedReject(), 1L, Long::sum); // straight to Kafka: the pipeline must reject it
        }
      }
      case REJECTED -> rejected.merge(outcome.reason(), 1L, Long::sum);
      case UNKNOWN -> {
        // Sent, answer lost: in Kafka or not. Kept apart, so the truth stays exact with a known margin.
        unknown.incrementAndGet();
        if (r.valid()) {
          uncertain.merge(new GroundTruth.WindowKey(r.room(), TumblingWindows.windowStart(r.eventTimeMs(), windowMs), r.emoji()), 1L, Long::sum);
        }
        if (unknown.get() <= LOGGED_FAILURES) {
          LOG.warn("a reaction's answer was lost (it may or may not have been accepted): {}", outcome.reason());
        }
      }
      case FAILED -> {
        // Not delivered (an I/O error, an unexpected status): counted, and the first few said why.
        if (failed.incrementAndGet() <= LOGGED_FAILURES) {
          LOG.warn("a reaction was not delivered: {}", outcome.reason());
        }
      }
    }
  }

  /**
   * Writes a result's ground truth as JSON lines: one {@code {"room","window_start","window_end",
   * "emoji","reaction_count"}} per on-time key (sorted), the same with {@code "late":true} per
   * late key, and a last {@code {"summary":{...}}} line with totals and rejects per reason.
   */
  public static void writeGroundTruth(Result result, Path file) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      writeKeys(w, result.groundTruth(), false);
      writeKeys(w, result.lateTruth(), true);
      ObjectNode summary = JSON.createObjectNode();
      ObjectNode s = summary.putObject("summary");
      s.put("window_ms", result.groundTruth().windowSizeMs());
      s.put("sent", result.summary().sent());
      s.put("accepted", result.summary().accepted());
      s.put("valid_on_time", result.groundTruth().valid());
      s.put("late", result.lateTruth().total());
      s.put("failed", result.summary().failed());
      s.put("unknown", result.summary().unknown());
      ObjectNode rejects = s.putObject("expected_rejects");
      new TreeMap<>(result.groundTruth().rejects()).forEach((k, v) -> rejects.put(k.name(), v));
      ObjectNode answered = s.putObject("rejected_by_ingest");
      new TreeMap<>(result.summary().rejected()).forEach(answered::put);
      w.write(summary.toString());
      w.newLine();
    }
  }

  private static void writeKeys(BufferedWriter w, GroundTruth truth, boolean late) throws IOException {
    for (Map.Entry<GroundTruth.WindowKey, Long> e : new TreeMap<>(truth.counts()).entrySet()) {
      ObjectNode line = JSON.createObjectNode();
      line.put("room", e.getKey().room());
      line.put("window_start", Instant.ofEpochMilli(e.getKey().windowStartMs()).toString());
      line.put("window_end", Instant.ofEpochMilli(e.getKey().windowStartMs() + truth.windowSizeMs()).toString());
      line.put("emoji", e.getKey().emoji());
      line.put("reaction_count", e.getValue());
      if (late) {
        line.put("late", true);
      }
      w.write(line.toString());
      w.newLine();
    }
  }
}
