package io.emojireactions.apps.internal;

import io.emojireactions.core.RoomPolicy;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * {@code --rooms-allowed} and {@code --room-pattern}: the {@link RoomPolicy} of the commands that
 * validate reactions (the ingest and the pipeline), so both refuse the same rooms. Neither flag:
 * every valid room. Both: refused, naming both.
 */
public final class RoomPolicyOptions {

  @Option(names = "--rooms-allowed", paramLabel = "ROOM,ROOM,...",
      description = "Accept reactions only for these rooms (comma-separated, exact, case-sensitive; list 'global' to accept "
          + "reactions without a room); others are ROOM_NOT_ALLOWED. Default: every room.")
  String roomsAllowed;

  @Option(names = "--room-pattern", paramLabel = "REGEX",
      description = "Accept reactions only for rooms the whole of which match this RE2 regular expression (linear-time "
          + "matching; no back-references); others are ROOM_NOT_ALLOWED. Default: every room.")
  String roomPattern;

  /**
   * The policy the flags describe.
   *
   * @throws IllegalArgumentException naming the flag and its value when it is invalid, or both flags when both are set
   */
  public RoomPolicy policy() {
    boolean list = roomsAllowed != null && !roomsAllowed.isBlank();
    boolean pattern = roomPattern != null && !roomPattern.isEmpty();
    if (list && pattern) {
      throw new IllegalArgumentException("--rooms-allowed and --room-pattern exclude each other, but both were set: '"
          + roomsAllowed + "' and '" + roomPattern + "'");
    }
    try {
      if (list) {
        List<String> rooms = Arrays.stream(roomsAllowed.split(",")).map(String::trim).toList();
        return RoomPolicy.allowList(rooms);
      }
      return pattern ? RoomPolicy.pattern(roomPattern) : RoomPolicy.any();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException((list ? "--rooms-allowed" : "--room-pattern") + ": " + e.getMessage(), e);
    }
  }
}
