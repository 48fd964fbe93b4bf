package org.segmentofone.measure;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * The experiment report: per experiment a plain-language verdict, the metrics of each arm with
 * intervals and lift (experiment window and pre-launch baseline), charts of the key metrics by arm
 * and of the lift over time ({@link MeasureJson} is its JSON twin). Self-contained: no script, no
 * external file.
 */
public final class MeasureReport {
  private static final List<Metric> CHARTED =
      List.of(
          Metric.CONVERSION_RATE, Metric.REVENUE_PER_SESSION, Metric.AOV, Metric.REC_REVENUE_SHARE);
  private static final String CSS =
      "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}"
          + "h1{font-size:1.5rem}h2{margin-top:2.5rem;border-bottom:1px solid #ddd}"
          + ".verdict{padding:1rem;border-radius:6px;border:1px solid #ccc;margin:.5rem 0}"
          + ".win{background:#e6f4ea}.loss{background:#fce8e6}.wait{background:#fef7e0}"
          + ".warn{color:#a50e0e}.charts{display:flex;flex-wrap:wrap;gap:.5rem}"
          + "table{border-collapse:collapse;margin:1rem 0;width:100%;font-size:.9rem}"
          + "td,th{border:1px solid #ccc;padding:.3rem .5rem}th{background:#f3f3f3;text-align:left}"
          + "td.num{text-align:right;white-space:nowrap}.sig{font-weight:bold}small{color:#555}";

  private MeasureReport() {}

  public static String html(
      LocalDate runDate, List<ReadoutRow> rows, List<Verdict> verdicts, MeasureConfig cfg) {
    System.setProperty("java.awt.headless", "true");
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append("Did personalisation pay off? ")
        .append(runDate)
        .append("</title><style>")
        .append(CSS)
        .append("</style></head><body><h1>Did personalisation pay off? — ")
        .append(runDate)
        .append("</h1><p>Each experiment splits visitors into a control arm (")
        .append(esc(cfg.controlArm()))
        .append(") and a personalised arm. The experiment window is the first ")
        .append(cfg.windowDays())
        .append(" days after launch (up to today); the baseline is as many days just before")
        .append(" launch, for the same persons. Intervals are ")
        .append(level(cfg))
        .append(" confidence intervals computed per person (a person is the unit that was")
        .append(" split, so their sessions are not counted as independent). A difference is")
        .append(" significant when p &lt; ")
        .append(cfg.alpha())
        .append(".</p>");
    if (verdicts.isEmpty()) {
      h.append("<p>No experiment found: no <code>rec_impression</code> event carries an")
          .append(" experiment and an arm yet.</p>");
    }
    for (String experiment : new TreeSet<>(verdicts.stream().map(Verdict::experiment).toList())) {
      experiment(h, experiment, rows, verdicts, cfg);
    }
    return h.append("</body></html>\n").toString();
  }

  private static void experiment(
      StringBuilder h,
      String experiment,
      List<ReadoutRow> rows,
      List<Verdict> verdicts,
      MeasureConfig cfg) {
    List<ReadoutRow> finals =
        rows.stream().filter(r -> r.experiment().equals(experiment) && r.isFinal()).toList();
    ReadoutRow any = finals.get(0);
    h.append("<h2>")
        .append(esc(experiment))
        .append("</h2><p>Experiment window ")
        .append(window(finals, MeasureTransforms.EXPERIMENT))
        .append("; baseline ")
        .append(window(finals, MeasureTransforms.BASELINE))
        .append(". Persons seen in both arms and left out: ")
        .append(any.mixedPersons())
        .append(".</p>");
    for (Verdict v : verdicts) {
      if (!v.experiment().equals(experiment)) {
        continue;
      }
      String css =
          v.srmAlert() || (v.significant() && v.readout().lift() < 0)
              ? "loss"
              : v.significant() ? "win" : "wait";
      h.append("<div class=\"verdict ")
          .append(css)
          .append("\"><b>")
          .append(esc(v.arm()))
          .append(" vs ")
          .append(esc(cfg.controlArm()))
          .append(":</b> ")
          .append(esc(v.headline()));
      for (String note : v.notes()) {
        h.append("<br><span class=\"warn\">⚠ ").append(esc(note)).append("</span>");
      }
      h.append("</div>");
    }
    List<String> arms =
        new TreeSet<>(finals.stream().map(ReadoutRow::arm).toList())
            .stream()
                .sorted(
                    (a, b) ->
                        a.equals(cfg.controlArm())
                            ? -1
                            : b.equals(cfg.controlArm()) ? 1 : a.compareTo(b))
                .toList();
    h.append("<div class=\"charts\">");
    for (Metric m : CHARTED) {
      h.append("<figure>")
          .append(
              MeasureCharts.metricByArm(finals, m, arms, m.unit() == Metric.Unit.PERCENT ? 100 : 1))
          .append("<figcaption>")
          .append(esc(m.label()))
          .append(" by arm, with ")
          .append(level(cfg))
          .append(" intervals</figcaption></figure>");
    }
    h.append("</div>");
    for (Verdict v : verdicts) {
      if (v.experiment().equals(experiment)) {
        List<ReadoutRow> daily =
            rows.stream()
                .filter(
                    r ->
                        r.experiment().equals(experiment)
                            && r.period().equals(MeasureTransforms.EXPERIMENT)
                            && r.arm().equals(v.arm())
                            && r.metric().equals(v.metric().key()))
                .sorted((a, b) -> a.asOf().compareTo(b.asOf()))
                .toList();
        h.append("<figure>")
            .append(
                MeasureCharts.liftOverTime(
                    daily, "Lift in " + v.metric().label() + ": " + v.arm() + " vs control"))
            .append("<figcaption>Cumulative lift since launch with its ")
            .append(level(cfg))
            .append(" interval; it narrows as persons accumulate.</figcaption></figure>");
      }
    }
    for (String period : List.of(MeasureTransforms.EXPERIMENT, MeasureTransforms.BASELINE)) {
      table(h, finals, period, arms, cfg);
    }
  }

