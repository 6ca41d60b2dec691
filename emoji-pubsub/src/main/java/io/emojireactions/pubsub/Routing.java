package io.emojireactions.pubsub;

import io.emojireactions.core.WindowedCount;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.kafka.common.utils.Utils;

/**
 * Decides which of a cluster's sub-topics receive a message. (Every message always goes to the
 * cluster topic itself; routing is about sub-topics only.) It sees only the parsed message, never
 * the record key or the message's format, so a Python-job aggregate goes where our format of the
 * same (room, window, emoji) goes. Immutable and thread-safe.
 *
 * <ul>
 *   <li>{@link #hash()}: exactly one sub-topic, chosen by {@link #hashIndex(String, int)}, a
 *       stable hash of the emoji: the same sub-topic on every run, JVM and machine.
 *   <li>{@link #broadcast()}: every sub-topic.
 *   <li>{@link #filter(MessageFilter, Routing)}: messages that pass the filter are routed by the
 *       inner rule, the others reach no sub-topic.
 * </ul>
 *
 * <p>Spec form ({@link #parse(String)}): {@code hash}, {@code broadcast}, or
 * {@code filter:<conditions>[;then=hash|broadcast]}, e.g.
 * {@code filter:emojis=❤️,👍;min_scaled=2;then=hash} (the inner rule defaults to broadcast).
 */
public sealed interface Routing permits Routing.Hash, Routing.Broadcast, Routing.Filtered {

  /**
   * The sub-topics of {@code subTopics} (non-empty) that receive {@code count}, in
   * {@code subTopics} order, each at most once.
   */
  List<String> route(WindowedCount count, List<String> subTopics);

  /** The spec form, parseable by {@link #parse(String)}. */
  String spec();

  /** Exactly one sub-topic per message, chosen by a stable hash of the emoji. */
  static Routing hash() {
    return Hash.INSTANCE;
  }

  /** Every sub-topic. */
  static Routing broadcast() {
    return Broadcast.INSTANCE;
  }

  /** Routes messages that pass {@code filter} to every sub-topic. */
  static Routing filter(MessageFilter filter) {
    return new Filtered(filter, broadcast());
  }

  /** Routes messages that pass {@code filter} by {@code then}; the others reach no sub-topic. */
  static Routing filter(MessageFilter filter, Routing then) {
    return new Filtered(filter, then);
  }

  /**
   * The stable hash routing: the positive murmur2 hash (Kafka's partitioner hash) of the emoji's
   * UTF-8 bytes, modulo {@code n}. Unlike Python's per-process {@code hash()} in the seed it does
   * not change between runs.
   */
  static int hashIndex(String emoji, int n) {
    if (n <= 0) {
      throw new IllegalArgumentException("sub-topic count must be > 0, but was " + n);
    }
    return Utils.toPositive(Utils.murmur2(emoji.getBytes(StandardCharsets.UTF_8))) % n;
  }

  /** Parses the spec form described above; the message says what is accepted. */
  static Routing parse(String spec) {
    String s = spec == null ? "" : spec.trim();
    String lower = s.toLowerCase(Locale.ROOT);
    if (lower.equals("hash")) {
      return hash();
    }
    if (lower.equals("broadcast")) {
      return broadcast();
    }
    if (lower.startsWith("filter:")) {
      String body = s.substring("filter:".length());
      Routing then = broadcast();
      StringBuilder conditions = new StringBuilder();
      for (String part : body.split(";")) {
        String trimmed = part.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith("then=")) {
          String inner = trimmed.substring("then=".length()).trim();
          then = parse(inner);
          if (then instanceof Filtered) {
            throw new IllegalArgumentException("routing filter then= must be hash or broadcast, but was '" + inner + "'");
          }
        } else if (!trimmed.isEmpty()) {
          conditions.append(trimmed).append(';');
        }
      }
      return filter(MessageFilter.parse(conditions.toString()), then);
    }
    throw new IllegalArgumentException(
        "routing must be 'hash', 'broadcast' or 'filter:<conditions>[;then=hash|broadcast]', but was '" + spec + "'");
  }

  /** Each message to exactly one sub-topic by a stable hash of its emoji. */
  final class Hash implements Routing {
    private static final Hash INSTANCE = new Hash();

    private Hash() {}

    @Override
    public List<String> route(WindowedCount count, List<String> subTopics) {
      return List.of(subTopics.get(hashIndex(count.emoji(), subTopics.size())));
    }

    @Override
    public String spec() {
      return "hash";
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /** Every message to every sub-topic. */
  final class Broadcast implements Routing {
    private static final Broadcast INSTANCE = new Broadcast();

    private Broadcast() {}

    @Override
    public List<String> route(WindowedCount count, List<String> subTopics) {
      return subTopics;
    }

    @Override
    public String spec() {
      return "broadcast";
    }

    @Override
    public String toString() {
      return spec();
    }
  }

  /**
   * Messages passing {@code filter} routed by {@code then}, the others to no sub-topic.
   *
   * @param filter the condition
   * @param then the routing of messages that pass; hash or broadcast
   */
  record Filtered(MessageFilter filter, Routing then) implements Routing {
    /**
     * A filtered routing.
     *
     * @throws NullPointerException when an argument is null
     */
    public Filtered {
      Objects.requireNonNull(filter, "filter");
      Objects.requireNonNull(then, "then");
    }

    @Override
    public List<String> route(WindowedCount count, List<String> subTopics) {
      return filter.test(count) ? then.route(count, subTopics) : List.of();
    }

    @Override
    public String spec() {
      String conditions = filter.spec();
      return "filter:" + conditions + (then instanceof Broadcast ? "" : (conditions.isEmpty() ? "" : ";") + "then=" + then.spec());
    }

    @Override
    public String toString() {
      return spec();
    }
  }
}
