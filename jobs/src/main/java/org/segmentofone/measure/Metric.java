package org.segmentofone.measure;

import java.util.Locale;

/**
 * A readout metric: Σ numerator / Σ denominator over an arm's persons (a per-person mean when the
 * denominator is the person), each with an interval by the delta method.
 */
public enum Metric {
  CONVERSION_RATE(Quantity.CONVERTING_SESSIONS, Quantity.SESSIONS, "conversion rate", Unit.PERCENT),
  REVENUE_PER_SESSION(Quantity.REVENUE, Quantity.SESSIONS, "revenue per session", Unit.MONEY),
  AOV(Quantity.REVENUE, Quantity.ORDERS, "average order value", Unit.MONEY),
  SESSIONS_PER_PERSON(Quantity.SESSIONS, null, "sessions per person", Unit.NUMBER),
  ORDERS_PER_PERSON(Quantity.ORDERS, null, "orders per person", Unit.NUMBER),
  REVENUE_PER_PERSON(Quantity.REVENUE, null, "revenue per person", Unit.MONEY),
  REC_CLICKS_PER_SESSION(
      Quantity.REC_CLICKS, Quantity.SESSIONS, "rec clicks per session", Unit.NUMBER),
  REC_REVENUE_SHARE(
      Quantity.REC_REVENUE, Quantity.REVENUE, "revenue share from recommendations", Unit.PERCENT);

  /** How a value reads. */
  public enum Unit {
    PERCENT,
    MONEY,
    NUMBER
  }

  private final Quantity numerator;
  private final Quantity denominator;
  private final String label;
  private final Unit unit;

  Metric(Quantity numerator, Quantity denominator, String label, Unit unit) {
    this.numerator = numerator;
    this.denominator = denominator;
    this.label = label;
    this.unit = unit;
  }

  public Quantity numerator() {
    return numerator;
  }

  /** Null for a per-person mean. */
  public Quantity denominator() {
    return denominator;
  }

  public String label() {
    return label;
  }

  public Unit unit() {
    return unit;
  }

  /** The name in {@code experiment_readouts.metric} and in config. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Metric fromKey(String key) {
    for (Metric m : values()) {
      if (m.key().equals(key)) {
        return m;
      }
    }
    return null;
  }

  /** A value as a store owner reads it. */
  public String format(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return switch (unit) {
      case PERCENT -> String.format(Locale.ROOT, "%.2f%%", v * 100);
      case MONEY -> String.format(Locale.ROOT, "%,.2f", v);
      case NUMBER -> String.format(Locale.ROOT, "%.3f", v);
    };
  }
}
