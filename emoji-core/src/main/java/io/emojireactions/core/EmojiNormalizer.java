package io.emojireactions.core;

import io.emojireactions.core.internal.EmojiTable;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides whether a string is exactly one emoji and gives its canonical form.
 *
 * <p>One emoji = one RGI emoji of ICU4J's Unicode data ({@code [:RGI_Emoji:]}): basic emoji,
 * keycaps ({@code 1️⃣}), flags ({@code 🇺🇸}, {@code 🏴󠁧󠁢󠁥󠁮󠁧󠁿}), skin-tone modifier sequences and ZWJ
 * sequences ({@code 👨‍👩‍👧}), each a single extended grapheme cluster. Variation selectors are
 * ignored when matching, so unqualified and minimally-qualified forms are accepted and the
 * canonical form is the fully-qualified one ({@code ❤} and {@code ❤️} both become {@code ❤️}).
 * With skin-tone folding on, Fitzpatrick modifiers U+1F3FB..U+1F3FF are removed when the result
 * is itself an RGI emoji ({@code 👍🏽} becomes {@code 👍}; {@code 🫱🏻‍🫲🏼} has no toneless RGI form
 * and stays as it is).
 *
 * <p>Not an emoji: the empty string, text, a digit or {@code #} alone (they have Unicode's Emoji
 * property but are not emoji reactions), a lone skin-tone modifier, a lone ZWJ or regional
 * indicator, two emojis, an emoji with surrounding spaces (input is not trimmed), non-RGI
 * sequences.
 *
 * <p>Thread-safe. Results are cached in a small bounded map, since a stream carries few distinct
 * emojis; the cache stops growing at {@value #CACHE_LIMIT} entries (later strings are computed each
 * time, which is still one hash lookup after removing variation selectors).
 */
public final class EmojiNormalizer {

  static final int CACHE_LIMIT = 4096;

  /** Cached "not an emoji" marker; compared by identity. */
  private static final String NOT_EMOJI = new String("<not an emoji>");

  private static final EmojiNormalizer PLAIN = new EmojiNormalizer(false);
  private static final EmojiNormalizer FOLDING = new EmojiNormalizer(true);

  private final boolean foldSkinTones;
  private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

  private EmojiNormalizer(boolean foldSkinTones) {
    this.foldSkinTones = foldSkinTones;
  }

  /** The shared normalizer for this setting (instances are stateless apart from their cache). */
  public static EmojiNormalizer create(boolean foldSkinTones) {
    return foldSkinTones ? FOLDING : PLAIN;
  }

  /** The canonical form of {@code text}, or empty when it is not exactly one emoji (or null). */
  public Optional<String> normalize(String text) {
    return Optional.ofNullable(normalizeOrNull(text));
  }

  /** As {@link #normalize(String)}, without the Optional: the canonical form or null. */
  public String normalizeOrNull(String text) {
    if (text == null || text.isEmpty() || text.length() > EmojiTable.MAX_INPUT_CHARS) {
      return null;
    }
    String cached = cache.get(text);
    if (cached == null) {
      cached = compute(text);
      if (cached == null) {
        cached = NOT_EMOJI;
      }
      if (cache.size() < CACHE_LIMIT) {
        cache.putIfAbsent(text, cached);
      }
    }
    return cached == NOT_EMOJI ? null : cached;
  }

  private String compute(String text) {
    String canonical = EmojiTable.canonical(text);
    if (canonical == null || !foldSkinTones) {
      return canonical;
    }
    String toneless = EmojiTable.stripSkinTones(canonical);
    if (toneless == canonical) {
      return canonical;
    }
    String folded = EmojiTable.canonical(toneless);
    return folded != null ? folded : canonical;
  }

  /** Whether this normalizer removes skin-tone modifiers (the argument of {@link #create(boolean)}). */
  public boolean foldsSkinTones() {
    return foldSkinTones;
  }

  @Override
  public String toString() {
    return "EmojiNormalizer(foldSkinTones=" + foldSkinTones + ")";
  }
}
