package io.emojireactions.core.internal;

/** Strict UTF-8 validation (RFC 3629): Jackson accepts overlong forms and encoded surrogates. */
public final class Utf8 {

  private Utf8() {}

  /** Offset of the first byte that is not part of well-formed UTF-8, or -1. */
  public static int firstInvalid(byte[] b) {
    int n = b.length;
    int i = 0;
    while (i < n) {
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
