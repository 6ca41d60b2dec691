package io.emojireactions.core.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class Utf8Test {

  private static boolean jdkAccepts(byte[] b) {
    try {
      StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  @Provide
  Arbitrary<byte[]> mostlyText() {
    // ASCII runs (to exercise the 8-byte skip) mixed with bytes around every UTF-8 boundary.
    Arbitrary<Byte> ascii = Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e);
    Arbitrary<Byte> special = Arbitraries.of(0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xc1, 0xc2, 0xdf, 0xe0, 0xed, 0xef,
            0xf0, 0xf4, 0xf5, 0xff)
        .map(i -> (byte) (int) i);
    return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(6, ascii), net.jqwik.api.Tuple.of(3, special), net.jqwik.api.Tuple.of(1, Arbitraries.bytes()))
        .array(byte[].class).ofMaxSize(40);
  }

  @Property(tries = 20000, seed = "8")
  void agreesWithTheJdkStrictDecoder(@ForAll("mostlyText") byte[] bytes) {
    assertThat(Utf8.firstInvalid(bytes) < 0).isEqualTo(jdkAccepts(bytes));
  }

  @Property(tries = 2000, seed = "9")
  void everyJavaStringWithoutLoneSurrogatesEncodesToValidUtf8(@ForAll String s) {
    byte[] utf8 = s.getBytes(StandardCharsets.UTF_8); // lone surrogates become '?'
    assertThat(Utf8.firstInvalid(utf8)).isEqualTo(-1);
  }

  @Test
  void reportsTheOffsetOfTheFirstBadByte() {
    assertThat(Utf8.firstInvalid("abcdefghij".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    assertThat(Utf8.firstInvalid(new byte[] {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', (byte) 0xc0, (byte) 0xaf})).isEqualTo(9);
    assertThat(Utf8.firstInvalid(new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80})).isZero();
    assertThat(Utf8.firstInvalid("👍".getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
  }
}
