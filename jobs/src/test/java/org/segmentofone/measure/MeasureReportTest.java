package org.segmentofone.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Verdict wording and the report's shape on readouts built from hand-made arm sums. */
class MeasureReportTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);
  private static final MeasureConfig CFG = MeasureConfig.defaults();

  /** An arm of {@code persons} persons with 2 sessions each, {@code converting} of them 1. */
  private static ArmSums arm(String name, int persons, int converting) {
    int n = Quantity.values().length;
    double[] sums = new double[n];
    double[][] cross = new double[n][n];
    for (int i = 0; i < persons; i++) {
      double[] q = new double[n];
      q[Quantity.SESSIONS.ordinal()] = 2;
      q[Quantity.CONVERTING_SESSIONS.ordinal()] = i < converting ? 1 : 0;
      q[Quantity.ORDERS.ordinal()] = i < converting ? 1 : 0;
      q[Quantity.REVENUE.ordinal()] = i < converting ? 50 : 0;
      for (int a = 0; a < n; a++) {
        sums[a] += q[a];
        for (int b = 0; b < n; b++) {
          cross[a][b] += q[a] * q[b];
        }
      }
    }
    return new ArmSums(name, persons, sums, cross);
  }

  private static List<ReadoutRow> readout(int controlConverting, int treatmentConverting) {
    List<ReadoutRow> rows = new ArrayList<>();
    LocalDate launch = RUN.minusDays(9);
    for (int d = 0; d < 10; d++) {
      Map<String, ArmSums> arms = new TreeMap<>();
      int scale = d + 1;
      arms.put("control", arm("control", 100 * scale, controlConverting * scale));
      arms.put("treatment", arm("treatment", 100 * scale, treatmentConverting * scale));
      rows.addAll(
          Readouts.of(
              new Readouts.Window("recs-v1", "experiment", launch, RUN, launch.plusDays(d)),
              arms,
              0,
              CFG));
    }
    return rows;
  }

  @Test
  void aClearWinnerIsASignificantLift() {
    List<Verdict> v = Verdict.all(readout(10, 20), CFG);
    assertThat(v).hasSize(1);
    assertThat(v.get(0).significant()).isTrue();
    assertThat(v.get(0).headline())
        .startsWith("Significant lift: conversion rate +100.0% (95% interval +")
        .endsWith(", p < 0.0001).");
  }

  @Test
  void aSmallDifferenceNeedsMoreDaysAndSaysHowMany() {
    Verdict v = Verdict.all(readout(10, 11), CFG).get(0);
    assertThat(v.significant()).isFalse();
    assertThat(v.headline())
        .matches(
            "No detectable difference yet — \\d+ more days needed to detect a \\+5\\.0% lift.*");
    assertThat(v.readout().daysNeeded()).isPositive();
  }

  @Test
  void aBrokenSplitAndArmsThatDifferedBeforeLaunchAreFlagged() {
    ReadoutRow r = readout(10, 20).get(0);
    ReadoutRow skewed =
        new ReadoutRow(
            r.experiment(),
            r.period(),
            r.windowStart(),
            r.windowEnd(),
            r.asOf(),
            r.days(),
            "treatment",
            "conversion_rate",
            0.1,
            0.08,
            0.12,
            0.05,
            1.0,
            0.5,
            1.5,
            0.001,
            0.3,
            0,
            600,
            1200,
            3,
            1e-6);
    ReadoutRow baseline =
        new ReadoutRow(
            r.experiment(),
            "baseline",
            r.windowStart(),
            r.windowEnd(),
            r.windowEnd(),
            r.days(),
            "treatment",
            "conversion_rate",
            0.1,
            0.08,
            0.12,
            0.05,
            0.4,
            0.1,
            0.8,
            0.01,
            0.3,
            0,
            600,
            1200,
            3,
            0.5);
    Verdict v = Verdict.of(skewed, Optional.of(baseline), CFG);
    assertThat(v.srmAlert()).isTrue();
    assertThat(v.notes())
        .containsExactly(
            "Sample ratio mismatch (p < 0.0001): the split of persons between the arms is not the"
                + " expected 50/50. Check the assignment before trusting this readout.",
            "3 persons saw both arms (for instance on a shared device) and are left out.",
            "The arms already differed before launch (baseline conversion rate +40.0%, p ="
                + " 0.0100): part of the difference may not be the experiment's.");
  }

  @Test
  void theReportIsSelfContainedWithAChartPerKeyMetricAndTheLiftOverTime() throws Exception {
    List<ReadoutRow> rows = readout(10, 20);
    List<Verdict> verdicts = Verdict.all(rows, CFG);
    String html = MeasureReport.html(RUN, rows, verdicts, CFG);
    assertThat(html.split("<svg", -1)).hasSize(1 + 4 + 1);
    assertThat(html)
        .contains("Did personalisation pay off?", "Lift in conversion rate", "Significant lift")
        .doesNotContain("<script", "<link", "src=\"http");
    JsonNode json = new ObjectMapper().readTree(MeasureJson.of(RUN, rows, verdicts, CFG));
    assertThat(json.get("verdicts").get(0).get("significant").asBoolean()).isTrue();
    // Only the current readout (as of the window's end): 2 arms × (6 totals + 8 metrics).
    assertThat(json.get("readouts")).hasSize(2 * (6 + 8));
  }

  @Test
  void noExperimentSaysSo() {
    assertThat(MeasureReport.html(RUN, List.of(), List.of(), CFG)).contains("No experiment found");
  }
}
