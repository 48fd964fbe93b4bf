package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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
import org.segmentofone.common.TableSpec;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ResolveIdentitiesJob;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.train.ModelRuns;
import org.segmentofone.train.TrainModelJob;

/**
 * {@code recommend}: the run date's approved model (ALS and item-to-item neighbours, blended as
 * train chose), {@code interactions}, {@code person_profile}, {@code products} and {@code events}
 * in; {@code trending}, {@code similar_products} (product page), {@code bought_together} (cart) and
 * {@code recommendations} (home) out, each replaced for the run date, runs older than {@code
 * recommend.keep-days} deleted.
 */
public final class RecommendJob implements Job<RecommendJob.Result> {
  public static final String PLACEMENT_HOME = "home";
  private static final List<TableSpec> OUTPUTS =
      List.of(
          Tables.TRENDING, Tables.SIMILAR_PRODUCTS, Tables.BOUGHT_TOGETHER, Tables.RECOMMENDATIONS);

  private final SparkSession spark;
  private final RecommendConfig cfg;
  private final HybridConfig hybrid;
  private final Map<String, Double> weights;
  private final DeltaTables tables;

  /** Rows written per table and persons per source of the home lists. */
  public record Result(
      String modelVersion, Map<String, Long> tablesWritten, Map<String, Long> persons)
      implements JobResult {
    public Result {
      tablesWritten = Collections.unmodifiableMap(new LinkedHashMap<>(tablesWritten));
      persons = Collections.unmodifiableMap(new LinkedHashMap<>(persons));
    }

    @Override
    public long rowsIn() {
      return persons.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public long rowsOut() {
      return tablesWritten.getOrDefault("recommendations", 0L);
    }

    @Override
    public String message() {
      return "%d home rows with model %s (persons by first source: %s), %d similar-product rows, %d bought-together rows, %d trending rows"
          .formatted(
              rowsOut(),
              modelVersion,
              persons,
              tablesWritten.getOrDefault("similar_products", 0L),
              tablesWritten.getOrDefault("bought_together", 0L),
              tablesWritten.getOrDefault("trending", 0L));
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
    LocalDate day = run.runDate();
    Row modelRun = approvedModel(day);
    String version = modelRun.getString(modelRun.fieldIndex("version"));
    Dataset<Row> products = tables.read(Tables.PRODUCTS);
    Dataset<Row> events = tables.read(Tables.EVENTS);
    Dataset<Row> interactions = tables.read(Tables.INTERACTIONS);
    Placements placements = new Placements(cfg, products, day);
    String thisRun = "run_date = '" + day + "'";
    Map<String, Long> written = new LinkedHashMap<>();
    List<Dataset<Row>> cached = new ArrayList<>();

    try {
      Dataset<Row> trending =
          keep(
              cached,
              placements.trending(
                  Trending.scores(
                      events,
                      products,
                      weights,
                      cfg.trending().days(),
                      cfg.trending().halfLifeDays(),
                      day)));
      written.put("trending", tables.replaceWhere(trending, Tables.TRENDING, thisRun));

      HybridLists model =
          HybridLists.of(
              spark,
              modelRun,
              false,
              interactions,
              tables.read(Tables.PERSON_INDEX),
              tables.read(Tables.PRODUCT_INDEX),
              hybrid.candidates());
      Dataset<Row> similar = keep(cached, placements.similarCandidates(model));
      written.put(
          "similar_products",
          tables.replaceWhere(
              placements.similarProducts(similar), Tables.SIMILAR_PRODUCTS, thisRun));
      Dataset<Row> rules = keep(cached, placements.associationRules(events));
      written.put(
          "bought_together",
          tables.replaceWhere(placements.boughtTogether(rules), Tables.BOUGHT_TOGETHER, thisRun));

      Dataset<Row> rungs =
          keep(cached, HomeLadder.rungs(tables.read(Tables.PERSON_PROFILE), cfg.minEvents()));
      Dataset<Row> purchased = keep(cached, purchased(events, day));
      Dataset<Row> modelCandidates =
          keep(cached, placements.modelCandidates(model, rungs, purchased));
      Dataset<Row> lists =
          keep(
              cached,
              placements.home(modelCandidates, rungs, interactions, purchased, similar, trending));
      Dataset<Row> home =
          placements
              .explained(model, lists, interactions)
              .withColumn("placement", lit(PLACEMENT_HOME))
              .withColumn("model_version", lit(version))
              .withColumn("run_date", lit(Date.valueOf(day)));
      written.put("recommendations", tables.replaceWhere(home, Tables.RECOMMENDATIONS, thisRun));
      Map<String, Long> persons = firstSources(day);
      String expired = "run_date < '" + day.minusDays(cfg.keepDays()) + "'";
      OUTPUTS.forEach(t -> tables.delete(t, expired));
      new ModelRuns(tables).setStatus(version, TrainModelJob.STATUS_PUBLISHED, null);
      return new Result(version, written, persons);
    } finally {
      cached.forEach(Dataset::unpersist);
    }
  }

  private static Dataset<Row> keep(List<Dataset<Row>> cached, Dataset<Row> d) {
    Dataset<Row> p = d.persist(StorageLevel.MEMORY_AND_DISK());
    cached.add(p);
    return p;
  }

  /**
   * Every purchase up to the run date, of consenting persons or not: nobody is offered what they
   * already bought, whatever the consume window.
   */
  private Dataset<Row> purchased(Dataset<Row> events, LocalDate day) {
    return ConsumeTransforms.withPerson(
            events
                .where(col("event_type").equalTo(EventTypes.PURCHASE))
                .where(col("event_date").leq(lit(Date.valueOf(day)))),
            ResolveIdentitiesJob.mapFor(tables, day))
        .select("person_id", "product_id")
        .distinct();
  }

  /** Persons by the source of their first-ranked product (one small row per source). */
  private Map<String, Long> firstSources(LocalDate day) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (Row r :
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(day))).and(col("rank").equalTo(1)))
            .groupBy("source")
            .count()
            .orderBy("source")
            .collectAsList()) {
      out.put(r.getString(0), r.getLong(1));
    }
    return out;
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
