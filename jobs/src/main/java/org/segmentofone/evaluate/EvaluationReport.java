package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.svg.SVGGraphics2D;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.ReportFiles;
import org.segmentofone.common.Tables;

/**
 * The evaluation's HTML page: the gate's verdict, one chart per metric (value by K, a line per
 * algorithm, drawn by JFreeChart as inline SVG), the table of every value and the hyper-parameter
 * candidates. Self-contained: no script, no external file.
 */
public final class EvaluationReport {
  /** One metric value of one algorithm. */
  public record Value(String algorithm, String metric, int k, double value) {}

  /** One hyper-parameter candidate as recorded by train. */
  public record Candidate(
      int number,
      int rank,
      double regParam,
      double alpha,
      boolean logScale,
      String blend,
      double ndcg,
      boolean chosen) {}

  /** Everything the page shows. */
  public record Content(
      String runDate,
      String modelVersion,
      String cutoff,
      long testPersons,
      boolean approved,
      String reason,
      String primary,
      List<Value> values,
      List<Candidate> candidates) {}

  private static final Color[] PALETTE = {
    new Color(0x1f77b4),
    new Color(0xff7f0e),
    new Color(0x2ca02c),
    new Color(0xd62728),
    new Color(0x9467bd),
    new Color(0x8c564b)
  };

  private EvaluationReport() {}

  /** Writes the page as {@code <dir>/<run date>.html}; returns its qualified path. */
  public static String write(DeltaTables tables, String dir, Content c) {
    return ReportFiles.write(
        tables.sparkSession().sparkContext().hadoopConfiguration(),
        dir + "/" + c.runDate() + ".html",
        html(c));
  }

  /** The search's candidates of a model version, from {@code tuning_runs} (few rows). */
  public static List<Candidate> candidates(DeltaTables tables, String version) {
    List<Candidate> out = new ArrayList<>();
    if (!tables.exists(Tables.TUNING_RUNS)) {
      return out;
    }
    for (Row r :
        tables
            .read(Tables.TUNING_RUNS)
            .where(col("model_version").equalTo(lit(version)))
            .orderBy("candidate")
            .collectAsList()) {
      out.add(
          new Candidate(
              r.getInt(r.fieldIndex("candidate")),
              r.getInt(r.fieldIndex("rank")),
              r.getDouble(r.fieldIndex("reg_param")),
              r.getDouble(r.fieldIndex("alpha")),
              r.getBoolean(r.fieldIndex("log_scale")),
              blend(r),
              r.getDouble(r.fieldIndex("value")),
              r.getBoolean(r.fieldIndex("chosen"))));
    }
    return out;
  }

  /** A hybrid candidate's item-to-item part in words; null for an ALS candidate. */
  private static String blend(Row r) {
    int algorithm = List.of(r.schema().fieldNames()).indexOf("algorithm");
    if (algorithm < 0 || r.isNullAt(algorithm) || !"hybrid".equals(r.getString(algorithm))) {
      return null;
    }
    double w = r.getDouble(r.fieldIndex("blend_weight"));
    double recency = r.getDouble(r.fieldIndex("recency_half_life_days"));
    return w == 0
        ? "none (ALS alone)"
        : "weight %s, %s, recency %s"
            .formatted(
                w,
                r.getString(r.fieldIndex("similarity")),
                recency == 0 ? "off" : "half-life " + recency + " d");
  }

