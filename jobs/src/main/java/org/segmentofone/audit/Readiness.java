package org.segmentofone.audit;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.segmentofone.audit.Check.Better;
import org.segmentofone.audit.Check.Status;

/**
 * Turns measured values into checks with a status and advice, then a verdict per section (the worst
 * status in it) and an overall verdict (the worst section). Pure: no Spark.
 */
public final class Readiness {
  public static final List<String> SECTIONS = List.of("collected", "connected", "consumable");
  public static final String VERDICT = "verdict";
  public static final String OVERALL = "overall";

  private Readiness() {}

  /** A measured value and a short detail (which type dropped, the top reject reasons...). */
  public record Measured(double value, String detail) {
    public static Measured of(double value) {
      return new Measured(value, null);
    }

    /** A value that could not be measured (its table is missing): fails with the reason. */
    public static Measured missing(String why) {
      return new Measured(Double.NaN, why);
    }
  }

  /**
   * The checks in declaration order followed by the three section verdicts and the overall one. A
   * check with no measurement is reported as failed, naming why.
   */
  public static List<Check> assess(
      Map<ReadinessCheck, Measured> measured, AuditConfig cfg, int coldStartEvents) {
    Map<ReadinessCheck, Check> checks = new EnumMap<>(ReadinessCheck.class);
    for (ReadinessCheck rc : ReadinessCheck.values()) {
      Measured m = measured.getOrDefault(rc, Measured.missing("not measured"));
      AuditConfig.Thresholds t = cfg.thresholds().get(rc);
      Status status = Check.status(m.value(), rc.better(), t.warn(), t.fail());
      long n =
          rc == ReadinessCheck.PRODUCTS_WITH_SIGNAL_SHARE ? cfg.signalPersons() : coldStartEvents;
      String advice =
          Double.isNaN(m.value())
              ? "Could not be measured: " + m.detail() + "."
              : rc.advice(status, m.value(), m.detail(), n);
      checks.put(
          rc,
          new Check(
              rc.section(),
              rc.id(),
              m.value(),
              rc.unit(),
              rc.better(),
              t.warn(),
              t.fail(),
              status,
              advice,
              m.detail()));
    }
    List<Check> out = new ArrayList<>(checks.values());
    Status overall = Status.OK;
    List<String> sectionLines = new ArrayList<>();
    for (String section : SECTIONS) {
      List<Check> in = checks.values().stream().filter(c -> c.section().equals(section)).toList();
      Check verdict = verdict(section, in);
      out.add(verdict);
      overall = overall.worst(verdict.status());
      sectionLines.add(section + " " + verdict.status().label());
    }
    List<Check> all = List.copyOf(checks.values());
    long ok = all.stream().filter(c -> c.status() == Status.OK).count();
    String advice =
        switch (overall) {
          case OK -> "Ready: the data supports personal recommendations and a fair experiment.";
          case WARN ->
              "Usable with caveats ("
                  + String.join(", ", sectionLines)
                  + "): "
                  + firstAdvice(all, Status.WARN);
          case FAIL ->
              "Not ready ("
                  + String.join(", ", sectionLines)
                  + "). Fix first: "
                  + firstAdvice(all, Status.FAIL);
        };
    out.add(
        new Check(
            OVERALL,
            VERDICT,
            (double) ok / all.size(),
            "share",
            Better.HIGHER,
            null,
            null,
            overall,
            advice,
            ok + " of " + all.size() + " checks ok"));
    return out;
  }

  private static Check verdict(String section, List<Check> checks) {
    Status worst = Status.OK;
    for (Check c : checks) {
      worst = worst.worst(c.status());
    }
    long ok = checks.stream().filter(c -> c.status() == Status.OK).count();
    long failing = checks.stream().filter(c -> c.status() == Status.FAIL).count();
    long warning = checks.stream().filter(c -> c.status() == Status.WARN).count();
    String name = Character.toUpperCase(section.charAt(0)) + section.substring(1);
    String advice =
        switch (worst) {
          case OK -> name + ": ready, every check passes.";
          case WARN -> name + ": usable, " + warning + " warning(s). " + firstAdvice(checks, worst);
          case FAIL -> name + ": not ready, " + failing + " failing. " + firstAdvice(checks, worst);
        };
    return new Check(
        section,
        VERDICT,
        (double) ok / checks.size(),
        "share",
        Better.HIGHER,
        null,
        null,
        worst,
        advice,
        ok + " of " + checks.size() + " checks ok");
  }

  private static String firstAdvice(List<Check> checks, Status status) {
    return checks.stream()
        .filter(c -> c.status() == status)
        .map(Check::advice)
        .findFirst()
        .orElse("");
  }
}
