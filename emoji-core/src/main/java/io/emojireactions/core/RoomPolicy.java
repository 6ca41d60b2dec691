package io.emojireactions.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.emojireactions.core.internal.ReactionReader;
import io.emojireactions.core.internal.Text;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * Which rooms a reaction may name: the rule against clients that invent a room per reaction.
 * Applied by {@link ReactionParser} (so by the ingest and the pipeline alike) to the room a
 * reaction is counted under, {@code global} included when the record has no room; a room it
 * refuses is {@link RejectReason#ROOM_NOT_ALLOWED}. Checked after every other rule, so a record
 * with another problem keeps that problem's reason.
 *
 * <ul>
 *   <li>{@link #any()} (the default): every valid room.
 *   <li>{@link #allowList}: exactly the listed rooms (case-sensitive; list {@code global} to accept
 *       records without a room).
 *   <li>{@link #pattern}: rooms the whole of which match a regular expression (RE2 syntax, matched
 *       by RE2/J in time linear in the room's length, so no pattern can backtrack
 *       catastrophically; a room is at most 128 code points, checked before the pattern runs).
 * </ul>
 *
 * <p>Immutable, thread-safe and serializable (the pattern is compiled again after
 * deserialization). Two policies are equal when they are of the same kind with the same rooms or
 * the same pattern text.
 */
public final class RoomPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The longest pattern accepted, in characters. */
  public static final int MAX_PATTERN_CHARS = 1_000;
  /** The most rooms an allow-list may hold. */
  public static final int MAX_ALLOWED_ROOMS = 100_000;

  private static final RoomPolicy ANY = new RoomPolicy(null, null);

  /** The allowed rooms, or null. */
  private final Set<String> rooms;
  /** The pattern's text, or null. */
  private final String regex;
  private final transient Pattern compiled;

  private RoomPolicy(Set<String> rooms, String regex) {
    this.rooms = rooms;
    this.regex = regex;
    this.compiled = regex == null ? null : Pattern.compile(regex);
  }

  /** Every valid room (today's behaviour, the default). */
  public static RoomPolicy any() {
    return ANY;
  }

  /**
   * Exactly these rooms.
   *
   * @throws IllegalArgumentException when the list is empty, longer than
   *     {@value #MAX_ALLOWED_ROOMS}, or holds a room that could never be valid (empty, longer than
   *     128 code points, control characters), naming it
   */
  public static RoomPolicy allowList(Collection<String> rooms) {
    if (rooms == null || rooms.isEmpty()) {
      throw new IllegalArgumentException("roomPolicy allow-list must name at least one room, but was " + rooms);
    }
    if (rooms.size() > MAX_ALLOWED_ROOMS) {
      throw new IllegalArgumentException(
          "roomPolicy allow-list may hold at most " + MAX_ALLOWED_ROOMS + " rooms, but held " + rooms.size());
    }
    Set<String> copy = new LinkedHashSet<>();
    for (String room : rooms) {
      if (room == null) {
        throw new IllegalArgumentException("roomPolicy allow-list must not hold null");
      }
      String problem = Text.identifierProblem(room, ReactionReader.MAX_ROOM_CHARS);
      if (problem != null) {
        throw new IllegalArgumentException("roomPolicy allow-list room " + Text.snippet(room) + " " + problem);
      }
      copy.add(room);
    }
    return new RoomPolicy(Collections.unmodifiableSet(copy), null);
  }

  /** {@link #allowList(Collection)} of these rooms. */
  public static RoomPolicy allowList(String... rooms) {
    return allowList(Arrays.asList(Objects.requireNonNull(rooms, "rooms")));
  }

  /**
   * Rooms the whole of which match {@code regex} (RE2 syntax: no back-references or look-around).
   *
   * @throws IllegalArgumentException when the pattern is empty, longer than
   *     {@value #MAX_PATTERN_CHARS} characters, or not valid RE2, naming it and the problem
   */
  public static RoomPolicy pattern(String regex) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("roomPolicy pattern must be a regular expression, but was "
          + (regex == null ? "null" : "empty"));
    }
    if (regex.length() > MAX_PATTERN_CHARS) {
      throw new IllegalArgumentException("roomPolicy pattern may be at most " + MAX_PATTERN_CHARS
          + " characters, but was " + regex.length());
    }
    try {
      return new RoomPolicy(null, regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "roomPolicy pattern " + Text.snippet(regex) + " is not a valid RE2 expression: " + Text.shorten(e.getMessage()), e);
    }
  }

  /** Whether this is {@link #any()}. */
  public boolean isAny() {
    return rooms == null && regex == null;
  }

  /** The allowed rooms, in the order given; empty unless this is an allow-list. */
  public Set<String> allowedRooms() {
    return rooms == null ? Set.of() : rooms;
  }

  /** The pattern's text; null unless this is a pattern policy. */
  public String patternText() {
    return regex;
  }

  /**
   * Whether a reaction may be counted under {@code room}, a room that already passed the field
   * rules (at most 128 code points): the one place this rule lives.
   */
  public boolean allows(String room) {
    if (rooms != null) {
      return rooms.contains(room);
    }
    if (compiled != null) {
      return room != null && compiled.matches(room);
    }
    return true;
  }

  /** What a refused room is, for the reject message: e.g. {@code is not one of the allowed rooms [a, b]}. */
  public String refusal() {
    if (rooms != null) {
      return rooms.size() <= 5 ? "is not one of the allowed rooms " + rooms : "is not one of the " + rooms.size() + " allowed rooms";
    }
    return regex != null ? "does not match the room pattern " + Text.snippet(regex) : "is allowed";
  }

  private Object readResolve() {
    if (rooms != null) {
      return allowList(rooms);
    }
    return regex != null ? pattern(regex) : ANY;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RoomPolicy p && Objects.equals(rooms, p.rooms) && Objects.equals(regex, p.regex);
  }

  @Override
  public int hashCode() {
    return Objects.hash(rooms, regex);
  }

  /** {@code any}, {@code allow-list[a, b]} or {@code pattern[REGEX]}. */
  @Override
  public String toString() {
    if (rooms != null) {
      return "allow-list" + rooms;
    }
    return regex != null ? "pattern[" + regex + "]" : "any";
  }
}
