package io.emojireactions.core;

import java.util.Optional;

/**
 * Decides whether a string is exactly one emoji and gives its canonical form.
 *
 * <p>One emoji = one extended grapheme cluster that is an emoji (RGI sequences: ZWJ sequences,
 * flags, keycaps and skin-tone modifiers are one emoji). The canonical form is the
 * fully-qualified one ({@code ❤} and {@code ❤️} both become {@code ❤️}); with skin-tone folding
 * on, Fitzpatrick modifiers are removed ({@code 👍🏽} becomes {@code 👍}). Thread-safe.
 *
 * <p>TODO(core): implementation to follow.
 */
public final class EmojiNormalizer {

  private final boolean foldSkinTones;

  private EmojiNormalizer(boolean foldSkinTones) {
    this.foldSkinTones = foldSkinTones;
  }

  public static EmojiNormalizer create(boolean foldSkinTones) {
    return new EmojiNormalizer(foldSkinTones);
  }

  /** The canonical form of {@code text}, or empty when it is not exactly one emoji. */
  public Optional<String> normalize(String text) {
    throw new UnsupportedOperationException("TODO");
  }

  public boolean foldsSkinTones() {
    return foldSkinTones;
  }
}
