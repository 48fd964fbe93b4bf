package org.segmentofone.evaluate;

import java.util.List;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/** The offline evaluation and the gate (config section {@code evaluate}). */
public record EvaluateConfig(
    int holdoutDays,
    List<Integer> ks,
    String primaryMetric,
    int primaryK,
    double maxRegression,
    int minTestPersons,
    boolean excludeBought,
    double popularityHalfLifeDays,
    int coOccurrenceHistory,
    int coOccurrenceNeighbours,
    int maxTestPersons,
    long sampleSeed,
    String reportDir) {

  public static EvaluateConfig from(ConfigReader c) {
    List<Integer> ks = c.ints("ks", 1).stream().distinct().sorted().toList();
    String primary = c.nonBlank("primary-metric");
    List<String> rankable = RankingMetrics.ALL.stream().filter(m -> !m.equals("coverage")).toList();
    if (!rankable.contains(primary)) {
      throw new ConfigException(
          c.key("primary-metric") + " must be one of " + rankable + ", got '" + primary + "'");
    }
    int primaryK = c.intAtLeast("primary-k", 1);
    if (!ks.contains(primaryK)) {
      throw new ConfigException(
          c.key("primary-k") + " must be one of " + c.key("ks") + " " + ks + ", got " + primaryK);
    }
    return new EvaluateConfig(
        c.intAtLeast("holdout-days", 1),
        ks,
        primary,
        primaryK,
        c.fraction("max-regression"),
        c.intAtLeast("min-test-persons", 1),
        c.bool("exclude-bought"),
        c.positive("popularity-half-life-days"),
        c.intAtLeast("co-occurrence-history", 1),
        c.intAtLeast("co-occurrence-neighbours", 1),
        c.intAtLeast("max-test-persons", 0),
        c.longAtLeast("sample-seed", Long.MIN_VALUE),
        c.string("report-dir"));
  }

  /** The deepest list any metric needs. */
  public int maxK() {
    return ks.get(ks.size() - 1);
  }
}
