package io.emojireactions.apps.internal;

import io.emojireactions.core.WindowedCount;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A bound on the rooms a subscriber holds per window, against clients that invent a room per
 * reaction. The rule, per window (by its start):
 *
 * <ul>
 *   <li>the first {@code maxRooms} distinct rooms a window's messages name are shown as they are
 *       ({@link #apply}); a room never moves in or out of a window's set afterwards;
 *   <li>every further room of that window, and any message that itself names
 *       {@value #OVERFLOW_ROOM}, is folded into the room {@value #OVERFLOW_ROOM}: per emoji its
 *       {@code reaction_count} (and {@code scaled_reactions}) is the sum over the folded rooms of
 *       each one's max-merged count, so a window's total over all rooms stays exact, whatever
 *       order and however often (at-least-once) the messages come. The overflow room's counts are
 *       never final (another room may still fold in);
 *   <li>to know each folded room's contribution, a window remembers at most
 *       {@code maxFoldedKeys} folded (room, emoji) keys; a message of a further new key is not
 *       counted (the overflow is then a lower bound) and its {@code reaction_count} is added to
 *       {@link #uncounted()}, so the loss is visible.
 * </ul>
 *
 * <p>Memory per window: at most {@code maxRooms} room names and {@code maxFoldedKeys} folded keys
 * (each a room of at most 128 characters, an emoji and two longs) with their rooms' names. Windows are forgotten by
 * {@link #dropBefore}, which the owner calls where it forgets its own windows. Not thread-safe.
 */
public final class RoomCap {

  /**
   * The room the rooms beyond the cap fold into. A client may name it too: its messages then always
   * fold, so they add to the overflow rather than pose as it.
   */
  public static final String OVERFLOW_ROOM = "(other rooms)";
  /** The default number of rooms shown per window. */
  public static final int DEFAULT_MAX_ROOMS = 1_000;
  /** The default number of folded (room, emoji) keys remembered per window. */
  public static final int DEFAULT_MAX_FOLDED_KEYS = 200_000;

  private record FoldKey(String room, String emoji) {}

  private static final class Window {
    final Set<String> rooms = new HashSet<>();
    /** Folded key → {count, scaled} of its max-merged message. */
    final Map<FoldKey, long[]> folded = new HashMap<>();
    /** The rooms of the folded keys: their counts are in the overflow room's sums. */
    final Set<String> foldedRooms = new HashSet<>();
    /** Emoji → {count, scaled} of the overflow room. */
    final Map<String, long[]> sums = new HashMap<>();
  }

  private final int maxRooms;
  private final int maxFoldedKeys;
  private final TreeMap<Long, Window> windows = new TreeMap<>();
  private long folded;
  private long uncounted;

  /**
   * @param maxRooms rooms shown per window, {@code >= 1}
   * @param maxFoldedKeys folded (room, emoji) keys remembered per window, {@code >= 1}
   */
  public RoomCap(int maxRooms, int maxFoldedKeys) {
    if (maxRooms < 1) {
      throw new IllegalArgumentException("maxRooms must be >= 1, but was " + maxRooms);
    }
    if (maxFoldedKeys < 1) {
      throw new IllegalArgumentException("maxFoldedKeys must be >= 1, but was " + maxFoldedKeys);
    }
    this.maxRooms = maxRooms;
    this.maxFoldedKeys = maxFoldedKeys;
  }

  /** A cap of {@code maxRooms} rooms per window and {@value #DEFAULT_MAX_FOLDED_KEYS} folded keys. */
  public static RoomCap of(int maxRooms) {
    return new RoomCap(maxRooms, DEFAULT_MAX_FOLDED_KEYS);
  }

  public int maxRooms() {
    return maxRooms;
  }

  /**
   * The message to merge in place of {@code count}: {@code count} itself when its room is shown
   * in its window; else the overflow room's new count for (window, emoji), or null when
   * {@code count} adds nothing (a repeat, or a smaller update-mode count).
   */
  public WindowedCount apply(WindowedCount count) {
    Window w = windows.computeIfAbsent(count.window().startMs(), s -> new Window());
    String room = count.room();
    if (!room.equals(OVERFLOW_ROOM) && (w.rooms.contains(room) || (w.rooms.size() < maxRooms && w.rooms.add(room)))) {
      return count;
    }
    return fold(w, count);
  }

  /**
   * Folds {@code count} into the overflow room whatever its room (for an owner that decides
   * itself which rooms it holds): the overflow room's new count for (window, emoji), or null when
   * {@code count} adds nothing.
   */
  public WindowedCount fold(WindowedCount count) {
    return fold(windows.computeIfAbsent(count.window().startMs(), s -> new Window()), count);
  }

  private WindowedCount fold(Window w, WindowedCount count) {
    FoldKey key = new FoldKey(count.room(), count.emoji());
    long[] seen = w.folded.get(key);
    if (seen == null) {
      if (w.folded.size() >= maxFoldedKeys) {
        uncounted += count.reactionCount();
        return null;
      }
      seen = new long[2];
      w.folded.put(key, seen);
      w.foldedRooms.add(count.room());
    }
    if (count.reactionCount() <= seen[0]) {
      return null; // max-merge: a repeat or an older update adds nothing
    }
    long[] sum = w.sums.computeIfAbsent(count.emoji(), e -> new long[2]);
    sum[0] += count.reactionCount() - seen[0];
    sum[1] += count.scaledReactions() - seen[1];
    seen[0] = count.reactionCount();
    seen[1] = count.scaledReactions();
    folded++;
    return new WindowedCount(OVERFLOW_ROOM, count.window(), count.emoji(), sum[0], sum[1], false);
  }

  /**
   * Whether a count of {@code room} was folded into the window starting at {@code windowStartMs}
   * (and is remembered: the window is held and the count was within {@code maxFoldedKeys}). An
   * owner that decides itself which rooms it holds must then keep folding that room's messages
   * of that window: shown as its own room too, the room would be counted twice in the window.
   */
  public boolean holdsFolded(String room, long windowStartMs) {
    Window w = windows.get(windowStartMs);
    return w != null && w.foldedRooms.contains(room);
  }

  /** Forgets every window that starts before {@code minStartMs}. */
  public void dropBefore(long minStartMs) {
    windows.headMap(minStartMs).clear();
  }

  /** How many windows are held. */
  public int windows() {
    return windows.size();
  }

  /** How many messages changed an overflow room's count. */
  public long folded() {
    return folded;
  }

  /**
   * An upper bound on the reactions not counted because a window's folded keys were at
   * {@code maxFoldedKeys}: the sum of {@code reaction_count} over the messages that could not be
   * counted, repeats included. A key beyond the bound is not remembered, so each of its messages
   * adds its whole count: a redelivered message adds it again, and update-mode counts 1, 2 and 3
   * of one key add 6 (3 reactions were not counted). 0 exactly when nothing was lost.
   */
  public long uncounted() {
    return uncounted;
  }
}
