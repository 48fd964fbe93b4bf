package org.segmentofone.measure;

/** What is counted per person in a window; the metrics are ratios of these sums. */
public enum Quantity {
  SESSIONS("sessions"),
  CONVERTING_SESSIONS("converting_sessions"),
  ORDERS("orders"),
  REVENUE("revenue"),
  REC_CLICKS("rec_clicks"),
  REC_REVENUE("rec_revenue");

  private final String column;

  Quantity(String column) {
    this.column = column;
  }

  /** The column of the per-person value. */
  public String column() {
    return column;
  }

  /** The column of the arm's Σ over persons. */
  public String sumColumn() {
    return "sum_" + column;
  }

  /** The column of the arm's Σ of this quantity times {@code other} over persons. */
  public String crossColumn(Quantity other) {
    Quantity a = ordinal() <= other.ordinal() ? this : other;
    Quantity b = a == this ? other : this;
    return "x_" + a.column + "__" + b.column;
  }
}
