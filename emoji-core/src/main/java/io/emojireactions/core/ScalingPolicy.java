package io.emojireactions.core;

import io.emojireactions.core.internal.ScalingSpecs;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * Maps a window's {@code reaction_count} to {@code scaled_reactions}.
 *
 * <p>A policy is data: an ordered list of {@link Tier}s (the first whose {@code maxCount} is
 * {@code >= n} applies) and an {@code otherwise} rule for larger counts. That is what lets the
 * Spark module turn any policy into one {@code when/otherwise} Column with no UDF.
 *
 * <p>Built-in names, parsed by {@link #parse(String)}: {@code seed} (the default: ≤ 50 → 1,
 * ≤ 1000 → 1, otherwise the count), {@code per-1000} (max(1, ⌊n / 1000⌋)), {@code identity},
 * {@code ratio:N} (max(1, ⌊n / N⌋)) and {@code tiers:50=1,1000=1,else=count} (each tier
 * {@code MAX=VALUE} where VALUE is a number, {@code count}, or {@code /N}).
 *
 * <p>Immutable and thread-safe. {@link #equals} compares the rules (tiers and otherwise), not
 * the name.
 */
public final class ScalingPolicy implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final List<Tier> tiers;
  private final Rule otherwise;

  private ScalingPolicy(String name, List<Tier> tiers, Rule otherwise) {
    this.name = Objects.requireNonNull(name, "name");
    this.tiers = List.copyOf(tiers);
    this.otherwise = Objects.requireNonNull(otherwise, "otherwise");
    long previous = -1;
    for (Tier tier : this.tiers) {
      if (tier.maxCount() <= previous) {
        throw new IllegalArgumentException(
            "tier maxCount must be >= 0 and strictly increasing, but " + tier.maxCount() + " follows " + previous);
      }
      previous = tier.maxCount();
    }
  }

  /** A policy from explicit tiers; tiers must be in strictly increasing {@code maxCount}. */
  public static ScalingPolicy of(String name, List<Tier> tiers, Rule otherwise) {
    return new ScalingPolicy(name, tiers, otherwise);
  }

  /** Parses a policy spec; the message of the exception says what is wrong and what is accepted. */
  public static ScalingPolicy parse(String spec) {
    return ScalingSpecs.parse(spec);
  }

  /** The default policy: ≤ 50 → 1, ≤ 1000 → 1, otherwise the count. */
  public static ScalingPolicy seed() {
    return SEED;
  }

  private static final ScalingPolicy SEED = parse("seed");

  /** {@code scaled_reactions} for a count {@code n >= 0}. */
  public long apply(long n) {
    for (Tier tier : tiers) {
      if (n <= tier.maxCount()) {
        return tier.rule().apply(n);
      }
    }
    return otherwise.apply(n);
  }

  /** The spec this policy was parsed from (or the given name). */
  public String name() {
    return name;
  }

  /** The tiers in increasing {@code maxCount}; immutable, may be empty. */
  public List<Tier> tiers() {
    return tiers;
  }

  /** The rule for counts above the last tier; never null. */
  public Rule otherwise() {
    return otherwise;
  }

  @Override
  public String toString() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ScalingPolicy other && tiers.equals(other.tiers) && otherwise.equals(other.otherwise);
  }

  @Override
  public int hashCode() {
    return 31 * tiers.hashCode() + otherwise.hashCode();
  }

  /** Applies {@code rule} to counts {@code <= maxCount} (and above the previous tier). */
  public record Tier(long maxCount, Rule rule) implements Serializable {
    /**
     * A tier.
     *
     * @throws NullPointerException when {@code rule} is null
     */
    public Tier {
      Objects.requireNonNull(rule, "rule");
    }
  }

  /** How a count becomes a scaled value. */
  public sealed interface Rule extends Serializable permits Constant, Divide {
    /** The scaled value of a count {@code n >= 0}. */
    long apply(long n);
  }

  /** Always {@code value}. */
  public record Constant(long value) implements Rule {
    @Override
    public long apply(long n) {
      return value;
    }
  }

  /** {@code max(atLeast, ⌊n / divisor⌋)}; {@code Divide(1, 0)} is the count itself. */
  public record Divide(long divisor, long atLeast) implements Rule {
    /**
     * A division rule.
     *
     * @throws IllegalArgumentException when {@code divisor <= 0}
     */
    public Divide {
      if (divisor <= 0) {
        throw new IllegalArgumentException("divisor must be > 0, but was " + divisor);
      }
    }

    @Override
    public long apply(long n) {
      return Math.max(atLeast, n / divisor);
    }
  }
}
