package io.emojireactions.apps.demo.internal;

import io.emojireactions.pubsub.SubscribedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What the demo's console subscriber prints for the messages of its topic: the
 * {@link ConsoleSummary} lines, and with {@code printAggregates} also every message as it was
 * published, {@code aggregatePrefix + json}, before the summary lines it closes.
 *
 * <p>A message that is not the output contract is skipped by the summary and counted
 * ({@link #invalidMessages()}); it never stops the console. Thread-safe: the subscriber's thread
 * calls {@link #accept}, a timer {@link #poll}.
 */
public final class ConsoleLines {

  private final ConsoleSummary summary;
  private final boolean printAggregates;
  private final String aggregatePrefix;
  private long invalidMessages;

  public ConsoleLines(ConsoleSummary summary, boolean printAggregates, String aggregatePrefix) {
    this.summary = Objects.requireNonNull(summary, "summary");
    this.printAggregates = printAggregates;
    this.aggregatePrefix = Objects.requireNonNull(aggregatePrefix, "aggregatePrefix");
  }

  /** The lines to print for {@code message}, in order (often none). */
  public synchronized List<String> accept(SubscribedMessage message) {
    List<String> lines = new ArrayList<>();
    if (printAggregates) {
      lines.add(aggregatePrefix + message.json());
    }
    try {
      lines.addAll(summary.accept(message.count()));
    } catch (IllegalArgumentException e) { // not the output contract (InvalidMessageException)
      invalidMessages++;
    }
    return lines;
  }

  /** The summary lines of windows whose hold ended by now. */
  public synchronized List<String> poll() {
    return summary.poll();
  }

  /** Messages the summary skipped because they are not the output contract. */
  public synchronized long invalidMessages() {
    return invalidMessages;
  }

  /** See {@link ConsoleSummary#lateMessages()}. */
  public synchronized long lateMessages() {
    return summary.lateMessages();
  }
}
