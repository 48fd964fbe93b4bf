package org.segmentofone.measure;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Rectangle;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.renderer.category.StatisticalBarRenderer;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.data.statistics.DefaultStatisticalCategoryDataset;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;
import org.jfree.svg.SVGGraphics2D;

/**
 * The readout's charts, drawn by JFreeChart as inline SVG: a metric by arm and period with its
 * interval (error bars), and the cumulative lift by day since launch with its interval (a band).
 */
final class MeasureCharts {
  private static final Color[] ARMS = {
    new Color(0x7f7f7f), new Color(0x1f77b4), new Color(0xff7f0e)
  };
  private static final Color LIFT = new Color(0x1f77b4);

  private MeasureCharts() {}

  /** Bars of {@code metric} per period (baseline, experiment) and arm, with interval whiskers. */
  static String metricByArm(
      List<ReadoutRow> finals, Metric metric, List<String> arms, double scale) {
    DefaultStatisticalCategoryDataset data = new DefaultStatisticalCategoryDataset();
    for (String period : List.of(MeasureTransforms.BASELINE, MeasureTransforms.EXPERIMENT)) {
      for (String arm : arms) {
        finals.stream()
            .filter(
                r ->
                    r.period().equals(period)
                        && r.arm().equals(arm)
                        && r.metric().equals(metric.key())
                        && !Double.isNaN(r.value()))
            .findFirst()
            .ifPresent(
                r ->
                    data.add(
                        r.value() * scale,
                        Double.isNaN(r.ciHigh()) ? 0 : (r.ciHigh() - r.ciLow()) / 2 * scale,
                        arm,
                        period));
      }
    }
    CategoryAxis x = new CategoryAxis(null);
    NumberAxis y = new NumberAxis(scale == 100 ? "%" : null);
    StatisticalBarRenderer r = new StatisticalBarRenderer();
    r.setBarPainter(new StandardBarPainter());
    r.setShadowVisible(false);
    r.setErrorIndicatorPaint(Color.BLACK);
    for (int i = 0; i < arms.size(); i++) {
      r.setSeriesPaint(i, ARMS[Math.min(i, ARMS.length - 1)]);
    }
    r.setItemMargin(0.05);
    CategoryPlot plot = new CategoryPlot(data, x, y, r);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    JFreeChart chart =
        new JFreeChart(capital(metric.label()), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return svg(chart, 340, 280);
  }

  /** The cumulative lift of {@code arm} over control, in percent, by day since launch. */
  static String liftOverTime(List<ReadoutRow> daily, String title) {
    YIntervalSeries s = new YIntervalSeries("lift, with its interval");
    for (ReadoutRow r : daily) {
      if (!Double.isNaN(r.liftLow())) {
        s.add(r.days(), r.lift() * 100, r.liftLow() * 100, r.liftHigh() * 100);
      }
    }
    YIntervalSeriesCollection data = new YIntervalSeriesCollection();
    data.addSeries(s);
    DeviationRenderer renderer = new DeviationRenderer(true, false);
    renderer.setSeriesPaint(0, LIFT);
    renderer.setSeriesFillPaint(0, new Color(0x9ecae1));
    renderer.setSeriesStroke(0, new BasicStroke(2f));
    NumberAxis x = new NumberAxis("days since launch");
    x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    NumberAxis y = new NumberAxis("lift over control (%)");
    y.setAutoRangeIncludesZero(true);
    XYPlot plot = new XYPlot(data, x, y, renderer);
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(new Color(0xdddddd));
    plot.setDomainGridlinePaint(new Color(0xdddddd));
    ValueMarker zero = new ValueMarker(0, Color.DARK_GRAY, new BasicStroke(1f));
    plot.addRangeMarker(zero);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    return svg(chart, 700, 300);
  }

  private static String svg(JFreeChart chart, int width, int height) {
    SVGGraphics2D g = new SVGGraphics2D(width, height);
    chart.draw(g, new Rectangle(0, 0, width, height));
    return g.getSVGElement();
  }

  private static String capital(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
