package org.segmentofone.train;

import static org.apache.spark.sql.functions.col;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.BuildInteractionsJob;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.evaluate.Backtest;
import org.segmentofone.evaluate.EvaluateConfig;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Neighbours;

/**
 * {@code train}: {@code interactions} and {@code events} in; {@code person_index}, {@code
 * product_index}, two ALS models and two item-to-item neighbour tables under {@code models/<run
 * date>/<run id>/}, and their {@code model_runs} and {@code tuning_runs} rows out.
 *
 * <p>The hyper-parameter search never sees the evaluation's held-out days: candidates train on the
 * events before {@code cutoff - validation-days} and are scored on the validation window just
 * before the cutoff. The chosen values then train the {@code holdout} model (events before the
 * cutoff, which the evaluate stage scores on the held-out days) and the {@code als} model on every
 * interaction (the one recommend serves, once the gate approved it); the hybrid's search then picks
 * how item-to-item neighbours are scored and blended with those ALS values, and the neighbours are
 * built for both (before the cutoff, and from every interaction). The search runs at most every
 * {@code train.tuning.every-days} days ({@link TuningSchedule}); the nights between train the last
 * search's values. A rerun for the same date replaces that version, reusing the date's own search
 * (and its {@code tuning_runs} rows) when the search's settings are unchanged.
 */
public final class TrainModelJob implements Job<TrainModelJob.Result> {
  public static final String STATUS_TRAINED = "trained";
  public static final String STATUS_APPROVED = "approved";
  public static final String STATUS_REFUSED = "refused";
  public static final String STATUS_PUBLISHED = "published";

  private final SparkSession spark;
  private final PathsConfig paths;
  private final TrainConfig cfg;
  private final HybridConfig hybrid;
  private final ConsumeConfig consume;
  private final EvaluateConfig evaluate;
  private final int minEvents;
  private final DeltaTables tables;

  /** The trained model's version, location, data sizes and search. */
  public record Result(
      String version,
      String path,
      long persons,
      long products,
      long ratings,
      AlsParams chosen,
      HybridParams served,
      int candidates,
      double validationNdcg,
      LocalDate tunedOn,
      double itemToItemSeconds,
      double seconds)
      implements JobResult {
    @Override
    public long rowsIn() {
      return ratings;
    }

    @Override
    public long rowsOut() {
      return persons + products;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("person_index", persons);
      m.put("product_index", products);
      m.put("model_runs", 1L);
      m.put("tuning_runs", (long) candidates);
      return m;
    }

    @Override
    public String message() {
      String search =
          candidates > 0
              ? "best of %d candidates, validation NDCG %.4f".formatted(candidates, validationNdcg)
              : tunedOn != null && tunedOn.toString().equals(version)
                  ? "the values an earlier run of this date searched, no search again;"
                      + " train.tuning.every-days = 0 searches on every run"
                  : tunedOn != null
                      ? "the values searched on %s, no search tonight (train.tuning.every-days)"
                          .formatted(tunedOn)
                      : "configured values, no search (train.tuning.trials = 0, or fewer validation"
                          + " persons than evaluate.min-test-persons)";
      return ("model %s: %d ratings, %d persons x %d products, ALS %s, item-to-item %s (%s);"
              + " neighbours built in %.1f s, trained in %.1f s")
          .formatted(
              version,
              ratings,
              persons,
              products,
              chosen,
              served,
              search,
              itemToItemSeconds,
              seconds);
    }
  }

