package org.segmentofone.measure;

/**
 * A ratio metric R = Σy / Σx over persons with its variance by the delta method: the persons are
 * the independent units (the unit of randomisation), their sessions are not. For a per-person mean
 * x is 1 for everyone and this is the usual variance of a mean.
 *
 * <p>Var(R) ≈ (s²y − 2R·sxy + R²·s²x) / (n·x̄²), with the sample variances and covariance of the
 * persons' x and y.
 */
public record Ratio(long n, double value, double variance) {

  /** NaN value and variance when there are fewer than two persons or Σx is 0. */
  public static Ratio of(Moments m) {
    if (m.n() < 2 || m.sx() == 0) {
      return new Ratio(m.n(), m.sx() == 0 ? Double.NaN : m.sy() / m.sx(), Double.NaN);
    }
    double n = m.n();
    double r = m.sy() / m.sx();
    double mx = m.sx() / n;
    double vx = (m.sxx() - m.sx() * m.sx() / n) / (n - 1);
    double vy = (m.syy() - m.sy() * m.sy() / n) / (n - 1);
    double cxy = (m.sxy() - m.sx() * m.sy() / n) / (n - 1);
    double v = (vy - 2 * r * cxy + r * r * vx) / (n * mx * mx);
    return new Ratio(m.n(), r, Math.max(0, v));
  }

  public double standardError() {
    return Math.sqrt(variance);
  }

  /** Lower end of the two-sided interval at level 1 − alpha. */
  public double low(double alpha) {
    return value - Normal.quantile(1 - alpha / 2) * standardError();
  }

  public double high(double alpha) {
    return value + Normal.quantile(1 - alpha / 2) * standardError();
  }

  /** Var(log R) = Var(R) / R², the squared relative standard error. */
  double logVariance() {
    return variance / (value * value);
  }
}
