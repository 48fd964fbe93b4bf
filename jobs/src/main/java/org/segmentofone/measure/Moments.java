package org.segmentofone.measure;

/**
 * Person-level sums of one arm for a ratio metric Σy / Σx: the number of persons and Σx, Σy, Σx²,
 * Σy², Σxy. Everything the delta method needs, and nothing that grows with the data.
 */
public record Moments(long n, double sx, double sy, double sxx, double syy, double sxy) {

  /** Accumulates one person's (x, y); handy for simulations and tests. */
  public Moments plus(double x, double y) {
    return new Moments(n + 1, sx + x, sy + y, sxx + x * x, syy + y * y, sxy + x * y);
  }

  public static Moments empty() {
    return new Moments(0, 0, 0, 0, 0, 0);
  }
}
