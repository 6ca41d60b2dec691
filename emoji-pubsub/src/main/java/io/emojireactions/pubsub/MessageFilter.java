package io.emojireactions.pubsub;

import io.emojireactions.core.EmojiNormalizer;
import io.emojireactions.core.WindowedCount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which messages a {@link Routing#filter filter routing} lets through: all conditions must hold
 * (an empty set means "any"). Immutable.
 *
 * <p>Spec form (used in topology files): conditions separated by {@code ;}, lists by {@code ,}:
 * {@code emojis=❤️,👍;rooms=global,match-42;min_count=100;min_scaled=2}.
 *
 * @param emojis the emojis to keep, in canonical (fully-qualified) form; empty = every emoji
 * @param rooms the rooms to keep; empty = every room
 * @param minReactionCount keep messages whose {@code reaction_count} is at least this (0 = any)
 * @param minScaledReactions keep messages whose {@code scaled_reactions} is at least this (0 = any)
 */
public record MessageFilter(Set<String> emojis, Set<String> rooms, long minReactionCount, long minScaledReactions) {

  private static final EmojiNormalizer NORMALIZER = EmojiNormalizer.create(false);

  /**
   * A filter; emojis are normalized, sets copied.
   *
   * @throws IllegalArgumentException for a string that is not one emoji, a blank room or a negative
   *     minimum
   * @throws NullPointerException when a set or an element is null
   */
  public MessageFilter {
    emojis = normalizeEmojis(emojis);
    rooms = Set.copyOf(new LinkedHashSet<>(rooms));
    for (String room : rooms) {
      if (room.isBlank()) {
        throw new IllegalArgumentException("filter rooms must not contain a blank room, but were " + rooms);
      }
    }
    if (minReactionCount < 0) {
      throw new IllegalArgumentException("filter min_count must be >= 0, but was " + minReactionCount);
    }
    if (minScaledReactions < 0) {
      throw new IllegalArgumentException("filter min_scaled must be >= 0, but was " + minScaledReactions);
    }
  }

  /** Lets every message through; refine it with the {@code with…} methods. */
  public static MessageFilter all() {
    return new MessageFilter(Set.of(), Set.of(), 0, 0);
  }

  /** Keeps only these emojis ({@code ❤} and {@code ❤️} are the same emoji). */
  public MessageFilter withEmojis(String... emojis) {
    return new MessageFilter(Set.of(emojis), rooms, minReactionCount, minScaledReactions);
  }

  /**
   * Keeps only these rooms.
   *
   * @throws IllegalArgumentException when a room is blank
   */
  public MessageFilter withRooms(String... rooms) {
    return new MessageFilter(emojis, Set.of(rooms), minReactionCount, minScaledReactions);
  }

  /**
   * Keeps messages whose {@code reaction_count} is at least {@code min}.
   *
   * @throws IllegalArgumentException when {@code min < 0}
   */
  public MessageFilter withMinReactionCount(long min) {
    return new MessageFilter(emojis, rooms, min, minScaledReactions);
  }

  /**
   * Keeps messages whose {@code scaled_reactions} is at least {@code min}.
   *
   * @throws IllegalArgumentException when {@code min < 0}
   */
  public MessageFilter withMinScaledReactions(long min) {
    return new MessageFilter(emojis, rooms, minReactionCount, min);
  }

  /** True when {@code count} meets every condition. */
  public boolean test(WindowedCount count) {
    return count.reactionCount() >= minReactionCount
        && count.scaledReactions() >= minScaledReactions
        && (rooms.isEmpty() || rooms.contains(count.room()))
        && (emojis.isEmpty() || emojis.contains(count.emoji()));
  }

  /** Parses the spec form described above; an empty spec lets everything through. */
  public static MessageFilter parse(String spec) {
    MessageFilter filter = all();
    if (spec == null || spec.isBlank()) {
      return filter;
    }
    for (String condition : spec.split(";")) {
      if (condition.isBlank()) {
        continue;
      }
      int eq = condition.indexOf('=');
      if (eq < 0) {
        throw new IllegalArgumentException(
            "filter condition must be name=value (emojis, rooms, min_count, min_scaled), but was '" + condition.trim() + "'");
      }
      String name = condition.substring(0, eq).trim().toLowerCase(Locale.ROOT);
      String value = condition.substring(eq + 1).trim();
      switch (name) {
        case "emojis":
        case "emoji":
          filter = filter.withEmojis(list(name, value).toArray(String[]::new));
          break;
        case "rooms":
        case "room":
          filter = filter.withRooms(list(name, value).toArray(String[]::new));
          break;
        case "min_count":
          filter = filter.withMinReactionCount(number(name, value));
          break;
        case "min_scaled":
          filter = filter.withMinScaledReactions(number(name, value));
          break;
        default:
          throw new IllegalArgumentException(
              "unknown filter condition '" + name + "' (known: emojis, rooms, min_count, min_scaled)");
      }
    }
    return filter;
  }

  /** The spec form, parseable by {@link #parse(String)}. */
  public String spec() {
    List<String> parts = new ArrayList<>();
    if (!emojis.isEmpty()) {
      parts.add("emojis=" + String.join(",", emojis.stream().sorted().toList()));
    }
    if (!rooms.isEmpty()) {
      parts.add("rooms=" + String.join(",", rooms.stream().sorted().toList()));
    }
    if (minReactionCount > 0) {
      parts.add("min_count=" + minReactionCount);
    }
    if (minScaledReactions > 0) {
      parts.add("min_scaled=" + minScaledReactions);
    }
    return String.join(";", parts);
  }

  private static Set<String> normalizeEmojis(Set<String> emojis) {
    Set<String> normalized = new LinkedHashSet<>();
    for (String emoji : emojis) {
      String trimmed = emoji.trim();
      normalized.add(NORMALIZER.normalize(trimmed).orElseThrow(() -> new IllegalArgumentException(
          "filter emojis must each be exactly one emoji, but contained '" + trimmed + "'")));
    }
    return Set.copyOf(normalized);
  }

  private static List<String> list(String name, String value) {
    List<String> items = new ArrayList<>();
    for (String item : value.split(",")) {
      if (!item.isBlank()) {
        items.add(item.trim());
      }
    }
    if (items.isEmpty()) {
      throw new IllegalArgumentException("filter " + name + " must list at least one value, but was '" + value + "'");
    }
    return items;
  }

  private static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("filter " + name + " must be a whole number, but was '" + value + "'", e);
    }
  }
}
