package org.segmentofone.measure;

/**
 * Sample-ratio mismatch: does the control's share of persons differ from the expected split more
 * than chance allows? A chi-square test with one degree of freedom (control against the rest).
 */
public final class SampleRatio {
  private SampleRatio() {}

  /** The chi-square p-value; NaN when there is nobody. */
  public static double pValue(long control, long others, double expectedControlShare) {
    long total = control + others;
    if (total == 0) {
      return Double.NaN;
    }
    double ec = total * expectedControlShare;
    double eo = total - ec;
    double chi2 = sq(control - ec) / ec + sq(others - eo) / eo;
    return Normal.erfc(Math.sqrt(chi2 / 2));
  }

  private static double sq(double v) {
    return v * v;
  }
}
