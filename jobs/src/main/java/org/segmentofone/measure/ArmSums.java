package org.segmentofone.measure;

import org.apache.spark.sql.Row;

/**
 * One arm's person-level sums at one day of one window (a row of {@link
 * MeasureTransforms#armSums}): the number of persons, Σ of each quantity and Σ of each product of
 * two quantities.
 */
public record ArmSums(String arm, long persons, double[] sums, double[][] cross) {

  public static ArmSums fromRow(Row r) {
    Quantity[] qs = Quantity.values();
    double[] sums = new double[qs.length];
    double[][] cross = new double[qs.length][qs.length];
    for (Quantity a : qs) {
      sums[a.ordinal()] = value(r, a.sumColumn());
      for (Quantity b : qs) {
        cross[a.ordinal()][b.ordinal()] = value(r, a.crossColumn(b));
      }
    }
    return new ArmSums(r.getAs("arm"), r.<Long>getAs("persons"), sums, cross);
  }

  private static double value(Row r, String column) {
    Object v = r.getAs(column);
    return v == null ? 0 : ((Number) v).doubleValue();
  }

  public double sum(Quantity q) {
    return sums[q.ordinal()];
  }

  /** The (x, y) moments of a metric: x is its denominator, or 1 per person for a mean. */
  public Moments moments(Metric m) {
    int y = m.numerator().ordinal();
    if (m.denominator() == null) {
      return new Moments(persons, persons, sums[y], persons, cross[y][y], sums[y]);
    }
    int x = m.denominator().ordinal();
    return new Moments(persons, sums[x], sums[y], cross[x][x], cross[y][y], cross[x][y]);
  }
}
