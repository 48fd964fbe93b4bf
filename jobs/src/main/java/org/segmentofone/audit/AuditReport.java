package org.segmentofone.audit;

import java.awt.Color;
import java.awt.Rectangle;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.svg.SVGGraphics2D;
import org.segmentofone.audit.Check.Status;

/**
 * The audit's HTML page (verdicts, every check with its advice, and three charts drawn by
 * JFreeChart as inline SVG: events per day by type, the identity funnel, the events-per-person
 * histogram) and its JSON twin. Self-contained: no script, no external file.
 */
public final class AuditReport {
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)
  };
  private static final Map<Status, String> COLOURS =
      Map.of(Status.OK, "#e6f4ea", Status.WARN, "#fef7e0", Status.FAIL, "#fce8e6");

  private AuditReport() {}

  public static String html(AuditFigures f, List<Check> checks) {
    System.setProperty("java.awt.headless", "true");
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Data readiness ")
        .append(f.runDate())
        .append("</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}"
                + "h1{font-size:1.5rem}.cards{display:flex;gap:1rem;flex-wrap:wrap}"
                + ".card{flex:1;min-width:200px;padding:1rem;border-radius:6px;border:1px solid #ccc}"
                + ".card h3{margin:.2rem 0;text-transform:capitalize}.badge{font-weight:bold;"
                + "text-transform:uppercase}.charts{display:flex;flex-wrap:wrap;gap:1rem}"
                + "table{border-collapse:collapse;margin:1rem 0;width:100%}"
                + "td,th{border:1px solid #ccc;padding:.3rem .6rem;vertical-align:top}"
                + "th{background:#f3f3f3;text-align:left}td.num{text-align:right;white-space:nowrap}")
        .append("</style></head><body>");
    Check overall =
        checks.stream()
            .filter(c -> c.section().equals(Readiness.OVERALL))
            .findFirst()
            .orElseThrow();
    h.append("<h1>Is the data ready? Collected, Connected, Consumable — ")
        .append(f.runDate())
        .append("</h1><p>The ")
        .append(f.windowDays())
        .append(" days up to the run date. Overall: <span class=\"badge\">")
        .append(overall.status().label())
        .append("</span>. ")
        .append(esc(overall.advice()))
        .append("</p><div class=\"cards\">");
    for (Check c : checks) {
      if (c.check().equals(Readiness.VERDICT) && !c.section().equals(Readiness.OVERALL)) {
        h.append("<div class=\"card\" style=\"background:")
            .append(COLOURS.get(c.status()))
            .append("\"><h3>")
            .append(esc(c.section()))
            .append("</h3><span class=\"badge\">")
            .append(c.status().label())
            .append("</span> · ")
            .append(esc(c.detail()))
            .append("<p>")
            .append(esc(c.advice()))
            .append("</p></div>");
      }
    }
    h.append("</div><h2>Charts</h2><div class=\"charts\">")
        .append(dailyChart(f))
        .append(funnelChart(f))
        .append(histogramChart(f))
        .append("</div>");
    h.append("<h2>Every check</h2><table><tr><th>section</th><th>check</th><th>value</th>")
        .append("<th>warn / fail at</th><th>status</th><th>advice</th></tr>");
    for (Check c : checks) {
      if (c.check().equals(Readiness.VERDICT)) {
        continue;
      }
      ReadinessCheck rc = ReadinessCheck.valueOf(c.check().toUpperCase(Locale.ROOT));
      h.append("<tr style=\"background:")
          .append(COLOURS.get(c.status()))
          .append("\"><td>")
          .append(esc(c.section()))
          .append("</td><td>")
          .append(esc(c.check().replace('_', ' ')))
          .append("</td><td class=\"num\">")
          .append(esc(rc.format(c.value())))
          .append("</td><td class=\"num\">")
          .append(c.better() == Check.Better.HIGHER ? "below " : "above ")
          .append(esc(rc.format(c.warn())))
          .append(" / ")
          .append(esc(rc.format(c.fail())))
          .append("</td><td>")
          .append(c.status().label())
          .append("</td><td>")
          .append(esc(c.advice()))
          .append("<br><small>")
          .append(esc(c.detail()))
          .append("</small></td></tr>");
    }
    h.append("</table></body></html>\n");
    return h.toString();
  }

  /** The checks as JSON: run date, window and one object per check (verdicts included). */
  public static String json(AuditFigures f, List<Check> checks) {
    StringBuilder j = new StringBuilder();
    j.append("{\"run_date\":\"")
        .append(f.runDate())
        .append("\",\"window_days\":")
        .append(f.windowDays());
    j.append(",\"checks\":[");
    for (int i = 0; i < checks.size(); i++) {
      Check c = checks.get(i);
      j.append(i == 0 ? "\n" : ",\n")
          .append("{\"section\":")
          .append(str(c.section()))
          .append(",\"check\":")
          .append(str(c.check()))
          .append(",\"value\":")
          .append(num(c.value()))
          .append(",\"unit\":")
          .append(str(c.unit()))
          .append(",\"better\":")
          .append(str(c.better().label()))
          .append(",\"threshold\":")
          .append(num(c.warn()))
          .append(",\"fail_threshold\":")
          .append(num(c.fail()))
          .append(",\"status\":")
          .append(str(c.status().label()))
          .append(",\"advice\":")
          .append(str(c.advice()))
          .append(",\"detail\":")
          .append(str(c.detail()))
          .append('}');
    }
    return j.append("\n]}\n").toString();
  }

  private static String dailyChart(AuditFigures f) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    TreeSet<String> types = new TreeSet<>();
    Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
    f.daily()
        .forEach(
            d -> {
              types.add(d.type());
              byDay
                  .computeIfAbsent(d.date(), x -> new TreeMap<>())
                  .merge(d.type(), d.events(), Long::sum);
            });
    for (LocalDate d = f.runDate().minusDays(f.windowDays() - 1L);
        !d.isAfter(f.runDate());
        d = d.plusDays(1)) {
      for (String t : types) {
        data.addValue(
            byDay.getOrDefault(d, Map.of()).getOrDefault(t, 0L), t, d.toString().substring(5));
      }
    }
    JFreeChart chart =
        ChartFactory.createStackedBarChart(
            "Events per day by type",
            "day",
            "events",
            data,
            PlotOrientation.VERTICAL,
            true,
            false,
            false);
    CategoryAxis axis = chart.getCategoryPlot().getDomainAxis();
    axis.setCategoryLabelPositions(CategoryLabelPositions.UP_90);
    return svg(
        style(chart), 720, 340, "Events per day by type, the last " + f.windowDays() + " days");
  }

  private static String funnelChart(AuditFigures f) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    AuditFigures.Connected c = f.connected();
    if (c != null) {
      data.addValue(c.persons(), "persons", "active persons");
      data.addValue(c.linkedPersons(), "persons", "2+ identifiers");
      data.addValue(c.knownPersons(), "persons", "known customer");
      data.addValue(c.crossDevicePersons(), "persons", "known, 2+ devices");
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Identity funnel: anonymous → known",
            null,
            "persons",
            data,
            PlotOrientation.HORIZONTAL,
            false,
            false,
            false);
    return svg(
        style(chart), 360, 340, "Identity funnel: active persons to known, cross-device customers");
  }

  private static String histogramChart(AuditFigures f) {
    DefaultCategoryDataset data = new DefaultCategoryDataset();
    int[] b = AuditTransforms.BUCKETS;
    for (int i = 0; i < b.length; i++) {
      String label =
          i == b.length - 1
              ? b[i] + "+"
              : b[i + 1] - b[i] == 1 ? String.valueOf(b[i]) : b[i] + "–" + (b[i + 1] - 1);
      data.addValue(f.productEventHistogram().getOrDefault(b[i], 0L), "persons", label);
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            "Persons by number of product events",
            "product events",
            "persons",
            data,
            PlotOrientation.VERTICAL,
            false,
            false,
            false);
    return svg(style(chart), 360, 340, "Persons by number of product events (profiles)");
  }

  private static JFreeChart style(JFreeChart chart) {
    chart.setBackgroundPaint(Color.WHITE);
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    BarRenderer r = (BarRenderer) plot.getRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    for (int i = 0; i < PALETTE.length; i++) {
      r.setSeriesPaint(i, PALETTE[i]);
    }
    return chart;
  }

  private static String svg(JFreeChart chart, int width, int height, String caption) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return "<figure>"
        + g.getSVGElement()
        + "<figcaption>"
        + esc(caption)
        + "</figcaption></figure>";
  }

  private static String num(Double v) {
    return v == null || v.isNaN() || v.isInfinite()
        ? "null"
        : String.format(Locale.ROOT, "%.6g", v);
  }

  private static String str(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char ch : s.toCharArray()) {
      switch (ch) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (ch < 0x20) {
            out.append(String.format("\\u%04x", (int) ch));
          } else {
            out.append(ch);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
