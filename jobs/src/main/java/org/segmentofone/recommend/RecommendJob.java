package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ResolveIdentitiesJob;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.itemtoitem.Hybrid;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.train.ModelRuns;
import org.segmentofone.train.TrainModelJob;

/**
 * {@code recommend}: the run date's approved model (ALS and item-to-item neighbours, blended as
 * train chose), {@code interactions}, {@code person_profile}, {@code products} and {@code events}
 * in; {@code recommendations} (home placement) and {@code trending} out, both replaced for the run
 * date.
 */
public final class RecommendJob implements Job<RecommendJob.Result> {
  public static final String PLACEMENT_HOME = "home";

  private final SparkSession spark;
  private final RecommendConfig cfg;
  private final HybridConfig hybrid;
  private final Map<String, Double> weights;
  private final DeltaTables tables;

  /** Rows written and how persons were served. */
  public record Result(
      String modelVersion, long rows, long alsPersons, long fallbackPersons, long trending)
      implements JobResult {
    @Override
    public long rowsIn() {
      return alsPersons + fallbackPersons;
    }

    @Override
    public long rowsOut() {
      return rows;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("recommendations", rows);
      m.put("trending", trending);
      return m;
    }

    @Override
    public String message() {
      return "%d rows with model %s: %d persons by the model, %d by trending"
          .formatted(rows, modelVersion, alsPersons, fallbackPersons);
    }
  }

  public RecommendJob(
      SparkSession spark,
      PathsConfig paths,
      RecommendConfig cfg,
      HybridConfig hybrid,
      Map<String, Double> weights) {
    this.spark = spark;
    this.cfg = cfg;
    this.hybrid = hybrid;
    this.weights = Map.copyOf(weights);
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "recommend";
  }

  @Override
  public Result run(RunContext run) {
    Date runDate = Date.valueOf(run.runDate());
    Row modelRun = approvedModel(run.runDate());
    String version = modelRun.getString(modelRun.fieldIndex("version"));

    Dataset<Row> products = tables.read(Tables.PRODUCTS);
    // Every purchase up to the run date, of consenting persons or not: nobody is offered what
    // they already bought, whatever the consume window.
    Dataset<Row> purchased =
        ConsumeTransforms.withPerson(
                tables
                    .read(Tables.EVENTS)
                    .where(col("event_type").equalTo(EventTypes.PURCHASE))
                    .where(col("event_date").leq(lit(runDate))),
                ResolveIdentitiesJob.mapFor(tables, run.runDate()))
            .select("person_id", "product_id")
            .distinct()
            .persist(StorageLevel.MEMORY_AND_DISK());
    HybridLists model =
        HybridLists.of(
            spark,
            modelRun,
            false,
            tables.read(Tables.INTERACTIONS),
            tables.read(Tables.PERSON_INDEX),
            tables.read(Tables.PRODUCT_INDEX),
            hybrid.candidates());
    String source = RecommendTransforms.modelSource(model.params().blendWeight());
    Dataset<Row> ladder =
        RecommendTransforms.ladder(tables.read(Tables.PERSON_PROFILE), cfg.minEvents())
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> trending =
          RecommendTransforms.trending(
                  tables.read(Tables.EVENTS),
                  products,
                  weights,
                  cfg.trendingDays(),
                  cfg.trendingHalfLifeDays(),
                  run.runDate(),
                  cfg.topN() * cfg.overfetch())
              .cache();
      long trendingRows =
          tables.replaceWhere(
              trending.select(
                  lit("all").as("scope"),
                  col("rank"),
                  col("product_id"),
                  col("score"),
                  lit(runDate).as("run_date")),
              Tables.TRENDING,
              "run_date = '" + run.runDate() + "'");

      // Bought products leave before the model's cut (so the candidates stay deep enough), and
      // again in the rules.
      Dataset<Row> candidates =
          model
              .candidates(
                  ladder.where(col("als")).select("person_id"),
                  cfg.excludePurchased() ? purchased : purchased.limit(0),
                  cfg.topN() * cfg.overfetch())
              .withColumn("score", col("score").cast("float"));
      Dataset<Row> alsTop =
          RecommendTransforms.topN(
                  RecommendTransforms.applyRules(
                      candidates,
                      purchased,
                      products,
                      cfg.excludePurchased(),
                      cfg.excludeOutOfStock()),
                  cfg.topN())
              .withColumn("source", lit(source))
              .withColumn("reason", RecommendTransforms.modelReason(model.params().blendWeight()))
              .drop(Hybrid.ALS_PART, Hybrid.ITEM_PART)
              .persist(StorageLevel.MEMORY_AND_DISK());

      // Everyone ALS did not serve (too few events, no consent, or unknown to the model).
      Dataset<Row> fallbackPersons =
          ladder
              .join(alsTop.select("person_id").distinct(), "person_id", "left_anti")
              .select(
                  col("person_id"),
                  coalesce(col("fallback_reason"), lit(RecommendTransforms.REASON_NO_FACTORS))
                      .as("reason"));
      Dataset<Row> fallback =
          RecommendTransforms.topN(
                  RecommendTransforms.applyRules(
                      RecommendTransforms.trendingFor(fallbackPersons, trending),
                      purchased,
                      products,
                      cfg.excludePurchased(),
                      false),
                  cfg.topN())
              .withColumn("source", lit(RecommendTransforms.SOURCE_TRENDING));

      Dataset<Row> all =
          alsTop
              .unionByName(fallback)
              .withColumn("placement", lit(PLACEMENT_HOME))
              .withColumn("model_version", lit(version))
              .withColumn("run_date", lit(runDate));
      long rows =
          tables.replaceWhere(all, Tables.RECOMMENDATIONS, "run_date = '" + run.runDate() + "'");
      Map<String, Long> bySource = new LinkedHashMap<>();
      // One row per source: persons served by ALS and by the fallback.
      for (Row r :
          tables
              .read(Tables.RECOMMENDATIONS)
              .where(col("run_date").equalTo(lit(runDate)))
              .groupBy("source")
              .agg(org.apache.spark.sql.functions.countDistinct("person_id"))
              .collectAsList()) {
        bySource.put(r.getString(0), r.getLong(1));
      }
      alsTop.unpersist();
      purchased.unpersist();
      trending.unpersist();
      new ModelRuns(tables).setStatus(version, TrainModelJob.STATUS_PUBLISHED, null);
      return new Result(
          version,
          rows,
          bySource.getOrDefault(source, 0L),
          bySource.getOrDefault(RecommendTransforms.SOURCE_TRENDING, 0L),
          trendingRows);
    } finally {
      ladder.unpersist();
    }
  }

  /**
   * The {@code model_runs} row of the run date's model, which the gate must have approved:
   * recommend never publishes lists of a refused or unevaluated model.
   */
  private Row approvedModel(LocalDate runDate) {
    String version = runDate.toString();
    Row run = new ModelRuns(tables).get(version);
    String status = run.getString(run.fieldIndex("status"));
    if (status.equals(TrainModelJob.STATUS_REFUSED)) {
      throw new StageFailedException(
          "model %s was refused by the gate (%s): nothing is published; the last published recommendations stay"
              .formatted(version, run.getString(run.fieldIndex("gate_reason"))),
          Map.of());
    }
    if (!status.equals(TrainModelJob.STATUS_APPROVED)
        && !status.equals(TrainModelJob.STATUS_PUBLISHED)) {
      throw new StageFailedException(
          "model %s is %s, not approved: run `evaluate --run-date %s` first (the gate decides what is published)"
              .formatted(version, status, version),
          Map.of());
    }
    return run;
  }
}
