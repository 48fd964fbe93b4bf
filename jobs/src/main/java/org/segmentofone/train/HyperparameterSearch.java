package org.segmentofone.train;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.evaluate.Backtest;
import org.segmentofone.evaluate.EvaluateConfig;
import org.segmentofone.evaluate.RankingMetrics;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridTuner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Train's hyper-parameter search: the validation window just before the evaluation cutoff (so the
 * search never sees the held-out days), {@link AlsTuner} over the ALS candidates, then {@link
 * HybridTuner} over the item-to-item blends of the chosen ALS values, and every candidate's score
 * in {@code tuning_runs}.
 */
final class HyperparameterSearch {
  static final String ALGORITHM_ALS = "als";
  static final String ALGORITHM_HYBRID = "hybrid";

  /** Both searches' outcomes. */
  record Outcome(AlsTuner.Result als, HybridTuner.Result hybrid) {
    /**
     * The ALS candidate the chosen hybrid blends (the best ALS alone unless another blends best).
     */
    AlsTuner.Candidate alsChosen() {
      AlsParams p = hybrid.chosen().als();
      return als.candidates().stream()
          .filter(c -> c.params().equals(p))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no ALS candidate has " + p));
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger(HyperparameterSearch.class);

  private final SparkSession spark;
  private final DeltaTables tables;
  private final TrainConfig cfg;
  private final HybridConfig hybrid;
  private final ConsumeConfig consume;
  private final EvaluateConfig evaluate;
  private final int minEvents;

  HyperparameterSearch(
      SparkSession spark,
      DeltaTables tables,
      TrainConfig cfg,
      HybridConfig hybrid,
      ConsumeConfig consume,
      EvaluateConfig evaluate,
      int minEvents) {
    this.spark = spark;
    this.tables = tables;
    this.cfg = cfg;
    this.hybrid = hybrid;
    this.consume = consume;
    this.evaluate = evaluate;
    this.minEvents = minEvents;
  }

  /**
   * The search on the validation window before the cutoff; null when it is switched off or the
   * window holds too few persons to judge (the configured values are used then).
   */
  Outcome run(
      Backtest holdout,
      Dataset<Row> consent,
      LocalDate cutoff,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex,
      Clock clock) {
    if (cfg.tuning().trials() == 0) {
      return null;
    }
    Backtest validation =
        Backtest.at(
                holdout.train(),
                consent,
                consume,
                cutoff.minusDays(cfg.tuning().validationDays()),
                evaluate.excludeBought(),
                minEvents)
            .sample(evaluate.maxTestPersons(), evaluate.sampleSeed());
    // Checkpoints keep the lineage every candidate's queries are planned against short.
    Dataset<Row> persons = validation.personalised().checkpoint();
    long count = persons.count();
    if (count < evaluate.minTestPersons()) {
      LOG.warn(
          "no hyper-parameter search: only {} persons carted or bought in the validation window"
              + " (evaluate.min-test-persons = {}); training the configured values",
          count,
          evaluate.minTestPersons());
      return null;
    }
    Dataset<Row> interactions = validation.interactions().checkpoint();
    AlsTuner.Validation v =
        new AlsTuner.Validation(
            TrainTransforms.indexed(interactions, personIndex, productIndex),
            persons,
            validation.test().join(persons, "person_id").checkpoint(),
            validation.exclude().checkpoint(),
            personIndex,
            productIndex);
    AlsTuner.Result als =
        AlsTuner.search(cfg, AlsTuner.candidates(cfg), v, hybrid.alsCandidates(), clock);
    HybridTuner.Result blends =
        HybridTuner.search(hybrid, v, als.best(), interactions, cfg.tuning().k(), clock);
    return new Outcome(als, blends);
  }

  void record(String version, LocalDate runDate, Outcome outcome) {
    List<Row> rows = new ArrayList<>();
    if (outcome != null) {
      AlsTuner.Result search = outcome.als();
      AlsTuner.Candidate used = outcome.alsChosen();
      for (AlsTuner.Candidate c : search.candidates()) {
        rows.add(
            RowFactory.create(
                version,
                Date.valueOf(runDate),
                c.number(),
                c.params().rank(),
                c.params().regParam(),
                c.params().alpha(),
                c.params().logScale(),
                cfg.tuning().maxIter(),
                RankingMetrics.NDCG,
                cfg.tuning().k(),
                c.score(),
                c.persons(),
                c == used,
                c.seconds(),
                ALGORITHM_ALS,
                null,
                null,
                null));
      }
      int first = search.candidates().size();
      for (HybridTuner.Candidate c : outcome.hybrid().candidates()) {
        AlsParams als = c.als();
        rows.add(
            RowFactory.create(
                version,
                Date.valueOf(runDate),
                first + c.number(),
                als.rank(),
                als.regParam(),
                als.alpha(),
                als.logScale(),
                cfg.tuning().maxIter(),
                RankingMetrics.NDCG,
                cfg.tuning().k(),
                c.score(),
                used.persons(),
                c == outcome.hybrid().chosen(),
                c.seconds(),
                ALGORITHM_HYBRID,
                c.params().similarity().label(),
                c.params().recencyHalfLifeDays(),
                c.params().blendWeight()));
      }
    }
    tables.replaceWhere(
        spark.createDataFrame(rows, Tables.TUNING_RUNS.schema()),
        Tables.TUNING_RUNS,
        "model_version = '" + version + "'");
  }
}