  private static void table(
      StringBuilder h,
      List<ReadoutRow> finals,
      String period,
      List<String> arms,
      MeasureConfig cfg) {
    h.append("<h3>")
        .append(
            period.equals(MeasureTransforms.EXPERIMENT)
                ? "Experiment window"
                : "Baseline (before launch)")
        .append("</h3><table><tr><th>metric</th>");
    for (String arm : arms) {
      h.append("<th>").append(esc(arm)).append(" (").append(level(cfg)).append(" interval)</th>");
    }
    h.append("<th>lift (interval)</th><th>p</th><th>detectable now</th><th>days needed</th></tr>");
    for (Metric m : Metric.values()) {
      h.append("<tr><td>").append(esc(m.label())).append("</td>");
      ReadoutRow treat = null;
      for (String arm : arms) {
        ReadoutRow r = find(finals, period, arm, m.key());
        h.append("<td class=\"num\">");
        if (r != null) {
          h.append(m.format(r.value()))
              .append(" <small>(")
              .append(m.format(r.ciLow()))
              .append(" – ")
              .append(m.format(r.ciHigh()))
              .append(")</small>");
          if (!arm.equals(cfg.controlArm())) {
            treat = r;
          }
        }
        h.append("</td>");
      }
      if (treat != null) {
        boolean sig = treat.pValue() < cfg.alpha();
        h.append("<td class=\"num")
            .append(sig ? " sig" : "")
            .append("\">")
            .append(Verdict.pct(treat.lift()))
            .append(" <small>(")
            .append(Verdict.pct(treat.liftLow()))
            .append(" to ")
            .append(Verdict.pct(treat.liftHigh()))
            .append(")</small></td><td class=\"num\">")
            .append(Verdict.pValue(treat.pValue()))
            .append("</td><td class=\"num\">")
            .append(Verdict.pct(treat.mde()))
            .append("</td><td class=\"num\">")
            .append(treat.daysNeeded() < 0 ? "–" : String.valueOf(treat.daysNeeded()))
            .append("</td>");
      } else {
        h.append("<td></td><td></td><td></td><td></td>");
      }
      h.append("</tr>");
    }
    h.append("<tr><td>persons / sessions</td>");
    for (String arm : arms) {
      ReadoutRow r = find(finals, period, arm, Metric.CONVERSION_RATE.key());
      h.append("<td class=\"num\">")
          .append(
              r == null ? "–" : String.format(Locale.ROOT, "%,d / %,d", r.persons(), r.sessions()))
          .append("</td>");
    }
    h.append("<td colspan=\"4\"><small>sample-ratio check ")
        .append(
            Verdict.p(
                finals.stream()
                    .filter(r -> r.period().equals(period))
                    .findFirst()
                    .map(ReadoutRow::srmPValue)
                    .orElse(Double.NaN)))
        .append("</small></td></tr></table>");
  }

  private static ReadoutRow find(List<ReadoutRow> rows, String period, String arm, String metric) {
    return rows.stream()
        .filter(r -> r.period().equals(period) && r.arm().equals(arm) && r.metric().equals(metric))
        .findFirst()
        .orElse(null);
  }

  private static String window(List<ReadoutRow> finals, String period) {
    return finals.stream()
        .filter(r -> r.period().equals(period))
        .findFirst()
        .map(r -> r.windowStart() + " to " + r.windowEnd() + " (" + r.days() + " days)")
        .orElse("–");
  }

  private static String level(MeasureConfig cfg) {
    return String.format(Locale.ROOT, "%.0f%%", (1 - cfg.alpha()) * 100);
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
