package org.segmentofone.audit;

/**
 * One row of {@code audit_checks}: a measured value, the direction that is better, the warn and
 * fail thresholds, the resulting status and one line of advice for the store owner. Section
 * verdicts are rows too ({@code check = verdict}; the overall one has {@code section = overall}).
 */
public record Check(
    String section,
    String check,
    double value,
    String unit,
    Better better,
    Double warn,
    Double fail,
    Status status,
    String advice,
    String detail) {

  /** Which way a value improves. */
  public enum Better {
    HIGHER,
    LOWER;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** The outcome of a check, worst last. */
  public enum Status {
    OK,
    WARN,
    FAIL;

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    public Status worst(Status other) {
      return other.ordinal() > ordinal() ? other : this;
    }
  }

  /** The status of {@code value} against the thresholds: past fail is fail, past warn is warn. */
  public static Status status(double value, Better better, double warn, double fail) {
    if (Double.isNaN(value)) {
      return Status.FAIL;
    }
    boolean pastFail = better == Better.HIGHER ? value < fail : value > fail;
    boolean pastWarn = better == Better.HIGHER ? value < warn : value > warn;
    return pastFail ? Status.FAIL : pastWarn ? Status.WARN : Status.OK;
  }
}
