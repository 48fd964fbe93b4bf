package org.segmentofone;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.row_number;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.JobRunsTable;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.StageRunner.StageOutcome;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.evaluate.EvaluateJob;
import org.segmentofone.evaluate.GateRefusedException;
import org.segmentofone.forget.ForgetJob;
import org.segmentofone.ingest.GenerateStoreJob;
import org.segmentofone.recommend.HomeLadder;
import org.segmentofone.recommend.RecommendTransforms;
import org.segmentofone.recommend.Rules;
import org.segmentofone.train.TrainModelJob;

/**
 * The whole nightly on a small generated store, run for a cutoff a week before the store's last
 * day, so the last week is a holdout the pipeline never saw.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NightlyPipelineIT {
  private static final int HOLDOUT_DAYS = 7;
  private static SparkSession spark;
  private static AppConfig config;
  private static DeltaTables tables;
  private static Path base;
  private static LocalDate cutoff;
  private static List<StageOutcome> first;
  private static ForgottenPerson forgotten;

  @BeforeAll
  static void runNightly() {
    spark = TestSpark.session();
    base = TestSpark.tempDir("nightly");
    Map<String, String> overrides =
        Map.of(
            "paths.raw-events", base.resolve("store/raw/events").toString(),
            "paths.catalog", base.resolve("store/raw/catalog").toString(),
            "paths.warehouse", base.resolve("warehouse").toString(),
            "paths.checkpoint", base.resolve("checkpoints").toString(),
            "generate.days", "45",
            "train.rank", "16",
            "train.max-iter", "8",
            "train.tuning.trials", "1",
            "train.tuning.max-iter", "5");
    overrides = new java.util.HashMap<>(overrides);
    // The hybrid's search: ALS alone and one blend.
    overrides.put("hybrid.tuning.similarities", "[cosine]");
    overrides.put("hybrid.tuning.recency-half-life-days", "[0]");
    overrides.put("hybrid.tuning.blend-weights", "[0.3]");
    // Evaluate and the search score a seeded sample of their ~280 test persons.
    overrides.put("evaluate.max-test-persons", "250");
    // A merchandiser's exclusion, for every placement.
    overrides.put("recommend.rules.default.excluded-categories", "[\"Pets > Dog\"]");
    config = AppConfig.load(null, overrides);
    config =
        config.withGenerate(
            config.generate().withOverrides(40_000L, base.resolve("store").toString(), 3L));
    new GenerateStoreJob(spark, config.generate())
        .run(new RunContext("gen", config.generate().endDate(), Clock.systemUTC()));
    cutoff = config.generate().endDate().minusDays(HOLDOUT_DAYS);
    tables = new DeltaTables(spark, config.paths());
    first =
        new Pipeline(spark, config)
            .run("nightly", new RunContext("run-1", cutoff, Clock.systemUTC()));
  }

  @Test
  void everyStageRanAndWroteItsTables() {
    assertThat(first).extracting(StageOutcome::stage).containsExactlyElementsOf(Pipeline.NIGHTLY);
    for (var t :
        List.of(Tables.EVENTS, Tables.IDENTITY_MAP, Tables.INTERACTIONS, Tables.RECOMMENDATIONS)) {
      assertThat(tables.read(t).count()).as(t.name()).isPositive();
    }
    assertThat(
            tables
                .read(JobRunsTable.SPEC)
                .where("run_id = 'run-1' AND status = 'succeeded'")
                .count())
        .isEqualTo(Pipeline.NIGHTLY.size());
    assertThat(
            tables
                .read(Tables.AUDIT_CHECKS)
                .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
                .where("section = 'overall'")
                .count())
        .isEqualTo(1);
    assertThat(tables.read(Tables.MODEL_RUNS).where("status = 'published'").count()).isEqualTo(1);
    // Two ALS candidates, then ALS alone and one blend.
    assertThat(tables.read(Tables.TUNING_RUNS).groupBy("algorithm").count().collectAsList())
        .extracting(r -> r.getString(0), r -> r.getLong(1))
        .containsExactlyInAnyOrder(tuple("als", 2L), tuple("hybrid", 2L));
    assertThat(tables.read(Tables.EVALUATIONS).select("algorithm").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("hybrid", "als", "item_to_item", "popularity", "co_occurrence");
    Row model =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(cutoff.toString())).head();
    assertThat(model.getString(model.fieldIndex("similarity"))).isEqualTo("cosine");
    assertThat(model.getDouble(model.fieldIndex("blend_weight"))).isIn(0.0, 0.3);
    assertThat(
            spark
                .read()
                .format("delta")
                .load(model.getString(model.fieldIndex("neighbours_path")))
                .count())
        .isPositive();
    var evaluate = (EvaluateJob.Result) first.get(4).result();
    assertThat(evaluate.model()).isGreaterThan(evaluate.popularity());
    assertThat(evaluate.testPersons()).isEqualTo(250);
    assertThat(evaluate.unsampledTestPersons()).isGreaterThan(250);
    assertThat(evaluate.message()).contains("a seeded sample of 250 of ");
    assertThat(tables.read(Tables.EVALUATIONS).select("test_persons").distinct().collectAsList())
        .extracting(r -> r.getLong(0))
        .containsExactly(250L);
    assertThat(Path.of(java.net.URI.create(evaluate.report()))).isRegularFile();
  }

  @Test
  void collectAccountsForEveryRowAndSeesNothingAfterTheRunDate() {
    var collect = (org.segmentofone.collect.CollectEventsJob.Result) first.get(0).result();
    long raw =
        spark
            .read()
            .parquet(config.paths().rawEvents())
            .where(col("event_date").leq(lit(Date.valueOf(cutoff))))
            .count();
    assertThat(collect.read()).isEqualTo(raw);
    assertThat(collect.read())
        .isEqualTo(collect.accepted() + collect.quarantined() + collect.duplicates());
    assertThat(collect.quarantined()).isPositive();
    assertThat(collect.duplicates()).isPositive();
    assertThat(
            tables
                .read(Tables.EVENTS)
                .where(col("event_date").gt(lit(Date.valueOf(cutoff))))
                .count())
        .isZero();
    assertThat(tables.read(Tables.QUARANTINE).where("raw LIKE '%@example.com%'").count()).isZero();
  }

  @Test
  void everyPersonGetsTopNWithAlsForRichHistoriesAndTrendingForThinOnes() {
    Dataset<Row> recs =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))));
    long persons = tables.read(Tables.PERSON_PROFILE).count();
    assertThat(recs.select("person_id").distinct().count()).isEqualTo(persons);
    assertThat(
            recs.groupBy("person_id")
                .count()
                .where(col("count").gt(config.recommend().topN()))
                .count())
        .isZero();
    assertThat(recs.select("source").distinct().collectAsList())
        .extracting(r -> r.getString(0))
        .contains(modelSource(), "trending", "similar")
        .isSubsetOf(modelSource(), "trending", "similar", "category-trending");
    Dataset<Row> bought =
        tables.read(Tables.INTERACTIONS).where("purchases > 0").select("person_id", "product_id");
    assertThat(recs.join(bought, new String[] {"person_id", "product_id"}).count()).isZero();
  }

  @Test
  void theLadderServesEachPersonByTheirEventsAndConsent() {
    Dataset<Row> first =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))).and(col("rank").equalTo(1)))
            .join(tables.read(Tables.PERSON_PROFILE), "person_id");
    // The model only for consenting persons with 3+ product events; nothing personal without
    // consent; trending alone for persons without product events.
    assertThat(
            first
                .where(col("source").equalTo(modelSource()))
                .where(col("product_events").lt(3).or(col("consent").unary_$bang()))
                .count())
        .isZero();
    assertThat(
            first
                .where(col("consent").unary_$bang().or(col("product_events").equalTo(0)))
                .select("source")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsOnly("trending");
    assertThat(
            first
                .where(col("consent").and(col("product_events").between(1, 2)))
                .where(col("source").isin("similar", "category-trending"))
                .count())
        .isPositive();
  }

  @Test
  void everyPersonalReasonPointsToAProductThePersonTouched() {
    Dataset<Row> explained =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
            .where(col("reason").rlike("^(viewed|carted|bought):"))
            .select(
                col("person_id"),
                col("source"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .substring_index(col("reason"), ":", -1)
                    .as("touched"));
    assertThat(explained.where(col("source").equalTo(modelSource())).count()).isPositive();
    assertThat(
            explained
                .join(
                    tables
                        .read(Tables.INTERACTIONS)
                        .select(col("person_id"), col("product_id").as("touched")),
                    new String[] {"person_id", "touched"},
                    "left_anti")
                .count())
        .isZero();
  }

  @Test
  void anExcludedCategoryAppearsInNoPlacementAndBoughtTogetherFindsThePlantedPairs() {
    Dataset<Row> dogs =
        tables
            .read(Tables.PRODUCTS)
            .where(col("category").startsWith("Pets > Dog > "))
            .select(col("product_id").as("shown"));
    assertThat(dogs.count()).isPositive();
    Column today = col("run_date").equalTo(lit(Date.valueOf(cutoff)));
    Map<String, Dataset<Row>> shown =
        Map.of(
            "recommendations",
            tables.read(Tables.RECOMMENDATIONS).where(today).select(col("product_id").as("shown")),
            "similar_products",
            tables.read(Tables.SIMILAR_PRODUCTS).where(today).select(col("similar_id").as("shown")),
            "bought_together",
            tables
                .read(Tables.BOUGHT_TOGETHER)
                .where(today)
                .select(col("complement_id").as("shown")),
            "trending",
            tables.read(Tables.TRENDING).where(today).select(col("product_id").as("shown")));
    shown.forEach(
        (table, products) -> {
          assertThat(products.count()).as(table).isPositive();
          assertThat(products.join(dogs, "shown").count()).as(table).isZero();
        });
    assertThat(
            tables
                .read(Tables.SIMILAR_PRODUCTS)
                .where(today)
                .groupBy("product_id")
                .count()
                .where(col("count").gt(config.recommend().similar().neighbours()))
                .count())
        .isZero();

    Dataset<Row> planted = spark.read().parquet(base.resolve("store/truth/complements").toString());
    Dataset<Row> rules = tables.read(Tables.BOUGHT_TOGETHER).where(today);
    Dataset<Row> anchors = planted.join(rules.select("product_id").distinct(), "product_id");
    long found =
        anchors
            .join(
                rules.select("product_id", "complement_id"),
                new String[] {"product_id", "complement_id"})
            .count();
    long withRules = anchors.count();
    org.slf4j.LoggerFactory.getLogger(NightlyPipelineIT.class)
        .info("bought_together: planted complement found for {} of {} anchors", found, withRules);
    assertThat(withRules).isGreaterThan(20);
    assertThat((double) found / withRules).isGreaterThan(0.5);
  }

  @Test
  void theDocumentedWhatDidPersonXGetQueryAnswersByAnyIdentifier() throws Exception {
    String doc = java.nio.file.Files.readString(Path.of("../docs/tables.md"));
    int at = doc.indexOf("What did person X get on date D");
    int start = doc.indexOf("```sql", at) + "```sql".length();
    String sql = doc.substring(start, doc.indexOf("```", start));
    Row someone =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
            .join(
                tables
                    .read(Tables.IDENTITY_MAP)
                    .where(col("id_type").equalTo("email_hash"))
                    .where(col("run_date").equalTo(lit(Date.valueOf(cutoff)))),
                "person_id")
            .select("id_value", "person_id")
            .head();
    String query =
        sql.replace("warehouse/", config.paths().warehouse() + "/")
            .replace("<hash>", someone.getString(0))
            .replace("2026-11-20", cutoff.toString());
    List<Row> got = spark.sql(query).collectAsList();
    assertThat(got).hasSize(config.recommend().topN());
    assertThat(got).extracting(r -> r.getInt(0)).startsWith(1, 2, 3);
    assertThat(got)
        .extracting(r -> r.getString(1))
        .containsExactlyElementsOf(
            tables
                .read(Tables.RECOMMENDATIONS)
                .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
                .where(col("person_id").equalTo(someone.getString(1)))
                .orderBy("rank")
                .collectAsList()
                .stream()
                .map(r -> r.<String>getAs("product_id"))
                .toList());
  }

  @Test
  void everyCellOfEveryAnalystNotebookRunsOnTheNightlysTablesAndReturnsRows() {
    Row someone = personWithAccountAndModelList();
    Map<String, String> widgets =
        Map.of(
            "warehouse", config.paths().warehouse(),
            "id_type", "user_id",
            "id_value", someone.getString(1),
            "run_date", cutoff.toString());
    List<Path> notebooks = Notebooks.all();

    assertThat(notebooks).hasSizeGreaterThanOrEqualTo(4);
    for (Path notebook : notebooks) {
      List<Notebooks.CellRun> cells = Notebooks.run(spark, notebook, widgets);
      assertThat(cells).as("query cells of %s", notebook).isNotEmpty();
      for (Notebooks.CellRun c : cells) {
        if (!c.mayBeEmpty()) {
          assertThat(c.rows()).as("%s cell %d:\n%s", notebook, c.cell(), c.sql()).isNotEmpty();
        }
      }
    }
  }

  /** A person with an account, two or more devices and a model-made list on the cutoff night. */
  private static Row personWithAccountAndModelList() {
    Dataset<Row> persons =
        tables
            .read(Tables.IDENTITY_MAP)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
            .groupBy("person_id")
            .agg(
                org.apache
                    .spark
                    .sql
                    .functions
                    .max(
                        org.apache.spark.sql.functions.when(
                            col("id_type").equalTo("user_id"), col("id_value")))
                    .as("user_id"),
                org.apache
                    .spark
                    .sql
                    .functions
                    .count_if(col("id_type").equalTo("anonymous_id"))
                    .as("devices"),
                org.apache.spark.sql.functions.max("last_seen").as("last_seen"))
            .where(col("user_id").isNotNull().and(col("devices").geq(2)))
            // Active in collect's look-back window, so a rerun re-reads some of their raw events.
            .where(
                col("last_seen")
                    .geq(
                        lit(
                            java.sql.Timestamp.valueOf(
                                cutoff
                                    .minusDays(config.collect().lookbackDays())
                                    .atStartOfDay()))));
    Dataset<Row> modelLists =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
            .where(col("rank").equalTo(1).and(col("source").isin("hybrid", "als", "item_to_item")))
            .select("person_id");
    return persons
        .join(modelLists, "person_id")
        .orderBy("person_id")
        .select("person_id", "user_id")
        .head();
  }

  @Test
  void recommendationsHitHeldOutNextPurchasesFarMoreOftenThanTrending() {
    Dataset<Row> raw =
        spark
            .read()
            .parquet(config.paths().rawEvents())
            .where(col("event_date").gt(lit(Date.valueOf(cutoff))))
            .where(col("event_type").equalTo("purchase").and(col("product_id").isNotNull()))
            .withColumn("email_hash", lit(null).cast("string"))
            .where(col("event_id").isNotNull());
    Dataset<Row> heldOut =
        ConsumeTransforms.withPerson(raw, tables.read(Tables.IDENTITY_MAP))
            .select("person_id", "product_id")
            .distinct();
    Dataset<Row> recs =
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(
                col("run_date")
                    .equalTo(lit(Date.valueOf(cutoff)))
                    .and(col("source").equalTo(modelSource())));
    Dataset<Row> alsPersons =
        recs.select("person_id")
            .distinct()
            .join(heldOut.select("person_id").distinct(), "person_id");
    // The same persons' lists had they all been served trending, through the same home rules.
    Dataset<Row> trendingRecs =
        Rules.apply(
            HomeLadder.trending(
                alsPersons.select(
                    col("person_id"),
                    lit(HomeLadder.RUNG_TRENDING).as("rung"),
                    lit(HomeLadder.REASON_NO_HISTORY).as("reason")),
                tables
                    .read(Tables.TRENDING)
                    .where(col("run_date").equalTo(lit(Date.valueOf(cutoff)))),
                0),
            "person_id",
            tables.read(Tables.PRODUCTS),
            tables.read(Tables.INTERACTIONS).where("purchases > 0"),
            config.recommend().home(),
            cutoff,
            config.recommend().topN());
    long evaluated = alsPersons.count();
    double als = hitRate(recs.join(alsPersons, "person_id"), heldOut, evaluated);
    double trending = hitRate(trendingRecs, heldOut, evaluated);
    org.slf4j.LoggerFactory.getLogger(NightlyPipelineIT.class)
        .info(
            "held-out hit rate@{} over {} persons: ALS {}, trending {}",
            config.recommend().topN(),
            evaluated,
            als,
            trending);
    assertThat(evaluated).isGreaterThan(50);
    assertThat(als)
        .as("ALS hit rate vs trending %.3f", trending)
        .isGreaterThan(2 * trending)
        .isGreaterThan(0.25);
  }

  /**
   * forget, on the nightly's warehouse: the person (all their identifiers and person ids) is in no
   * table and no model afterwards, and no older version of a personal table returns them.
   */
  @Test
  @Order(Integer.MAX_VALUE - 2)
  void aForgottenPersonIsInNoTableNoModelAndNoOlderVersion() {
    Row someone = personWithAccountAndModelList();
    forgotten = ForgottenPerson.of(tables, someone.getString(0));
    assertThat(forgotten.values()).hasSizeGreaterThanOrEqualTo(4);
    assertThat(forgotten.rowsIn(spark, config.paths().warehouse(), true)).isPositive();

    AppConfig request =
        config.withForget(config.forget().withIds(List.of("user_id:" + someone.getString(1))));
    List<StageOutcome> run =
        new Pipeline(spark, request)
            .run("forget", new RunContext("forget-1", cutoff, Clock.systemUTC()));

    assertThat(((ForgetJob.Result) run.get(0).result()).persons()).isPositive();
    assertThat(forgotten.rowsIn(spark, config.paths().warehouse(), true))
        .as("rows naming the person in any table, in any data file left on disk")
        .isZero();
    assertThat(forgotten.factorsIn(spark, config.paths().table("models"))).isZero();
    assertThat(tables.read(Tables.ERASURES).count()).isEqualTo(forgotten.identifiers());
  }

  @Test
  @Order(Integer.MAX_VALUE - 1)
  void rerunningTheSameDateReplacesInsteadOfDuplicating() {
    long events = tables.read(Tables.EVENTS).count();
    long recs = tables.read(Tables.RECOMMENDATIONS).count();
    long map = tables.read(Tables.IDENTITY_MAP).count();
    Row searched =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(cutoff.toString())).head();
    long candidates = tuningRunsOf(cutoff.toString());
    assertThat(searched.<Integer>getAs("tuning_candidates"))
        .isPositive()
        .isEqualTo((int) candidates);
    // A run older than recommend.keep-days, as if written long ago: the rerun deletes it.
    LocalDate old = cutoff.minusDays(config.recommend().keepDays() + 1);
    tables.append(
        tables
            .read(Tables.RECOMMENDATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
            .limit(5)
            .withColumn("run_date", lit(Date.valueOf(old))),
        Tables.RECOMMENDATIONS);
    List<StageOutcome> again =
        new Pipeline(spark, config)
            .run("nightly", new RunContext("run-2", cutoff, Clock.systemUTC()));
    assertThat(again).hasSize(Pipeline.NIGHTLY.size());
    // The date's own search is reused: train searches nothing, keeps the date's candidates and
    // records the same choice.
    TrainModelJob.Result train =
        (TrainModelJob.Result)
            again.stream()
                .filter(o -> o.stage().equals("train"))
                .findFirst()
                .orElseThrow()
                .result();
    assertThat(train.candidates()).isZero();
    assertThat(train.tunedOn()).isEqualTo(cutoff);
    assertThat(tuningRunsOf(cutoff.toString())).isEqualTo(candidates);
    Row rerun =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(cutoff.toString())).head();
    assertThat(rerun.<String>getAs("run_id")).isEqualTo("run-2");
    for (String value :
        List.of(
            "rank",
            "reg_param",
            "alpha",
            "log_scale",
            "similarity",
            "blend_weight",
            "tuning_candidates",
            "validation_ndcg",
            "hybrid_validation_ndcg",
            "tuned_on",
            "search_space")) {
      assertThat(rerun.<Object>getAs(value)).as(value).isEqualTo(searched.getAs(value));
    }
    assertThat(tables.read(Tables.AUDIT_CHECKS).count())
        .as("one row per check and verdict, however often the night ran")
        .isEqualTo(org.segmentofone.audit.ReadinessCheck.values().length + 4L);
    assertThat(tables.read(Tables.EVENTS).count()).isEqualTo(events);
    assertThat(tables.read(Tables.RECOMMENDATIONS).count()).isEqualTo(recs);
    assertThat(
            tables
                .read(Tables.RECOMMENDATIONS)
                .where(col("run_date").equalTo(lit(Date.valueOf(old))))
                .count())
        .isZero();
    assertThat(tables.read(Tables.IDENTITY_MAP).count()).isEqualTo(map);
    assertThat(
            tables
                .read(Tables.MODEL_RUNS)
                .where(col("run_date").equalTo(lit(Date.valueOf(cutoff))))
                .count())
        .isEqualTo(1);
    assertThat(tables.read(Tables.EVALUATIONS).select("run_date").distinct().count()).isEqualTo(1);
    if (forgotten != null) {
      assertThat(forgotten.rowsIn(spark, config.paths().warehouse(), false))
          .as("the forgotten person after the nightly ran again")
          .isZero();
      assertThat(
              tables
                  .read(JobRunsTable.SPEC)
                  .where("run_id = 'run-2' AND stage = 'collect'")
                  .select(col("metrics").getItem("erased"))
                  .head()
                  .getLong(0))
          .as("raw events of the forgotten person dropped by collect")
          .isPositive();
    }
  }

  /**
   * The next night's model is deliberately broken (its item factors shuffled among products, in the
   * holdout model the gate scores and in the one recommend would serve): the gate refuses it, the
   * stage fails with the reason, recommend refuses to publish, and the last published lists stay
   * the newest ones.
   */
  @Test
  @Order(Integer.MAX_VALUE)
  void aBrokenModelIsRefusedByTheGateAndYesterdaysRecommendationsStay() throws Exception {
    LocalDate next = cutoff.plusDays(1);
    long published = tables.read(Tables.RECOMMENDATIONS).count();
    Pipeline pipeline = new Pipeline(spark, config);
    RunContext night = new RunContext("run-broken", next, Clock.systemUTC());
    for (String stage : List.of("collect", "connect", "consume", "train")) {
      pipeline.run(stage, night);
    }
    Row run = tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(next.toString())).head();
    Row searched =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(cutoff.toString())).head();
    // train.tuning.every-days (7): the next night trains yesterday's search's values, no search.
    assertThat(run.<Integer>getAs("tuning_candidates")).isZero();
    assertThat(run.<Date>getAs("tuned_on")).isEqualTo(Date.valueOf(cutoff));
    assertThat(searched.<Date>getAs("tuned_on")).isEqualTo(Date.valueOf(cutoff));
    for (String value :
        List.of("rank", "reg_param", "alpha", "log_scale", "similarity", "search_space")) {
      assertThat(run.<Object>getAs(value)).as(value).isEqualTo(searched.getAs(value));
    }
    assertThat(
            tables
                .read(Tables.TUNING_RUNS)
                .where(col("model_version").equalTo(next.toString()))
                .count())
        .isZero();
    shuffleItemFactors(run.getString(run.fieldIndex("holdout_path")));
    shuffleItemFactors(run.getString(run.fieldIndex("path")));
    shuffleNeighbours(run.getString(run.fieldIndex("holdout_neighbours_path")));
    shuffleNeighbours(run.getString(run.fieldIndex("neighbours_path")));

    assertThatThrownBy(() -> pipeline.run("evaluate", night))
        .isInstanceOf(GateRefusedException.class)
        .hasMessageContaining("does not beat popularity")
        .hasMessageContaining(
            "the last published model (" + cutoff + ") and its recommendations stay");
    assertThat(
            tables
                .read(Tables.EVALUATIONS)
                .where(col("run_date").equalTo(lit(Date.valueOf(next))))
                .where("algorithm = 'last_published' AND metric = 'ndcg' AND k = 10")
                .head()
                .getDouble(5))
        .as("yesterday's model scored on the same held-out days")
        .isGreaterThan(0.1);
    Row refused =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(next.toString())).head();
    assertThat(refused.getString(refused.fieldIndex("status"))).isEqualTo("refused");
    assertThat(
            tables
                .read(JobRunsTable.SPEC)
                .where("run_id = 'run-broken' AND stage = 'evaluate' AND status = 'refused'")
                .count())
        .isEqualTo(1);
    assertThatThrownBy(() -> pipeline.run("recommend", night))
        .isInstanceOf(StageFailedException.class)
        .hasMessageContaining("refused by the gate");

    Dataset<Row> recs = tables.read(Tables.RECOMMENDATIONS);
    assertThat(recs.count()).isEqualTo(published);
    assertThat(recs.agg(org.apache.spark.sql.functions.max("run_date")).head().getDate(0))
        .isEqualTo(Date.valueOf(cutoff));
    assertThat(
            tables
                .read(Tables.MODEL_RUNS)
                .where("status = 'published'")
                .select("version")
                .head()
                .getString(0))
        .isEqualTo(cutoff.toString());
  }

  private static long tuningRunsOf(String version) {
    return tables.read(Tables.TUNING_RUNS).where(col("model_version").equalTo(version)).count();
  }

  /** Gives every product the factors of another (a seeded permutation), in place. */
  private static void shuffleItemFactors(String modelPath) throws java.io.IOException {
    Path factors = Path.of(modelPath.replaceFirst("^file:", "")).resolve("itemFactors");
    Dataset<Row> f = spark.read().parquet(factors.toString()).cache();
    Dataset<Row> ids = f.select(col("id")).withColumn("n", row_number().over(Window.orderBy("id")));
    Dataset<Row> shuffled =
        f.select(col("features")).withColumn("n", row_number().over(Window.orderBy(rand(7))));
    Path tmp = factors.resolveSibling("itemFactors-shuffled");
    ids.join(shuffled, "n").select("id", "features").write().parquet(tmp.toString());
    f.unpersist();
    TestSpark.deleteQuietly(factors);
    java.nio.file.Files.move(tmp, factors);
  }

  /** Points every neighbour pair at another product (a seeded permutation), in place. */
  private static void shuffleNeighbours(String path) {
    Dataset<Row> n = spark.read().format("delta").load(path).cache();
    n.count();
    Dataset<Row> ids =
        n.select(col("neighbour_id"))
            .distinct()
            .withColumn("i", row_number().over(Window.orderBy("neighbour_id")));
    Dataset<Row> other =
        ids.select(col("neighbour_id").as("other"))
            .withColumn("i", row_number().over(Window.orderBy(rand(11))));
    Dataset<Row> moved =
        n.join(ids, "neighbour_id")
            .join(other, "i")
            .select(
                col("product_id"), col("other").as("neighbour_id"), col("similarity"), col("rank"))
            .cache();
    moved.count();
    moved.write().format("delta").mode("overwrite").save(path);
    n.unpersist();
    moved.unpersist();
  }

  /** The recommendations' source of the published model (als, hybrid or item_to_item). */
  private static String modelSource() {
    Row run =
        tables.read(Tables.MODEL_RUNS).where(col("version").equalTo(cutoff.toString())).head();
    return RecommendTransforms.modelSource(run.getDouble(run.fieldIndex("blend_weight")));
  }

  private static double hitRate(Dataset<Row> recs, Dataset<Row> heldOut, long persons) {
    long hits =
        recs.select("person_id", "product_id")
            .join(heldOut, new String[] {"person_id", "product_id"})
            .select("person_id")
            .distinct()
            .count();
    return (double) hits / persons;
  }
}
