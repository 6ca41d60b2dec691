package io.emojireactions.apps.ingest.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The ingest's metrics in a Prometheus registry: accepted reactions, rejected ones by reason
 * (the core's reason codes plus the HTTP-level ones), buffer size and capacity, batch send
 * latency, written and failed sends. Thread-safe.
 */
public final class IngestMetrics {

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter accepted;
  private final Counter written;
  private final Counter sendFailures;
  private final Timer sendLatency;
  private final Map<String, Counter> rejected = new ConcurrentHashMap<>();

  public IngestMetrics(ReactionBuffer buffer) {
    accepted = Counter.builder("emoji.ingest.accepted").description("Reactions accepted (answered 200)").register(registry);
    written = Counter.builder("emoji.ingest.written").description("Reactions acknowledged by Kafka").register(registry);
    sendFailures = Counter.builder("emoji.ingest.send.failures").description("Reaction sends that failed and were retried").register(registry);
    sendLatency = Timer.builder("emoji.ingest.send").description("Time from handing one batch to Kafka to the acknowledgement of its last record")
        .publishPercentileHistogram().register(registry);
    Gauge.builder("emoji.ingest.buffer.records", buffer, ReactionBuffer::size)
        .description("Reactions accepted and not yet acknowledged by Kafka").register(registry);
    Gauge.builder("emoji.ingest.buffer.capacity", buffer, ReactionBuffer::capacity)
        .description("Buffer capacity; beyond it requests get 503").register(registry);
  }

  public void accepted(int n) {
    accepted.increment(n);
  }

  /** Counts {@code n} rejections for {@code reason} (a RejectReason name or an HTTP-level code). */
  public void rejected(String reason, int n) {
    rejected.computeIfAbsent(reason, r -> Counter.builder("emoji.ingest.rejected").tag("reason", r)
        .description("Reactions rejected, by reason").register(registry)).increment(n);
  }

  void batchWritten(int ok, int failed, long nanos) {
    written.increment(ok);
    sendFailures.increment(failed);
    sendLatency.record(nanos, TimeUnit.NANOSECONDS);
  }

  public double acceptedCount() {
    return accepted.count();
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }
}
