package org.segmentofone.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segmentofone.audit.Check.Better;
import org.segmentofone.audit.Check.Status;
import org.segmentofone.audit.Readiness.Measured;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

class ReadinessTest {
  private static final AuditConfig CFG = AuditConfig.defaults(30);

  /** Every check measured at a value that passes its default thresholds comfortably. */
  private static Map<ReadinessCheck, Measured> healthy() {
    Map<ReadinessCheck, Measured> m = new EnumMap<>(ReadinessCheck.class);
    for (ReadinessCheck rc : ReadinessCheck.values()) {
      double good = rc.better() == Better.HIGHER ? rc.defaultWarn() * 2 + 1 : 0;
      m.put(rc, Measured.of(good));
    }
    return m;
  }

  private static Check find(List<Check> checks, String section, String check) {
    return checks.stream()
        .filter(c -> c.section().equals(section) && c.check().equals(check))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void aValuePastTheFailThresholdFailsPastTheWarnThresholdWarnsOtherwiseIsOk() {
    assertThat(Check.status(0.05, Better.HIGHER, 0.3, 0.1)).isEqualTo(Status.FAIL);
    assertThat(Check.status(0.2, Better.HIGHER, 0.3, 0.1)).isEqualTo(Status.WARN);
    assertThat(Check.status(0.3, Better.HIGHER, 0.3, 0.1)).isEqualTo(Status.OK);
    assertThat(Check.status(0.06, Better.LOWER, 0.01, 0.05)).isEqualTo(Status.FAIL);
    assertThat(Check.status(0.02, Better.LOWER, 0.01, 0.05)).isEqualTo(Status.WARN);
    assertThat(Check.status(0.01, Better.LOWER, 0.01, 0.05)).isEqualTo(Status.OK);
    assertThat(Check.status(Double.NaN, Better.LOWER, 0.01, 0.05)).isEqualTo(Status.FAIL);
  }

  @Test
  void aHealthyStoreIsReadyInEverySectionAndOverall() {
    List<Check> checks = Readiness.assess(healthy(), CFG, 3);

    assertThat(checks).hasSize(ReadinessCheck.values().length + 4);
    assertThat(checks).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.OK));
    Check overall = find(checks, "overall", "verdict");
    assertThat(overall.value()).isEqualTo(1.0);
    assertThat(overall.advice()).startsWith("Ready");
  }

  @Test
  void theAdviceNamesTheMeasuredShareInPlainWords() {
    Map<ReadinessCheck, Measured> m = healthy();
    m.put(ReadinessCheck.KNOWN_EVENT_SHARE, new Measured(0.14, "14 of 100 events"));

    Check known = find(Readiness.assess(m, CFG, 3), "connected", "known_event_share");

    assertThat(known.status()).isEqualTo(Status.WARN);
    assertThat(known.advice())
        .isEqualTo(
            "Only 14.0% of events belong to a known customer: add a login prompt or email capture"
                + " before checkout.");
    assertThat(known.warn()).isEqualTo(0.3);
    assertThat(known.fail()).isEqualTo(0.1);
    assertThat(known.detail()).isEqualTo("14 of 100 events");
  }

  @Test
  void aSectionTakesItsWorstCheckAndTheOverallVerdictItsWorstSection() {
    Map<ReadinessCheck, Measured> m = healthy();
    m.put(ReadinessCheck.CROSS_DEVICE_SHARE, Measured.of(0.03)); // warn
    m.put(ReadinessCheck.CATALOG_MATCH_RATE, Measured.of(0.5)); // fail

    List<Check> checks = Readiness.assess(m, CFG, 3);

    assertThat(find(checks, "collected", "verdict").status()).isEqualTo(Status.FAIL);
    assertThat(find(checks, "connected", "verdict").status()).isEqualTo(Status.WARN);
    assertThat(find(checks, "consumable", "verdict").status()).isEqualTo(Status.OK);
    Check overall = find(checks, "overall", "verdict");
    assertThat(overall.status()).isEqualTo(Status.FAIL);
    assertThat(overall.advice())
        .startsWith(
            "Not ready (collected fail, connected warn, consumable ok). Fix first: Only 50.0%");
    assertThat(overall.detail()).isEqualTo("17 of 19 checks ok");
  }

  @Test
  void aCheckThatCouldNotBeMeasuredFailsAndSaysWhy() {
    Map<ReadinessCheck, Measured> m = healthy();
    m.put(ReadinessCheck.DUPLICATE_RATE, Measured.missing("no collect run recorded"));

    Check dup = find(Readiness.assess(m, CFG, 3), "collected", "duplicate_rate");

    assertThat(dup.status()).isEqualTo(Status.FAIL);
    assertThat(dup.value()).isNaN();
    assertThat(dup.advice()).isEqualTo("Could not be measured: no collect run recorded.");
  }

  @Test
  void theColdStartAndSignalThresholdsAppearInTheirAdvice() {
    Map<ReadinessCheck, Measured> m = healthy();
    m.put(ReadinessCheck.READY_PERSON_SHARE, Measured.of(0.05));
    m.put(ReadinessCheck.PRODUCTS_WITH_SIGNAL_SHARE, Measured.of(0.2));

    List<Check> checks = Readiness.assess(m, CFG, 4);

    assertThat(find(checks, "consumable", "ready_person_share").advice())
        .startsWith("Only 5.0% of persons have the 4 product events");
    assertThat(find(checks, "consumable", "products_with_signal_share").advice())
        .startsWith("Only 20.0% of the catalog has at least 5 persons");
  }

  @Test
  void thresholdsComeFromConfigAndAreCheckedForTheirDirection() {
    String base =
        "window-days = 30, volume-baseline-days = 7, signal-persons = 5, report-dir = \"\"";
    StringBuilder checks = new StringBuilder();
    for (ReadinessCheck rc : ReadinessCheck.values()) {
      double warn = rc == ReadinessCheck.KNOWN_EVENT_SHARE ? 0.5 : rc.defaultWarn();
      checks
          .append(rc.configKey())
          .append(" { warn = ")
          .append(warn)
          .append(", fail = ")
          .append(rc.defaultFail())
          .append(" }\n");
    }
    AuditConfig cfg =
        AuditConfig.from(
            new ConfigReader(
                ConfigFactory.parseString("audit { " + base + "\n checks { " + checks + " } }"),
                "audit"));
    assertThat(cfg.thresholds().get(ReadinessCheck.KNOWN_EVENT_SHARE).warn()).isEqualTo(0.5);

    String inverted =
        checks
            .toString()
            .replace(
                "known-event-share { warn = 0.5, fail = 0.1 }",
                "known-event-share { warn = 0.1, fail = 0.5 }");
    assertThatThrownBy(
            () ->
                AuditConfig.from(
                    new ConfigReader(
                        ConfigFactory.parseString(
                            "audit { " + base + "\n checks { " + inverted + " } }"),
                        "audit")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "audit.checks.known-event-share.fail must be at most audit.checks.known-event-share.warn (higher is better)")
        .hasMessageContaining("got warn 0.1 and fail 0.5");
  }
}
