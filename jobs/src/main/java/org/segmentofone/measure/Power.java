package org.segmentofone.measure;

/**
 * Sensitivity at the current traffic. The standard error of log(T / C) shrinks like 1 / √persons,
 * and persons are assumed to keep arriving at the rate seen so far (new persons per day), so se(d)
 * = se(now) · √(days so far / d).
 */
public final class Power {
  private Power() {}

  /** The smallest relative lift detectable now at the two-sided {@code alpha} and {@code power}. */
  public static double minimumDetectableEffect(double logSe, double alpha, double power) {
    if (!(logSe > 0)) {
      return Double.NaN;
    }
    return Math.exp(k(alpha, power) * logSe) - 1;
  }

  /**
   * Days still needed (beyond {@code daysSoFar}) until a relative lift of {@code minLift} is
   * detectable; 0 when it already is. {@code -1} when there is no estimate yet.
   */
  public static long daysNeeded(
      double logSe, long daysSoFar, double minLift, double alpha, double power) {
    if (!(logSe > 0) || daysSoFar <= 0) {
      return -1;
    }
    double target = Math.log(1 + minLift) / k(alpha, power);
    double ratio = logSe / target;
    double totalDays = daysSoFar * ratio * ratio;
    return Math.max(0, (long) Math.ceil(totalDays - daysSoFar - 1e-9));
  }

  private static double k(double alpha, double power) {
    return Normal.quantile(1 - alpha / 2) + Normal.quantile(power);
  }
}