  public TrainModelJob(
      SparkSession spark,
      PathsConfig paths,
      TrainConfig cfg,
      HybridConfig hybrid,
      ConsumeConfig consume,
      EvaluateConfig evaluate,
      int minEvents) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg.withBlocks(spark.sparkContext().defaultParallelism());
    this.hybrid = hybrid;
    this.consume = consume;
    this.evaluate = evaluate;
    this.minEvents = minEvents;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "train";
  }

  private HyperparameterSearch search() {
    return new HyperparameterSearch(spark, tables, cfg, hybrid, consume, evaluate, minEvents);
  }

  /** The first day the evaluation holds out for a run date. */
  public static LocalDate cutoff(LocalDate runDate, EvaluateConfig evaluate) {
    return runDate.plusDays(1).minusDays(evaluate.holdoutDays());
  }

  @Override
  public Result run(RunContext run) {
    Instant started = run.now();
    Dataset<Row> interactions = tables.read(Tables.INTERACTIONS);
    List<Row> built = interactions.select("run_date").distinct().collectAsList();
    if (built.isEmpty()) {
      throw new StageFailedException(
          "no interactions to train on for %s (run collect, connect, consume first)"
              .formatted(run.runDate()),
          Map.of());
    }
    if (built.size() != 1 || !built.get(0).getDate(0).toLocalDate().equals(run.runDate())) {
      throw new StageFailedException(
          "interactions were built for %s, not for the run date %s: run `consume --run-date %s` first"
              .formatted(
                  built.stream().map(r -> String.valueOf(r.get(0))).toList(),
                  run.runDate(),
                  run.runDate()),
          Map.of());
    }
    long persons =
        tables.overwrite(
            DenseIndex.extend(
                spark, tables.readOrEmpty(Tables.PERSON_INDEX), interactions, "person_id"),
            Tables.PERSON_INDEX);
    long products =
        tables.overwrite(
            DenseIndex.extend(
                spark, tables.readOrEmpty(Tables.PRODUCT_INDEX), interactions, "product_id"),
            Tables.PRODUCT_INDEX);
    Dataset<Row> personIndex = tables.read(Tables.PERSON_INDEX).cache();
    Dataset<Row> productIndex = tables.read(Tables.PRODUCT_INDEX).cache();
    Dataset<Row> personEvents =
        BuildInteractionsJob.personEvents(tables, run.runDate()).checkpoint();
    Dataset<Row> consent = ConsumeTransforms.consent(personEvents).cache();
    try {
      LocalDate cutoff = cutoff(run.runDate(), evaluate);
      Backtest holdout =
          Backtest.at(personEvents, consent, consume, cutoff, evaluate.excludeBought(), minEvents);
      String version = run.runDate().toString();
      // trials = 0 trains the configured values, never an earlier search's.
      String space = TuningSchedule.space(cfg, hybrid, consume, evaluate, minEvents);
      Optional<TuningSchedule.Searched> reused =
          cfg.tuning().trials() == 0
              ? Optional.empty()
              : new TuningSchedule(cfg.tuning().everyDays())
                  .reuse(
                      new ModelRuns(tables)
                          .lastSearched(run.runDate(), space)
                          .flatMap(TuningSchedule.Searched::of)
                          .filter(s -> !s.ranOn(run.runDate()) || recorded(s, version)),
                      run.runDate(),
                      space);
      // A rerun of a date that searched keeps that search: its row's figures and its candidates.
      Optional<TuningSchedule.Searched> sameDate = reused.filter(s -> s.ranOn(run.runDate()));
      HyperparameterSearch.Outcome outcome =
          reused.isPresent()
              ? null
              : search().run(holdout, consent, cutoff, personIndex, productIndex, run.clock());
      AlsTuner.Result search = outcome == null ? null : outcome.als();
      AlsParams chosen =
          reused.isPresent()
              ? reused.get().als()
              : outcome == null ? cfg.params() : outcome.alsChosen().params();
      TrainConfig best = cfg.with(chosen);
      HybridParams served =
          reused.isPresent()
              ? reused.get().hybrid()
              : outcome == null ? hybrid.configured() : outcome.hybrid().chosen().params();
      LocalDate tunedOn =
          reused.isPresent() ? reused.get().on() : outcome == null ? null : run.runDate();

      // A rerun never overwrites the files of an earlier run of the date (which may be serving).
      String dir = "models/" + version + "/" + run.runId().replaceAll("[^A-Za-z0-9._-]", "_");
      String holdoutPath = paths.table(dir + "/holdout");
      long holdoutRatings =
          fitAndSave(
              TrainTransforms.ratings(holdout.interactions(), personIndex, productIndex, best),
              best,
              holdoutPath);
      if (holdoutRatings == 0) {
        throw new StageFailedException(
            "no interactions before the evaluation cutoff %s: the store needs more than %d days of events (evaluate.holdout-days)"
                .formatted(cutoff, evaluate.holdoutDays()),
            Map.of());
      }
      String path = paths.table(dir + "/als");
      long ratingCount =
          fitAndSave(
              TrainTransforms.ratings(interactions, personIndex, productIndex, best), best, path);
      String holdoutNeighbours = paths.table(dir + "/holdout_neighbours");
      Neighbours.save(
          Neighbours.build(holdout.interactions(), hybrid, served.similarity()), holdoutNeighbours);
      Instant neighboursStarted = run.now();
      String neighbours = paths.table(dir + "/neighbours");
      Neighbours.save(Neighbours.build(interactions, hybrid, served.similarity()), neighbours);
      double itemToItemSeconds = Duration.between(neighboursStarted, run.now()).toMillis() / 1000.0;
      double seconds = Duration.between(started, run.now()).toMillis() / 1000.0;
      int candidates =
          search == null ? 0 : search.candidates().size() + outcome.hybrid().candidates().size();
      Double validation = outcome == null ? null : outcome.alsChosen().score();
      Double hybridValidation = outcome == null ? null : outcome.hybrid().chosen().score();
      if (sameDate.isPresent()) {
        validation = sameDate.get().validationNdcg();
        hybridValidation = sameDate.get().hybridValidationNdcg();
      }
      Row row =
          RowFactory.create(
              version,
              Date.valueOf(run.runDate()),
              run.runId(),
              path,
              STATUS_TRAINED,
              best.rank(),
              best.regParam(),
              best.alpha(),
              best.maxIter(),
              best.seed(),
              best.logScale(),
              persons,
              products,
              ratingCount,
              seconds,
              Timestamp.from(run.now()),
              holdoutPath,
              Date.valueOf(cutoff),
              sameDate.map(TuningSchedule.Searched::candidates).orElse(candidates),
              validation,
              null,
              neighbours,
              holdoutNeighbours,
              served.similarity().label(),
              served.recencyHalfLifeDays(),
              served.blendWeight(),
              hybridValidation,
              itemToItemSeconds,
              tunedOn == null ? null : Date.valueOf(tunedOn),
              outcome != null || reused.isPresent() ? space : null);
      // The candidates first: a model_runs row that names a search implies its tuning_runs rows.
      if (sameDate.isEmpty()) {
        search().record(version, run.runDate(), outcome);
      }
      tables.replaceWhere(
          spark.createDataFrame(List.of(row), Tables.MODEL_RUNS.schema()),
          Tables.MODEL_RUNS,
          "version = '" + version + "'");
      return new Result(
          version,
          path,
          persons,
          products,
          ratingCount,
          chosen,
          served,
          candidates,
          hybridValidation == null ? Double.NaN : hybridValidation,
          tunedOn,
          itemToItemSeconds,
          seconds);
    } finally {
      consent.unpersist();
      personIndex.unpersist();
      productIndex.unpersist();
    }
  }

  /**
   * True when the version's {@code tuning_runs} rows are the search's whole record (a run that
   * stopped between the two writes, or an older release's, leaves another count: search again).
   */
  private boolean recorded(TuningSchedule.Searched searched, String version) {
    return tables.exists(Tables.TUNING_RUNS)
        && tables.read(Tables.TUNING_RUNS).where(col("model_version").equalTo(version)).count()
            == searched.candidates();
  }

  /** Fits ALS on the ratings and saves the model; returns the number of ratings (0: no model). */
  private static long fitAndSave(Dataset<Row> ratings, TrainConfig c, String path) {
    Dataset<Row> cached = ratings.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long n = cached.count();
      if (n == 0) {
        return 0;
      }
      ALSModel model = TrainTransforms.als(c).fit(cached);
      try {
        model.write().overwrite().save(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the model to " + path, e);
      }
      return n;
    } finally {
      cached.unpersist();
    }
  }
}
