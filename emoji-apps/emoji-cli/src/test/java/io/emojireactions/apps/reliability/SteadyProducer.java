package io.emojireactions.apps.reliability;

import io.emojireactions.testkit.TopicIO;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a list of records to a topic at a steady rate from its own thread (acks=all, idempotent),
 * so faults happen under live input rather than on a backlog.
 */
final class SteadyProducer implements AutoCloseable {

  private final Thread thread;
  private final AtomicLong acked = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stop;

  SteadyProducer(String bootstrap, String topic, List<String> values, Duration over) {
    long nanosPerRecord = over.toNanos() / Math.max(1, values.size());
    thread = new Thread(() -> {
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TopicIO.bulkProducerProperties(bootstrap))) {
        long start = System.nanoTime();
        for (int i = 0; i < values.size() && !stop; i++) {
          // Pace by the clock: record i leaves at start + i x interval (a rate, not a sleep per record).
          long due = start + i * nanosPerRecord;
          long wait = due - System.nanoTime();
          if (wait > 1_000_000) {
            LockSupport.parkNanos(wait);
          }
          producer.send(new ProducerRecord<>(topic, values.get(i).getBytes(StandardCharsets.UTF_8)), (m, e) -> {
            if (e == null) {
              acked.incrementAndGet();
            } else {
              failure.compareAndSet(null, e);
            }
          });
        }
        producer.flush();
      } catch (Exception e) {
        failure.compareAndSet(null, e);
      }
    }, "steady-producer-" + topic);
    thread.setDaemon(true);
    thread.start();
  }

  long acked() {
    return acked.get();
  }

  boolean done() {
    return !thread.isAlive();
  }

  /** Waits for the last record's ack; throws if any send failed. */
  void awaitDone(Duration timeout) throws InterruptedException {
    thread.join(timeout.toMillis());
    if (thread.isAlive()) {
      throw new AssertionError("the steady producer did not finish within " + timeout + " (" + acked.get() + " acked)");
    }
    if (failure.get() != null) {
      throw new AssertionError("the steady producer failed", failure.get());
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop = true;
    thread.join(30_000);
  }
}