  public static String html(Content c) {
    System.setProperty("java.awt.headless", "true");
    Map<String, Map<String, Map<Integer, Double>>> byMetric = new LinkedHashMap<>();
    TreeSet<Integer> ks = new TreeSet<>();
    List<String> algorithms = new ArrayList<>();
    for (Value v : c.values()) {
      if (v.k() > 0) {
        ks.add(v.k());
      }
      if (!algorithms.contains(v.algorithm())) {
        algorithms.add(v.algorithm());
      }
      byMetric
          .computeIfAbsent(v.metric(), m -> new LinkedHashMap<>())
          .computeIfAbsent(v.algorithm(), a -> new LinkedHashMap<>())
          .put(v.k(), v.value());
    }
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Model evaluation ")
        .append(esc(c.runDate()))
        .append("</title><style>")
        .append(
            "body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:1100px;color:#222}"
                + "h1{font-size:1.5rem}.verdict{padding:1rem;border-radius:6px;margin:1rem 0}"
                + ".ok{background:#e6f4ea;border:1px solid #34a853}"
                + ".refused{background:#fce8e6;border:1px solid #d93025}"
                + ".charts{display:flex;flex-wrap:wrap;gap:1rem}"
                + "table{border-collapse:collapse;margin:1rem 0}"
                + "td,th{border:1px solid #ccc;padding:.3rem .6rem;text-align:right}"
                + "th{background:#f3f3f3}td:first-child,th:first-child{text-align:left}"
                + "tr.chosen{font-weight:bold;background:#fff8e1}")
        .append("</style></head><body>");
    h.append("<h1>Model ")
        .append(esc(c.modelVersion()))
        .append(": offline evaluation of ")
        .append(esc(c.runDate()))
        .append("</h1>");
    h.append("<p>Trained on events before ")
        .append(esc(c.cutoff()))
        .append("; tested on what ")
        .append(c.testPersons())
        .append(
            " persons added to a cart or bought from then on. Every algorithm ranks the whole"
                + " catalog for the same persons; persons with too few events get the fallback"
                + " list (popularity) inside the model's figures, as they would in production.</p>");
    h.append("<div class=\"verdict ")
        .append(c.approved() ? "ok" : "refused")
        .append("\"><strong>")
        .append(
            c.approved()
                ? "Approved for publication"
                : "Refused: nothing is published; the last published model and lists stay")
        .append("</strong> (gate on ")
        .append(esc(c.primary()))
        .append("): ")
        .append(esc(c.reason()))
        .append("</div>");

    h.append("<h2>Metric by K</h2><div class=\"charts\">");
    for (Map.Entry<String, Map<String, Map<Integer, Double>>> m : byMetric.entrySet()) {
      boolean cutoffMetric = m.getValue().values().stream().anyMatch(a -> !a.containsKey(0));
      if (cutoffMetric && ks.size() > 0) {
        h.append(chart(m.getKey(), m.getValue(), algorithms));
      }
    }
    h.append("</div>");

    h.append("<h2>All values</h2><table><tr><th>metric</th><th>K</th>");
    for (String a : algorithms) {
      h.append("<th>").append(esc(a)).append("</th>");
    }
    h.append("</tr>");
    for (Map.Entry<String, Map<String, Map<Integer, Double>>> m : byMetric.entrySet()) {
      TreeSet<Integer> metricKs = new TreeSet<>();
      m.getValue().values().forEach(a -> metricKs.addAll(a.keySet()));
      for (int k : metricKs) {
        h.append("<tr><td>")
            .append(esc(m.getKey()))
            .append("</td><td>")
            .append(k == 0 ? "" : String.valueOf(k))
            .append("</td>");
        for (String a : algorithms) {
          Double v = m.getValue().getOrDefault(a, Map.of()).get(k);
          h.append("<td>").append(v == null ? "" : "%.4f".formatted(v)).append("</td>");
        }
        h.append("</tr>");
      }
    }
    h.append("</table>");

    if (!c.candidates().isEmpty()) {
      h.append("<h2>Hyper-parameter search (validation window before the cutoff)</h2>")
          .append(
              "<p>ALS candidates first; then the chosen ALS values blended with item-to-item"
                  + " scores (0 = ALS alone), which the hybrid serves.</p>")
          .append("<table><tr><th>candidate</th><th>rank</th><th>regParam</th><th>alpha</th>")
          .append("<th>log scale</th><th>item-to-item blend</th><th>NDCG</th></tr>");
      for (Candidate k : c.candidates()) {
        h.append(k.chosen() ? "<tr class=\"chosen\">" : "<tr>")
            .append("<td>")
            .append(k.number())
            .append(k.chosen() ? " (chosen)" : k.number() == 0 ? " (configured)" : "")
            .append("</td><td>")
            .append(k.rank())
            .append("</td><td>")
            .append(k.regParam())
            .append("</td><td>")
            .append(k.alpha())
            .append("</td><td>")
            .append(k.logScale())
            .append("</td><td>")
            .append(k.blend() == null ? "" : esc(k.blend()))
            .append("</td><td>")
            .append("%.4f".formatted(k.ndcg()))
            .append("</td></tr>");
      }
      h.append("</table>");
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String chart(
      String metric, Map<String, Map<Integer, Double>> series, List<String> algorithms) {
    XYSeriesCollection data = new XYSeriesCollection();
    for (String a : algorithms) {
      XYSeries s = new XYSeries(a);
      series.getOrDefault(a, Map.of()).forEach((k, v) -> s.add((double) k, v));
      data.addSeries(s);
    }
    JFreeChart chart =
        ChartFactory.createXYLineChart(
            metric + " @ K", "K", metric, data, PlotOrientation.VERTICAL, true, false, false);
    chart.setBackgroundPaint(Color.WHITE);
    XYPlot plot = chart.getXYPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    ((NumberAxis) plot.getDomainAxis()).setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
    for (int i = 0; i < algorithms.size(); i++) {
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
      r.setSeriesStroke(i, new BasicStroke(2f));
    }
    plot.setRenderer(r);
    SVGGraphics2D g = new SVGGraphics2D(340, 260);
    chart.draw(g, new Rectangle(0, 0, 340, 260));
    return "<figure>" + g.getSVGElement() + "</figure>";
  }

  private static String esc(String s) {
    return s == null
        ? ""
        : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
