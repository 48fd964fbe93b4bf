package org.segmentofone.measure;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * The experiment readout (config section {@code measure}): windows, attribution, the statistics'
 * levels, the lift worth detecting, the sample-ratio alert, the arms and where the report goes.
 */
public record MeasureConfig(
    int windowDays,
    int attributionWindowHours,
    double alpha,
    double power,
    double minLift,
    double srmAlertP,
    String controlArm,
    double expectedControlShare,
    Metric primaryMetric,
    Map<String, LocalDate> launchDates,
    String reportDir) {

  public MeasureConfig {
    launchDates = Map.copyOf(launchDates);
  }

  public static MeasureConfig from(ConfigReader c) {
    double alpha = c.fraction("alpha");
    double power = c.fraction("power");
    double share = c.fraction("expected-control-share");
    if (alpha <= 0 || alpha >= 0.5) {
      throw new ConfigException(c.key("alpha") + " must be in (0, 0.5), got " + alpha);
    }
    if (power <= 0.5 || power >= 1) {
      throw new ConfigException(c.key("power") + " must be in (0.5, 1), got " + power);
    }
    if (share <= 0 || share >= 1) {
      throw new ConfigException(
          c.key("expected-control-share") + " must be in (0, 1), got " + share);
    }
    String primary = c.nonBlank("primary-metric");
    Metric metric = Metric.fromKey(primary);
    if (metric == null) {
      throw new ConfigException(
          c.key("primary-metric") + " must be one of " + keys() + ", got " + primary);
    }
    Map<String, LocalDate> launches = new TreeMap<>();
    for (Map.Entry<String, String> e : c.stringMap("launch-dates").entrySet()) {
      try {
        launches.put(e.getKey(), LocalDate.parse(e.getValue()));
      } catch (DateTimeParseException ex) {
        throw new ConfigException(
            c.key("launch-dates")
                + "."
                + e.getKey()
                + " must be a date YYYY-MM-DD, got "
                + e.getValue());
      }
    }
    return new MeasureConfig(
        c.intAtLeast("window-days", 1),
        c.intAtLeast("attribution-window-hours", 1),
        alpha,
        power,
        c.positive("min-lift"),
        c.fraction("srm-alert-p"),
        c.nonBlank("control-arm"),
        share,
        metric,
        launches,
        c.string("report-dir"));
  }

  /** The defaults of reference.conf (tests). */
  public static MeasureConfig defaults() {
    return new MeasureConfig(
        30, 24, 0.05, 0.8, 0.05, 0.001, "control", 0.5, Metric.CONVERSION_RATE, Map.of(), "");
  }

  private static String keys() {
    StringBuilder s = new StringBuilder();
    for (Metric m : Metric.values()) {
      s.append(s.isEmpty() ? "" : ", ").append(m.key());
    }
    return s.toString();
  }
}
