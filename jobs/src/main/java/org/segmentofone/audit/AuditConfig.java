package org.segmentofone.audit;

import java.util.EnumMap;
import java.util.Map;
import org.segmentofone.audit.Check.Better;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * The data-readiness audit (config section {@code audit}): the window it looks at, what counts as
 * enough signal for a product, where the reports go, and each check's warn and fail thresholds.
 */
public record AuditConfig(
    int windowDays,
    int volumeBaselineDays,
    int signalPersons,
    String reportDir,
    Map<ReadinessCheck, Thresholds> thresholds) {

  /** A check's thresholds: past {@code warn} the status is warn, past {@code fail} it is fail. */
  public record Thresholds(double warn, double fail) {}

  public AuditConfig {
    thresholds = Map.copyOf(thresholds);
  }

  public static AuditConfig from(ConfigReader c) {
    ConfigReader checks = c.section("checks");
    Map<ReadinessCheck, Thresholds> thresholds = new EnumMap<>(ReadinessCheck.class);
    for (ReadinessCheck check : ReadinessCheck.values()) {
      if (!checks.has(check.configKey())) {
        throw new ConfigException(checks.key(check.configKey()) + " is missing");
      }
      ConfigReader t = checks.section(check.configKey());
      double warn = t.finite("warn");
      double fail = t.finite("fail");
      boolean ordered = check.better() == Better.HIGHER ? fail <= warn : fail >= warn;
      if (!ordered) {
        throw new ConfigException(
            "%s must be %s %s (%s is better), got warn %s and fail %s"
                .formatted(
                    t.key("fail"),
                    check.better() == Better.HIGHER ? "at most" : "at least",
                    t.key("warn"),
                    check.better().label(),
                    warn,
                    fail));
      }
      thresholds.put(check, new Thresholds(warn, fail));
    }
    return new AuditConfig(
        c.intAtLeast("window-days", 1),
        c.intAtLeast("volume-baseline-days", 1),
        c.intAtLeast("signal-persons", 1),
        c.string("report-dir"),
        thresholds);
  }

  /** Every check at its built-in thresholds (tests and the readiness rules' defaults). */
  public static AuditConfig defaults(int windowDays) {
    Map<ReadinessCheck, Thresholds> t = new EnumMap<>(ReadinessCheck.class);
    for (ReadinessCheck check : ReadinessCheck.values()) {
      t.put(check, new Thresholds(check.defaultWarn(), check.defaultFail()));
    }
    return new AuditConfig(windowDays, 7, 5, "", t);
  }
}
