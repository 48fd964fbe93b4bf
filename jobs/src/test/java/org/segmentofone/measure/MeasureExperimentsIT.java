package org.segmentofone.measure;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.AppConfig;
import org.segmentofone.Notebooks;
import org.segmentofone.Pipeline;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.ingest.GenerateStoreJob;
import org.slf4j.LoggerFactory;

/**
 * The readout against the generator's truth: a store of 28 days whose experiment launches on day 14
 * with +30% conversion of a filled cart in treatment, beside an A/A experiment on the same
 * impressions. collect → connect → measure; the planted lift must lie in the interval and the A/A
 * experiment must not come out significant.
 */
class MeasureExperimentsIT {
  private static SparkSession spark;
  private static AppConfig config;
  private static LocalDate day;
  private static MeasureExperimentsJob.Result result;
  private static Map<String, Row> truth;

  @BeforeAll
  static void generateCollectConnectMeasure() {
    spark = TestSpark.session();
    Path base = TestSpark.tempDir("measure-it");
    Path store = base.resolve("store");
    Map<String, String> o = new HashMap<>();
    o.put("paths.raw-events", store.resolve("raw/events").toString());
    o.put("paths.catalog", store.resolve("raw/catalog").toString());
    o.put("paths.warehouse", base.resolve("warehouse").toString());
    o.put("paths.checkpoint", base.resolve("checkpoints").toString());
    o.put("generate.output", store.toString());
    o.put("generate.seed", "3");
    o.put("generate.days", "28");
    o.put("generate.events", "60000");
    o.put("generate.persons", "6000");
    o.put("generate.experiment.launch-day", "14");
    o.put("generate.experiment.treatment-uplift", "0.3");
    o.put("generate.null-experiment", "recs-aa");
    config = AppConfig.load(null, o);
    day = config.generate().endDate();
    new GenerateStoreJob(spark, config.generate())
        .run(new RunContext("gen", day, Clock.systemUTC()));
    RunContext run = new RunContext("it", day, Clock.systemUTC(), Optional.of(day.minusDays(27)));
    Pipeline pipeline = new Pipeline(spark, config);
    for (String stage : List.of("collect", "connect")) {
      pipeline.run(stage, run);
    }
    result = (MeasureExperimentsJob.Result) pipeline.run("measure", run).get(0).result();
    truth = new HashMap<>();
    for (Row r : spark.read().parquet(store + "/truth/experiments").collectAsList()) {
      truth.put(r.getAs("experiment"), r);
    }
    LoggerFactory.getLogger(MeasureExperimentsIT.class)
        .warn("measure IT: truth {}; {}", truth.values(), result.message());
  }

  private static Verdict verdict(String experiment) {
    return result.verdicts().stream()
        .filter(v -> v.experiment().equals(experiment))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void thePlantedLiftLiesInTheIntervalAndIsSignificant() {
    double planted = truth.get("recs-v1").getAs("expected_conversion_lift");
    ReadoutRow r = verdict("recs-v1").readout();
    assertThat(r.metric()).isEqualTo("conversion_rate");
    assertThat(r.windowStart()).isEqualTo(day.minusDays(13));
    assertThat(planted).isBetween(r.liftLow(), r.liftHigh());
    assertThat(r.pValue()).isLessThan(0.05);
    assertThat(verdict("recs-v1").headline()).startsWith("Significant lift: conversion rate +");
    assertThat(r.srmPValue()).isGreaterThan(0.001);
  }

  @Test
  void theAaExperimentIsNotSignificant() {
    Verdict aa = verdict("recs-aa");
    assertThat(aa.significant()).isFalse();
    assertThat(0.0).isBetween(aa.readout().liftLow(), aa.readout().liftHigh());
    assertThat(aa.headline()).startsWith("No detectable difference");
    assertThat(aa.srmAlert()).isFalse();
  }

  @Test
  void beforeLaunchTheArmsBehaveAlike() {
    DeltaTables tables = new DeltaTables(spark, config.paths());
    Row baseline =
        tables
            .read(Tables.EXPERIMENT_READOUTS)
            .where(
                col("experiment")
                    .equalTo("recs-v1")
                    .and(col("period").equalTo("baseline"))
                    .and(col("arm").equalTo("treatment"))
                    .and(col("metric").equalTo("conversion_rate")))
            .head();
    assertThat(baseline.<java.sql.Date>getAs("window_end").toLocalDate())
        .isEqualTo(day.minusDays(14));
    assertThat(0.0)
        .isBetween(baseline.<Double>getAs("lift_ci_low"), baseline.<Double>getAs("lift_ci_high"));
  }

  @Test
  void theReadoutHasADayPerDaySinceLaunchAndARerunReplacesIt() {
    DeltaTables tables = new DeltaTables(spark, config.paths());
    long days =
        tables
            .read(Tables.EXPERIMENT_READOUTS)
            .where(col("experiment").equalTo("recs-v1").and(col("period").equalTo("experiment")))
            .select("as_of")
            .distinct()
            .count();
    assertThat(days).isEqualTo(14);
    long before = tables.read(Tables.EXPERIMENT_READOUTS).count();
    new Pipeline(spark, config).run("measure", new RunContext("again", day, Clock.systemUTC()));
    assertThat(tables.read(Tables.EXPERIMENT_READOUTS).count()).isEqualTo(before);
    assertThat(before).isEqualTo(result.rowsWritten());
  }

  @Test
  void everyCellOfTheReadoutNotebookReturnsRows() {
    List<Notebooks.CellRun> cells =
        Notebooks.run(
            spark,
            Notebooks.DIR.resolve("06_experiment_readout.sql"),
            Map.of("warehouse", config.paths().warehouse()));
    assertThat(cells).hasSize(5);
    for (Notebooks.CellRun c : cells) {
      assertThat(c.rows()).as("cell %d:%n%s", c.cell(), c.sql()).isNotEmpty();
    }
  }

  @Test
  void theReportIsSelfContainedWithChartsAndAJsonTwin() throws Exception {
    assertThat(result.reports()).hasSize(2);
    String html = Files.readString(Path.of(URI.create(result.report())));
    assertThat(html)
        .contains("<svg", "Lift in conversion rate", "recs-aa", "Significant lift")
        .doesNotContain("<script", "<link", "src=\"http");
    JsonNode json =
        new ObjectMapper().readTree(Files.readString(Path.of(URI.create(result.json()))));
    assertThat(json.get("verdicts")).hasSize(2);
    assertThat(json.get("readouts").size()).isGreaterThan(30);
  }
}
