package org.segmentofone.evaluate;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.ReportFiles;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.BuildInteractionsJob;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.train.AlsScoring;
import org.segmentofone.train.ModelRuns;
import org.segmentofone.train.TrainModelJob;

/**
 * {@code evaluate}: the run date's holdout model against popularity and item co-occurrence on the
 * held-out days, into {@code evaluations} and an HTML report; then the gate. An approved model is
 * marked {@code approved} in {@code model_runs} (recommend serves only such a model); a refused one
 * {@code refused}, and the stage fails with {@link GateRefusedException} so nothing is published.
 */
public final class EvaluateJob implements Job<EvaluateJob.Result> {
  public static final String ALS = "als";
  public static final String POPULARITY = "popularity";
  public static final String CO_OCCURRENCE = "co_occurrence";
  public static final String FALLBACK_SHARE = "fallback_share";

  private final SparkSession spark;
  private final PathsConfig paths;
  private final EvaluateConfig cfg;
  private final ConsumeConfig consume;
  private final int minEvents;
  private final DeltaTables tables;

  /** The verdict and the figures behind it. */
  public record Result(
      String version,
      long testPersons,
      double model,
      double popularity,
      double coOccurrence,
      double fallbackShare,
      String primary,
      String reason,
      String report,
      long rows)
      implements JobResult {
    @Override
    public long rowsIn() {
      return testPersons;
    }

    @Override
    public long rowsOut() {
      return 1;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      return Map.of("evaluations", rows);
    }

    @Override
    public String message() {
      return "model %s approved: %s; report %s".formatted(version, reason, report);
    }
  }

