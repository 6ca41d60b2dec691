package io.emojireactions.apps.simulate.internal;

import java.util.SplittableRandom;

/** Draws ranks 0..n-1 with probability proportional to {@code 1 / (rank+1)^exponent}. Immutable. */
public final class ZipfSampler {

  private final double[] cumulative;

  public ZipfSampler(int n, double exponent) {
    if (n < 1) {
      throw new IllegalArgumentException("n must be >= 1, but was " + n);
    }
    cumulative = new double[n];
    double sum = 0;
    for (int rank = 1; rank <= n; rank++) {
      sum += 1.0 / Math.pow(rank, exponent);
      cumulative[rank - 1] = sum;
    }
    for (int i = 0; i < n; i++) {
      cumulative[i] /= sum;
    }
    cumulative[n - 1] = 1.0;
  }

  /** One draw: a binary search of a uniform variate in the cumulative distribution. */
  public int sample(SplittableRandom random) {
    double u = random.nextDouble();
    int lo = 0;
    int hi = cumulative.length - 1;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (cumulative[mid] > u) {
        hi = mid;
      } else {
        lo = mid + 1;
      }
    }
    return lo;
  }
}
