package io.emojireactions.core.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/** Strict UTF-8 validation (RFC 3629): Jackson accepts overlong forms and encoded surrogates. */
public final class Utf8 {

  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
  public static int firstInvalid(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
      // Records are mostly ASCII: skip eight ASCII bytes per step.
      while (i + 8 <= n && ((long) LONGS.get(b, i) & HIGH_BITS) == 0) {
        i += 8;
      }
      if (i >= n) {
        break;
      }
      int c = b[i];
      if (c >= 0) { // ASCII, the common case
        i++;
        continue;
      }
      c &= 0xff;
      if (c < 0xc2 || c > 0xf4) { // continuation byte first, overlong 2-byte lead, or beyond U+10FFFF
        return i;
      }
      if (c < 0xe0) {
        if (i + 1 >= n || !cont(b[i + 1])) {
          return i;
        }
        i += 2;
      } else if (c < 0xf0) {
        if (i + 2 >= n || !cont(b[i + 1]) || !cont(b[i + 2])) {
          return i;
        }
        int b1 = b[i + 1] & 0xff;
        if ((c == 0xe0 && b1 < 0xa0) || (c == 0xed && b1 > 0x9f)) { // overlong, or a surrogate
          return i;
        }
        i += 3;
      } else {
        if (i + 3 >= n || !cont(b[i + 1]) || !cont(b[i + 2]) || !cont(b[i + 3])) {
          return i;
        }
        int b1 = b[i + 1] & 0xff;
        if ((c == 0xf0 && b1 < 0x90) || (c == 0xf4 && b1 > 0x8f)) { // overlong, or beyond U+10FFFF
          return i;
        }
        i += 4;
      }
    }
    return -1;
  }

  private static boolean cont(byte x) {
    return (x & 0xc0) == 0x80;
  }
}
