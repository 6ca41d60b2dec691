package io.emojireactions.core.internal;

import com.ibm.icu.text.UnicodeSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Every RGI emoji of ICU4J's Unicode data ({@code [:RGI_Emoji:]}: basic emoji, keycaps, flags,
 * tag sequences, modifier sequences and ZWJ sequences), keyed by its form with the variation
 * selectors removed. Looking a string up by that key turns unqualified and minimally-qualified
 * input ({@code ❤}, {@code 1⃣}, {@code 👁‍🗨}) into the fully-qualified RGI form in one map lookup.
 *
 * <p>Lone Fitzpatrick modifiers are RGI basic emoji in Unicode's data but never a reaction on
 * their own, so they are left out.
 */
public final class EmojiTable {

  /** No RGI emoji is longer than 15 UTF-16 units; longer input is rejected before any work. */
  public static final int MAX_INPUT_CHARS = 64;

  private static final Map<String, String> CANONICAL_BY_STRIPPED = build();

  private EmojiTable() {}

  private static Map<String, String> build() {
    UnicodeSet rgi = new UnicodeSet("[:RGI_Emoji:]").freeze();
    Map<String, String> map = new HashMap<>(rgi.size() * 2);
    for (String emoji : rgi) {
      if (emoji.codePointCount(0, emoji.length()) == 1 && isSkinTone(emoji.codePointAt(0))) {
        continue;
      }
      String previous = map.put(stripVariationSelectors(emoji), emoji);
      if (previous != null) {
        // Unicode guarantees RGI sequences differ by more than variation selectors; if ICU ever
        // broke that, failing fast here beats silently merging two emojis.
        throw new IllegalStateException("two RGI emojis differ only by variation selectors: " + previous);
      }
    }
    return Map.copyOf(map);
  }

  /** The fully-qualified RGI form of {@code text}, or null when it is not exactly one RGI emoji. */
  public static String canonical(String text) {
    return CANONICAL_BY_STRIPPED.get(stripVariationSelectors(text));
  }

  /** Number of distinct emojis known. */
  public static int size() {
    return CANONICAL_BY_STRIPPED.size();
  }

  public static boolean isSkinTone(int codePoint) {
    return codePoint >= 0x1F3FB && codePoint <= 0x1F3FF;
  }

  /** {@code text} without U+FE0E/U+FE0F (the same instance when it has none). */
  public static String stripVariationSelectors(String text) {
    int n = text.length();
    int first = -1;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c == '\uFE0F' || c == '\uFE0E') {
        first = i;
        break;
      }
    }
    if (first < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(n);
    sb.append(text, 0, first);
    for (int i = first + 1; i < n; i++) {
      char c = text.charAt(i);
      if (c != '\uFE0F' && c != '\uFE0E') {
        sb.append(c);
      }
    }
    return sb.toString();
  }

  /** {@code text} without Fitzpatrick modifiers U+1F3FB..U+1F3FF (the same instance when it has none). */
  public static String stripSkinTones(String text) {
    if (text.indexOf('\uD83C') < 0) {
      return text;
    }
    StringBuilder sb = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      if (!isSkinTone(cp)) {
        sb.appendCodePoint(cp);
      }
      i += Character.charCount(cp);
    }
    return sb.length() == text.length() ? text : sb.toString();
  }
}
