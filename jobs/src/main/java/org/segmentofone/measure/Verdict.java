package org.segmentofone.measure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The plain-language verdict of one treatment arm of one experiment, on the primary metric at the
 * end of the experiment window, with the sample-ratio and pre-launch baseline warnings.
 */
public record Verdict(
    String experiment,
    String arm,
    Metric metric,
    String headline,
    List<String> notes,
    boolean significant,
    boolean srmAlert,
    ReadoutRow readout) {

  /** One verdict per experiment and non-control arm, in experiment order. */
  public static List<Verdict> all(List<ReadoutRow> rows, MeasureConfig cfg) {
    List<Verdict> out = new ArrayList<>();
    String key = cfg.primaryMetric().key();
    for (ReadoutRow r : rows) {
      if (r.period().equals(MeasureTransforms.EXPERIMENT)
          && r.isFinal()
          && r.metric().equals(key)
          && !r.arm().equals(cfg.controlArm())) {
        Optional<ReadoutRow> baseline =
            rows.stream()
                .filter(
                    b ->
                        b.experiment().equals(r.experiment())
                            && b.period().equals(MeasureTransforms.BASELINE)
                            && b.arm().equals(r.arm())
                            && b.metric().equals(key))
                .findFirst();
        out.add(of(r, baseline, cfg));
      }
    }
    return out;
  }

  static Verdict of(ReadoutRow r, Optional<ReadoutRow> baseline, MeasureConfig cfg) {
    Metric m = Metric.fromKey(r.metric());
    boolean srm = r.srmPValue() < cfg.srmAlertP();
    boolean significant = r.pValue() < cfg.alpha();
    String effect =
        "%s %s (%.0f%% interval %s to %s, %s)"
            .formatted(
                m.label(),
                pct(r.lift()),
                (1 - cfg.alpha()) * 100,
                pct(r.liftLow()),
                pct(r.liftHigh()),
                p(r.pValue()));
    String headline;
    if (Double.isNaN(r.pValue())) {
      headline = "Not enough data yet to compare the arms.";
    } else if (significant) {
      headline = (r.lift() > 0 ? "Significant lift: " : "Significant drop: ") + effect + ".";
    } else if (r.daysNeeded() > 0) {
      headline =
          "No detectable difference yet — %d more days needed to detect a %s lift at this traffic (%s)."
              .formatted(r.daysNeeded(), pct(cfg.minLift()), effect);
    } else {
      headline =
          "No detectable difference: a lift of %s would very likely have shown by now (%s)."
              .formatted(pct(cfg.minLift()), effect);
    }
    List<String> notes = new ArrayList<>();
    if (srm) {
      notes.add(
          "Sample ratio mismatch (%s): the split of persons between the arms is not the expected %.0f/%.0f. Check the assignment before trusting this readout."
              .formatted(
                  p(r.srmPValue()),
                  cfg.expectedControlShare() * 100,
                  (1 - cfg.expectedControlShare()) * 100));
    }
    if (r.mixedPersons() > 0) {
      notes.add(
          "%d persons saw both arms (for instance on a shared device) and are left out."
              .formatted(r.mixedPersons()));
    }
    if (baseline.isPresent() && baseline.get().pValue() < cfg.alpha()) {
      notes.add(
          "The arms already differed before launch (baseline %s %s, %s): part of the difference may not be the experiment's."
              .formatted(m.label(), pct(baseline.get().lift()), p(baseline.get().pValue())));
    }
    return new Verdict(r.experiment(), r.arm(), m, headline, notes, significant, srm, r);
  }

  /** A relative change as a signed percentage. */
  static String pct(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return String.format(Locale.ROOT, "%+.1f%%", v * 100);
  }

  /** A p-value as text: "p = 0.0123", or "p < 0.0001". */
  static String p(double v) {
    String n = pValue(v);
    return n.startsWith("<") ? "p " + n : "p = " + n;
  }

  /** A p-value alone: "0.0123", "< 0.0001" or "–". */
  static String pValue(double v) {
    if (Double.isNaN(v)) {
      return "–";
    }
    return v < 0.0001 ? "< 0.0001" : String.format(Locale.ROOT, "%.4f", v);
  }
}
