package org.segmentofone.evaluate;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.BuildInteractionsJob;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.train.ModelRuns;
import org.segmentofone.train.TrainModelJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code evaluate}: the run date's holdout model — as served (the hybrid), and its ALS and
 * item-to-item parts alone — against popularity and item co-occurrence on the held-out days, into
 * {@code evaluations} and an HTML report; then the gate judges the hybrid. An approved model is
 * marked {@code approved} in {@code model_runs} (recommend serves only such a model); a refused one
 * {@code refused}, and the stage fails with {@link GateRefusedException} so nothing is published.
 */
public final class EvaluateJob implements Job<EvaluateJob.Result> {
  public static final String ALS = "als";
  public static final String ITEM_TO_ITEM = "item_to_item";

  /** The model as recommend serves it: ALS and item-to-item blended with the chosen weight. */
  public static final String HYBRID = "hybrid";

  public static final String POPULARITY = "popularity";
  public static final String CO_OCCURRENCE = "co_occurrence";
  public static final String FALLBACK_SHARE = "fallback_share";

  /** The last published model's holdout model, scored on the same test persons. */
  public static final String LAST_PUBLISHED = "last_published";

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  private final SparkSession spark;
  private final PathsConfig paths;
  private final EvaluateConfig cfg;
  private final HybridConfig hybrid;
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
      long rows,
      long unsampledTestPersons)
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
      String sample =
          unsampledTestPersons > testPersons
              ? " (scored on a seeded sample of %d of %d test persons)"
                  .formatted(testPersons, unsampledTestPersons)
              : "";
      return "model %s approved: %s%s; report %s".formatted(version, reason, sample, report);
    }

    @Override
    public java.util.List<String> reports() {
      return java.util.List.of(report);
    }
  }

  public EvaluateJob(
      SparkSession spark,
      PathsConfig paths,
      EvaluateConfig cfg,
      HybridConfig hybrid,
      ConsumeConfig consume,
      int minEvents) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.hybrid = hybrid;
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

    // Checkpointed rather than cached: every query below then plans against a short lineage
    // (planning the full one again for each metric cost more than running it).
    Dataset<Row> personEvents =
        BuildInteractionsJob.personEvents(tables, run.runDate()).checkpoint();
    Dataset<Row> consent = ConsumeTransforms.consent(personEvents).cache();
    Backtest all =
        Backtest.at(personEvents, consent, consume, cutoff, cfg.excludeBought(), minEvents);
    Backtest bt = all.sample(cfg.maxTestPersons(), cfg.sampleSeed());
    Dataset<Row> testPersons = bt.testPersons().checkpoint();
    Dataset<Row> test = bt.test().checkpoint();
    Dataset<Row> exclude = bt.exclude().checkpoint();
    Dataset<Row> interactions = bt.interactions().checkpoint();
    HybridLists model = holdoutModel(modelRun, interactions);
    try {
      long n = testPersons.count();
      // Fewer than the cap scored: nobody was left out, no need to count them all.
      long unsampled = bt == all || n < cfg.maxTestPersons() ? n : all.testPersons().count();
      if (unsampled > n) {
        LOG.info(
            "scoring a seeded sample of {} of the {} test persons (evaluate.max-test-persons)",
            n,
            unsampled);
      }
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
      Scorer scorer =
          new Scorer(cfg, bt.personalised(), testPersons, test, exclude, popularity, catalog);
      Scorer.Served served = scorer.served(model::hybrid);
      long fallback = served.fallbackPersons();
      List<EvaluationReport.Value> values = new ArrayList<>(scorer.metrics(HYBRID, served.lists()));
      served.lists().unpersist();
      values.add(
          new EvaluationReport.Value(
              HYBRID, FALLBACK_SHARE, 0, n == 0 ? 0 : (double) fallback / n));
      for (Map.Entry<String, Scorer.Model> part :
          List.<Map.Entry<String, Scorer.Model>>of(
              Map.entry(ALS, model::als), Map.entry(ITEM_TO_ITEM, model::itemToItem))) {
        Scorer.Served alone = scorer.served(part.getValue());
        values.addAll(scorer.metrics(part.getKey(), alone.lists()));
        alone.lists().unpersist();
      }
      values.addAll(scorer.metrics(POPULARITY, popularity));
      values.addAll(scorer.metrics(CO_OCCURRENCE, coOccurrence));

      // The last published model, scored on today's test (its holdout model was trained before its
      // own, earlier cutoff, so today's held-out days are unseen by it too).
      Optional<Row> published = runs.lastPublished(run.runDate());
      Optional<Gate.Previous> previous =
          published.map(p -> previousScore(p, interactions, scorer, values));
      popularity.unpersist();
      writeEvaluations(values, version, run.runDate(), n, cutoff);

      double modelValue = scorer.primary(values, HYBRID);
      double popValue = scorer.primary(values, POPULARITY);
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
      String report =
          EvaluationReport.write(
              tables,
              cfg.reportDir().isBlank() ? paths.table("reports/evaluation") : cfg.reportDir(),
              new EvaluationReport.Content(
                  run.runDate().toString(),
                  version,
                  cutoff.toString(),
                  n,
                  verdict.approved(),
                  verdict.reason(),
                  primary,
                  values,
                  EvaluationReport.candidates(tables, version)));
      String status = modelRun.getString(modelRun.fieldIndex("status"));
      runs.setStatus(
          version,
          !verdict.approved()
              ? TrainModelJob.STATUS_REFUSED
              // A rerun that approves an already published version keeps it published.
              : status.equals(TrainModelJob.STATUS_PUBLISHED)
                  ? TrainModelJob.STATUS_PUBLISHED
                  : TrainModelJob.STATUS_APPROVED,
          verdict.reason());
      if (!verdict.approved()) {
        Map<String, Long> metrics = new LinkedHashMap<>();
        metrics.put("test_persons", n);
        metrics.put("fallback_persons", fallback);
        throw new GateRefusedException(
            "the gate refused model %s: %s; %s (report %s)"
                .formatted(
                    version,
                    verdict.reason(),
                    published.isPresent()
                        ? "the last published model ("
                            + published.get().getString(0)
                            + ") and its recommendations stay"
                        : "nothing has been published yet",
                    report),
            metrics);
      }
      return new Result(
          version,
          n,
          modelValue,
          popValue,
          scorer.primary(values, CO_OCCURRENCE),
          n == 0 ? 0 : (double) fallback / n,
          primary,
          verdict.reason(),
          report,
          values.size(),
          unsampled);
    } finally {
      consent.unpersist();
    }
  }

  /**
   * The last published version's holdout model on today's test, its primary metric recorded as
   * algorithm {@value #LAST_PUBLISHED}; NaN when its model can no longer be read (the gate then
   * says so instead of comparing).
   */
  private Gate.Previous previousScore(
      Row published,
      Dataset<Row> interactions,
      Scorer scorer,
      List<EvaluationReport.Value> values) {
    String version = published.getString(published.fieldIndex("version"));
    HybridLists model;
    try {
      model = holdoutModel(published, interactions);
    } catch (RuntimeException e) {
      LOG.warn(
          "cannot load the last published model {} from {}: {}",
          version,
          published.getString(published.fieldIndex("holdout_path")),
          e.getMessage());
      return new Gate.Previous(version, Double.NaN);
    }
    Scorer.Served served = scorer.served(model::hybrid);
    List<EvaluationReport.Value> previous = scorer.metrics(LAST_PUBLISHED, served.lists());
    served.lists().unpersist();
    values.addAll(previous);
    return new Gate.Previous(version, scorer.primary(previous, LAST_PUBLISHED));
  }

  /** A model run's holdout model as served, scoring with these interactions' affinities. */
  private HybridLists holdoutModel(Row modelRun, Dataset<Row> interactions) {
    return HybridLists.of(
        spark,
        modelRun,
        true,
        interactions,
        tables.read(Tables.PERSON_INDEX),
        tables.read(Tables.PRODUCT_INDEX),
        hybrid.candidates());
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
}