  public EvaluateJob(
      SparkSession spark,
      PathsConfig paths,
      EvaluateConfig cfg,
      ConsumeConfig consume,
      int minEvents) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.consume = consume;
    this.minEvents = minEvents;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "evaluate";
  }

  @Override
  public Result run(RunContext run) {
    String version = run.runDate().toString();
    ModelRuns runs = new ModelRuns(tables);
    Row modelRun = runs.get(version);
    LocalDate cutoff = modelRun.getDate(modelRun.fieldIndex("cutoff")).toLocalDate();
    ALSModel model = ALSModel.load(modelRun.getString(modelRun.fieldIndex("holdout_path")));

    // Checkpointed rather than cached: every query below then plans against a short lineage
    // (planning the full one again for each metric cost more than running it).
    Dataset<Row> personEvents =
        BuildInteractionsJob.personEvents(tables, run.runDate()).checkpoint();
    Dataset<Row> consent = ConsumeTransforms.consent(personEvents).cache();
    Backtest bt =
        Backtest.at(personEvents, consent, consume, cutoff, cfg.excludeBought(), minEvents);
    Dataset<Row> testPersons = bt.testPersons().checkpoint();
    Dataset<Row> test = bt.test().checkpoint();
    Dataset<Row> exclude = bt.exclude().checkpoint();
    try {
      long n = testPersons.count();
      long catalog = tables.read(Tables.PRODUCTS).count();
      int k = cfg.maxK();
      Dataset<Row> popularity =
          Holdout.popularity(
                  bt.train(),
                  testPersons,
                  exclude,
                  consume.weights(),
                  cfg.popularityHalfLifeDays(),
                  bt.cutoff(),
                  k)
              .cache();
      Dataset<Row> coOccurrence =
          Holdout.coOccurrence(
              bt.train(),
              testPersons,
              exclude,
              cfg.coOccurrenceHistory(),
              cfg.coOccurrenceNeighbours(),
              k);
      Dataset<Row> alsLists =
          AlsScoring.topK(
                  model,
                  bt.personalised(),
                  tables.read(Tables.PERSON_INDEX),
                  tables.read(Tables.PRODUCT_INDEX),
                  exclude,
                  k)
              .select("person_id", "product_id", "rank")
              .cache();
      Dataset<Row> fallbackPersons =
          testPersons.join(alsLists.select("person_id").distinct(), "person_id", "left_anti");
      long fallback = fallbackPersons.count();
      Dataset<Row> served = alsLists.unionByName(popularity.join(fallbackPersons, "person_id"));

      List<EvaluationReport.Value> values = new ArrayList<>();
      values.addAll(metrics(ALS, served, test, catalog));
      values.add(
          new EvaluationReport.Value(ALS, FALLBACK_SHARE, 0, n == 0 ? 0 : (double) fallback / n));
      values.addAll(metrics(POPULARITY, popularity, test, catalog));
      values.addAll(metrics(CO_OCCURRENCE, coOccurrence, test, catalog));
      alsLists.unpersist();
      popularity.unpersist();
      writeEvaluations(values, version, run.runDate(), n, cutoff);

      double modelValue = value(values, ALS);
      double popValue = value(values, POPULARITY);
      Optional<Gate.Previous> previous =
          runs.lastPublished(run.runDate()).flatMap(this::previousScore);
      String primary = cfg.primaryMetric() + "@" + cfg.primaryK();
      Gate.Verdict verdict =
          Gate.judge(
              primary,
              modelValue,
              popValue,
              previous,
              cfg.maxRegression(),
              n,
              cfg.minTestPersons());
      String report = writeReport(run.runDate(), version, cutoff, n, verdict, primary, values);
      runs.setStatus(
          version,
          verdict.approved() ? TrainModelJob.STATUS_APPROVED : TrainModelJob.STATUS_REFUSED,
          verdict.reason());
      if (!verdict.approved()) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("test_persons", n);
        metrics.put("fallback_persons", fallback);
        throw new GateRefusedException(
            "the gate refused model %s: %s; the last published model and recommendations stay (report %s)"
                .formatted(version, verdict.reason(), report),
            metrics);
      }
      return new Result(
          version,
          n,
          modelValue,
          popValue,
          value(values, CO_OCCURRENCE),
          n == 0 ? 0 : (double) fallback / n,
          primary,
          verdict.reason(),
          report,
          values.size());
    } finally {
      consent.unpersist();
    }
  }

  private List<EvaluationReport.Value> metrics(
      String algorithm, Dataset<Row> lists, Dataset<Row> test, long catalog) {
    List<EvaluationReport.Value> out = new ArrayList<>();
    for (Row r : RankingMetrics.evaluate(lists, test, cfg.ks(), catalog).collectAsList()) {
      out.add(new EvaluationReport.Value(algorithm, r.getString(0), r.getInt(1), r.getDouble(2)));
    }
    return out;
  }

  private double value(List<EvaluationReport.Value> values, String algorithm) {
    return values.stream()
        .filter(v -> v.algorithm().equals(algorithm))
        .filter(v -> v.metric().equals(cfg.primaryMetric()) && v.k() == cfg.primaryK())
        .mapToDouble(EvaluationReport.Value::value)
        .findFirst()
        .orElse(0.0);
  }

  /** What the last published model scored on the primary metric, on its own night. */
  private Optional<Gate.Previous> previousScore(Row published) {
    String version = published.getString(published.fieldIndex("version"));
    if (!tables.exists(Tables.EVALUATIONS)) {
      return Optional.empty();
    }
    return tables
        .read(Tables.EVALUATIONS)
        .where(col("model_version").equalTo(lit(version)))
        .where(col("algorithm").equalTo(ALS))
        .where(col("metric").equalTo(cfg.primaryMetric()))
        .where(col("k").equalTo(cfg.primaryK()))
        .select("value")
        .collectAsList()
        .stream()
        .findFirst()
        .map(r -> new Gate.Previous(version, r.getDouble(0)));
  }

  private void writeEvaluations(
      List<EvaluationReport.Value> values,
      String version,
      LocalDate runDate,
      long testPersons,
      LocalDate cutoff) {
    List<Row> rows = new ArrayList<>();
    for (EvaluationReport.Value v : values) {
      rows.add(
          RowFactory.create(
              Date.valueOf(runDate),
              version,
              v.algorithm(),
              v.metric(),
              v.k(),
              v.value(),
              testPersons,
              Date.valueOf(cutoff)));
    }
    tables.replaceWhere(
        spark.createDataFrame(rows, Tables.EVALUATIONS.schema()),
        Tables.EVALUATIONS,
        "run_date = '" + runDate + "'");
  }

  private String writeReport(
      LocalDate runDate,
      String version,
      LocalDate cutoff,
      long testPersons,
      Gate.Verdict verdict,
      String primary,
      List<EvaluationReport.Value> values) {
    List<EvaluationReport.Candidate> candidates = new ArrayList<>();
    if (tables.exists(Tables.TUNING_RUNS)) {
      for (Row r :
          tables
              .read(Tables.TUNING_RUNS)
              .where(col("model_version").equalTo(lit(version)))
              .orderBy("candidate")
              .collectAsList()) {
        candidates.add(
            new EvaluationReport.Candidate(
                r.getInt(r.fieldIndex("candidate")),
                r.getInt(r.fieldIndex("rank")),
                r.getDouble(r.fieldIndex("reg_param")),
                r.getDouble(r.fieldIndex("alpha")),
                r.getBoolean(r.fieldIndex("log_scale")),
                r.getDouble(r.fieldIndex("value")),
                r.getBoolean(r.fieldIndex("chosen"))));
      }
    }
    String html =
        EvaluationReport.html(
            new EvaluationReport.Content(
                runDate.toString(),
                version,
                cutoff.toString(),
                testPersons,
                verdict.approved(),
                verdict.reason(),
                primary,
                values,
                candidates));
    String dir = cfg.reportDir().isBlank() ? paths.table("reports/evaluation") : cfg.reportDir();
    return ReportFiles.write(
        spark.sparkContext().hadoopConfiguration(), dir + "/" + runDate + ".html", html);
  }
}
