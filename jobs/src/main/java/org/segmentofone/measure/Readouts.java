package org.segmentofone.measure;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns the arms' sums of one window at one day into readout rows: per arm the totals and every
 * {@link Metric} with its interval; per non-control arm the lift over control with its interval,
 * p-value, minimum detectable effect and the days still needed to detect {@code min-lift}.
 */
public final class Readouts {
  private Readouts() {}

  /** Where one set of sums belongs. */
  public record Window(
      String experiment, String period, LocalDate start, LocalDate end, LocalDate asOf) {
    int days() {
      return (int) ChronoUnit.DAYS.between(start, asOf) + 1;
    }
  }

  /** The rows of one window and day; {@code arms} by arm name (sorted for stable output). */
  public static List<ReadoutRow> of(
      Window w, Map<String, ArmSums> arms, long mixedPersons, MeasureConfig cfg) {
    ArmSums control = arms.get(cfg.controlArm());
    long controlPersons = control == null ? 0 : control.persons();
    long others = arms.values().stream().mapToLong(ArmSums::persons).sum() - controlPersons;
    double srm =
        control == null || others == 0
            ? Double.NaN
            : SampleRatio.pValue(controlPersons, others, cfg.expectedControlShare());
    List<ReadoutRow> rows = new ArrayList<>();
    for (ArmSums arm : arms.values()) {
      boolean isControl = arm.arm().equals(cfg.controlArm());
      long sessions = Math.round(arm.sum(Quantity.SESSIONS));
      for (Quantity q : Quantity.values()) {
        rows.add(
            row(
                w,
                arm,
                q.column(),
                arm.sum(q),
                Double.NaN,
                Double.NaN,
                Double.NaN,
                null,
                Double.NaN,
                -1,
                sessions,
                mixedPersons,
                srm));
      }
      for (Metric m : Metric.values()) {
        Ratio r = Ratio.of(arm.moments(m));
        if (isControl || control == null) {
          rows.add(
              row(
                  w,
                  arm,
                  m.key(),
                  r.value(),
                  r.low(cfg.alpha()),
                  r.high(cfg.alpha()),
                  Double.NaN,
                  null,
                  Double.NaN,
                  -1,
                  sessions,
                  mixedPersons,
                  srm));
          continue;
        }
        Ratio c = Ratio.of(control.moments(m));
        Lift lift = Lift.of(r, c, cfg.alpha());
        double mde = Power.minimumDetectableEffect(lift.logSe(), cfg.alpha(), cfg.power());
        long needed =
            Power.daysNeeded(lift.logSe(), w.days(), cfg.minLift(), cfg.alpha(), cfg.power());
        rows.add(
            row(
                w,
                arm,
                m.key(),
                r.value(),
                r.low(cfg.alpha()),
                r.high(cfg.alpha()),
                c.value(),
                lift,
                mde,
                needed,
                sessions,
                mixedPersons,
                srm));
      }
    }
    return rows;
  }

  private static ReadoutRow row(
      Window w,
      ArmSums arm,
      String metric,
      double value,
      double low,
      double high,
      double controlValue,
      Lift lift,
      double mde,
      long needed,
      long sessions,
      long mixed,
      double srm) {
    return new ReadoutRow(
        w.experiment(),
        w.period(),
        w.start(),
        w.end(),
        w.asOf(),
        w.days(),
        arm.arm(),
        metric,
        value,
        low,
        high,
        controlValue,
        lift == null ? Double.NaN : lift.lift(),
        lift == null ? Double.NaN : lift.low(),
        lift == null ? Double.NaN : lift.high(),
        lift == null ? Double.NaN : lift.pValue(),
        mde,
        needed,
        arm.persons(),
        sessions,
        mixed,
        srm);
  }
}
