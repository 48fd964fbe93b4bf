package org.segmentofone.measure;

/**
 * Relative lift of a treatment ratio over the control's, T / C − 1, with its interval and p-value
 * on the log scale: log(T / C) is close to normal with variance Var(log T) + Var(log C) (arms are
 * independent), and the interval exp(log(T / C) ± z·se) − 1 stays above −100%.
 */
public record Lift(double lift, double low, double high, double pValue, double logSe) {

  public static Lift of(Ratio treatment, Ratio control, double alpha) {
    double t = treatment.value();
    double c = control.value();
    if (!(t > 0) || !(c > 0)) {
      double l = c > 0 && t == 0 ? -1.0 : Double.NaN;
      return new Lift(l, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }
    double se = Math.sqrt(treatment.logVariance() + control.logVariance());
    double log = Math.log(t / c);
    if (!(se > 0)) {
      return new Lift(t / c - 1, Double.NaN, Double.NaN, Double.NaN, se);
    }
    double z = Normal.quantile(1 - alpha / 2);
    return new Lift(
        t / c - 1,
        Math.exp(log - z * se) - 1,
        Math.exp(log + z * se) - 1,
        Normal.twoSidedP(log / se),
        se);
  }

  public boolean significant(double alpha) {
    return pValue < alpha;
  }
}
