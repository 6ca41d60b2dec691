package io.emojireactions.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The room policy: one rule, applied by the parser to the room a reaction is counted under. */
class RoomPolicyTest {

  private static ParseResult parse(RoomPolicy policy, String json) {
    return ReactionParser.create(ReactionParser.Config.builder().roomPolicy(policy).build())
        .parse(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String record(String roomField) {
    return "{\"user_id\":\"u1\",\"emoji_type\":\"😂\",\"timestamp\":\"2025-10-29T22:31:00Z\"" + roomField + "}";
  }

  @Test
  void anyIsTheDefaultAndAcceptsEveryValidRoom() {
    assertThat(ReactionParser.Config.defaults().roomPolicy()).isSameAs(RoomPolicy.any());
    assertThat(RoomPolicy.any().isAny()).isTrue();
    ParseResult r = parse(RoomPolicy.any(), record(",\"room\":\"" + "r".repeat(128) + "\""));
    assertThat(((ParseResult.Valid) r).reaction().room()).isEqualTo("r".repeat(128));
  }

  @Test
  void anAllowListAcceptsExactlyItsRoomsAndRejectsOthersWithTheirOwnReason() {
    RoomPolicy policy = RoomPolicy.allowList("final", "semi-final");

    assertThat(((ParseResult.Valid) parse(policy, record(",\"room\":\"final\""))).reaction().room()).isEqualTo("final");
    ParseResult.Rejected r = (ParseResult.Rejected) parse(policy, record(",\"room\":\"Final\""));
    assertThat(r.reason()).isEqualTo(RejectReason.ROOM_NOT_ALLOWED);
    assertThat(r.message()).isEqualTo("room 'Final' is not one of the allowed rooms [final, semi-final]");
    // No room means global, which this list does not hold.
    assertThat(((ParseResult.Rejected) parse(policy, record(""))).reason()).isEqualTo(RejectReason.ROOM_NOT_ALLOWED);
    assertThat(parse(RoomPolicy.allowList("global"), record(""))).isInstanceOf(ParseResult.Valid.class);
  }

  @Test
  void aPatternMustMatchTheWholeRoom() {
    RoomPolicy policy = RoomPolicy.pattern("match-[0-9]{1,6}");

    assertThat(parse(policy, record(",\"room\":\"match-42\""))).isInstanceOf(ParseResult.Valid.class);
    ParseResult.Rejected r = (ParseResult.Rejected) parse(policy, record(",\"room\":\"match-42x\""));
    assertThat(r.reason()).isEqualTo(RejectReason.ROOM_NOT_ALLOWED);
    assertThat(r.message()).isEqualTo("room 'match-42x' does not match the room pattern 'match-[0-9]{1,6}'");
  }

  @Test
  void otherProblemsKeepTheirReasonTheRoomPolicyComesLast() {
    RoomPolicy policy = RoomPolicy.allowList("final");
    assertThat(((ParseResult.Rejected) parse(policy, "{\"user_id\":\"u1\",\"emoji_type\":\"x\",\"timestamp\":1,\"room\":\"z\"}"))
        .reason()).isEqualTo(RejectReason.NOT_AN_EMOJI);
    assertThat(((ParseResult.Rejected) parse(policy, record(",\"room\":\"" + "z".repeat(129) + "\""))).reason())
        .isEqualTo(RejectReason.BAD_FIELD_VALUE);
    assertThat(((ParseResult.Rejected) parse(policy, record(",\"room\":7"))).reason()).isEqualTo(RejectReason.BAD_FIELD_TYPE);
  }

  @Test
  void aCatastrophicBacktrackingPatternRunsInLinearTime() {
    // (a+)+$ against "aaaa…ab" takes exponential time with java.util.regex; RE2/J is linear. A
    // 128-character room would take longer than the age of the universe by backtracking, so
    // finishing at all is the proof; the result is exact.
    RoomPolicy policy = RoomPolicy.pattern("(a+)+");
    String room = "a".repeat(127) + "b";
    assertThat(policy.allows(room)).isFalse();
    assertThat(policy.allows("a".repeat(128))).isTrue();
    assertThat(((ParseResult.Rejected) parse(policy, record(",\"room\":\"" + room + "\""))).reason())
        .isEqualTo(RejectReason.ROOM_NOT_ALLOWED);
  }

  @Test
  void invalidPoliciesAreRefusedNamingTheFieldAndValue() {
    assertThatThrownBy(() -> RoomPolicy.pattern("(unclosed"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("roomPolicy pattern '(unclosed' is not a valid RE2 expression: ");
    assertThatThrownBy(() -> RoomPolicy.pattern("(a)\\1"))
        .hasMessageStartingWith("roomPolicy pattern '(a)\\1' is not a valid RE2 expression: ");
    assertThatThrownBy(() -> RoomPolicy.pattern("")).hasMessage("roomPolicy pattern must be a regular expression, but was empty");
    assertThatThrownBy(() -> RoomPolicy.pattern("a".repeat(1001)))
        .hasMessage("roomPolicy pattern may be at most 1000 characters, but was 1001");
    assertThatThrownBy(() -> RoomPolicy.allowList(List.of()))
        .hasMessage("roomPolicy allow-list must name at least one room, but was []");
    assertThatThrownBy(() -> RoomPolicy.allowList("ok", ""))
        .hasMessage("roomPolicy allow-list room '' is empty");
    assertThatThrownBy(() -> ReactionParser.Config.builder().roomPolicy(null).build())
        .hasMessage("roomPolicy must be a room policy (RoomPolicy.any() for every room), but was null");
  }

  @Test
  void aConfigWithAPolicySurvivesJavaSerializationAndStillApplies() throws Exception {
    ReactionParser parser = ReactionParser.create(
        ReactionParser.Config.builder().roomPolicy(RoomPolicy.pattern("m[0-9]+")).build());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(parser);
    }
    ReactionParser copy;
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ReactionParser) in.readObject();
    }
    assertThat(copy.config()).isEqualTo(parser.config());
    assertThat(((ParseResult.Rejected) copy.parse(record(",\"room\":\"x\"").getBytes(StandardCharsets.UTF_8))).reason())
        .isEqualTo(RejectReason.ROOM_NOT_ALLOWED);
    assertThat(copy.parse(record(",\"room\":\"m7\"").getBytes(StandardCharsets.UTF_8))).isInstanceOf(ParseResult.Valid.class);
  }
}
