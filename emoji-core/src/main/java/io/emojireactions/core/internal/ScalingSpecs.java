package io.emojireactions.core.internal;

import io.emojireactions.core.ScalingPolicy;
import io.emojireactions.core.ScalingPolicy.Constant;
import io.emojireactions.core.ScalingPolicy.Divide;
import io.emojireactions.core.ScalingPolicy.Rule;
import io.emojireactions.core.ScalingPolicy.Tier;
import java.util.ArrayList;
import java.util.List;

/** Parses scaling policy specs ({@link ScalingPolicy#parse(String)}). */
public final class ScalingSpecs {

  public static final String ACCEPTED =
      "accepted: seed, per-1000, identity, ratio:N (N > 0), "
          + "tiers:MAX=VALUE,...,else=VALUE (MAX strictly increasing counts >= 0; VALUE a number >= 0, "
          + "'count', or '/N'), e.g. tiers:50=1,1000=1,else=count";

  private ScalingSpecs() {}

  public static ScalingPolicy parse(String spec) {
    if (spec == null) {
      throw bad("null", "no spec given");
    }
    String s = spec.trim();
    switch (s) {
      case "seed":
        // The seed README's rule verbatim: both tiers map to 1, larger counts pass through.
        return ScalingPolicy.of("seed", List.of(new Tier(50, new Constant(1)), new Tier(1000, new Constant(1))), new Divide(1, 0));
      case "per-1000":
        return ScalingPolicy.of("per-1000", List.of(), new Divide(1000, 1));
      case "identity":
        return ScalingPolicy.of("identity", List.of(), new Divide(1, 0));
      default:
        break;
    }
    if (s.startsWith("ratio:")) {
      long n = positive(s, s.substring("ratio:".length()), "the ratio N of ratio:N");
      return ScalingPolicy.of(s, List.of(), new Divide(n, 1));
    }
    if (s.startsWith("tiers:")) {
      return tiers(s);
    }
    throw bad(s, "unknown policy name '" + s + "'");
  }

  private static ScalingPolicy tiers(String s) {
    String body = s.substring("tiers:".length());
    if (body.isBlank()) {
      throw bad(s, "tiers: lists no tiers");
    }
    String[] parts = body.split(",", -1);
    List<Tier> tiers = new ArrayList<>();
    Rule otherwise = null;
    long previous = -1;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i].trim();
      int eq = part.indexOf('=');
      if (eq <= 0 || eq == part.length() - 1) {
        throw bad(s, "tier '" + part + "' is not MAX=VALUE");
      }
      String max = part.substring(0, eq).trim();
      Rule rule = rule(s, part, part.substring(eq + 1).trim());
      if (max.equals("else")) {
        if (i != parts.length - 1) {
          throw bad(s, "'else' must be the last tier, but '" + parts[i + 1].trim() + "' follows it");
        }
        otherwise = rule;
      } else {
        long bound = number(s, max, "the MAX of tier '" + part + "'");
        if (bound <= previous) {
          throw bad(s, "tier maxima must be strictly increasing, but " + bound + " follows " + previous);
        }
        previous = bound;
        tiers.add(new Tier(bound, rule));
      }
    }
    if (otherwise == null) {
      throw bad(s, "the last tier must be else=VALUE");
    }
    return ScalingPolicy.of(s, tiers, otherwise);
  }

  private static Rule rule(String spec, String part, String value) {
    if (value.equals("count")) {
      return new Divide(1, 0);
    }
    if (value.startsWith("/")) {
      return new Divide(positive(spec, value.substring(1), "the divisor of tier '" + part + "'"), 1);
    }
    return new Constant(number(spec, value, "the VALUE of tier '" + part + "'"));
  }

  private static long positive(String spec, String text, String what) {
    long n = number(spec, text, what);
    if (n <= 0) {
      throw bad(spec, what + " must be > 0, but was " + n);
    }
    return n;
  }

  private static long number(String spec, String text, String what) {
    String t = text.trim();
    boolean digits = !t.isEmpty() && t.length() <= 18;
    for (int i = 0; digits && i < t.length(); i++) {
      digits = t.charAt(i) >= '0' && t.charAt(i) <= '9';
    }
    if (!digits) {
      throw bad(spec, what + " must be a whole number >= 0, but was '" + t + "'");
    }
    return Long.parseLong(t);
  }

  private static IllegalArgumentException bad(String spec, String problem) {
    return new IllegalArgumentException("invalid scaling policy '" + spec + "': " + problem + "; " + ACCEPTED);
  }
}
