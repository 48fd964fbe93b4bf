package org.segmentofone.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.row_number;

import java.io.File;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.segmentofone.AppConfig;
import org.segmentofone.Pipeline;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.consume.ConsumeTransforms;
import org.segmentofone.evaluate.Holdout;
import org.segmentofone.evaluate.RankingMetrics;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.HybridTuner;
import org.segmentofone.itemtoitem.Neighbours;
import org.segmentofone.train.AlsParams;
import org.segmentofone.train.AlsTuner;
import org.segmentofone.train.DenseIndex;
import org.segmentofone.train.TrainConfig;
import org.segmentofone.train.TrainTransforms;

/**
 * Offline quality for bench/quality, each dataset beside popularity and item co-occurrence in the
 * same run. Public datasets arrive through the product's own importers (raw event contract); ALS is
 * tuned on a validation split carved from the training part only, then retrained on the whole
 * training part and scored once on the test part.
 *
 * <p>Args: work-dir ml-events beauty-events store-dir [key=value config overrides...]. An events
 * argument "-" skips that dataset.
 */
public final class QualityBench {
  private static final int K = 10;

  private final SparkSession spark;
  private final AppConfig config;
  private final List<String> table = new ArrayList<>();

  private QualityBench(SparkSession spark, AppConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** A split of person events: training events, held-out pairs, and its validation split. */
  private record Split(
      Dataset<Row> train,
      Dataset<Row> test,
      Dataset<Row> validationTrain,
      Dataset<Row> validationTest,
      Instant end) {}

  public static void main(String[] args) throws Exception {
    String work = args[0];
    BenchSession session = BenchSession.start("quality-bench", work, args, 4);
    AppConfig config = session.config();
    SparkSession spark = session.spark();
    QualityBench bench = new QualityBench(spark, config);
    bench.header();
    try {
      if (!args[1].equals("-")) {
        bench.run(
            "MovieLens 100k",
            "stratified 75/25 per user",
            bench.stratified(events(spark, args[1])));
      }
      if (!args[2].equals("-")) {
        bench.run(
            "Amazon Beauty",
            "leave-last-out, full ranking",
            bench.leaveLastOut(events(spark, args[2])));
      }
      if (!args[3].equals("-")) {
        bench.store(args[3], work);
      }
    } finally {
      bench.table.forEach(System.out::println);
      spark.stop();
    }
  }

  private static Dataset<Row> events(SparkSession spark, String path) {
    return spark
        .read()
        .parquet(path)
        .where(col("product_id").isNotNull().and(col("user_id").isNotNull()))
        .withColumn("person_id", col("user_id"))
        .select("person_id", "product_id", "event_type", "event_time", "event_date")
        .cache();
  }

  private void header() {
    table.add(
        "| dataset | protocol | algorithm | MAP@10 | NDCG@10 | Precision@10 | Recall@10 | HR@10 | test persons | seconds |");
    table.add("|---|---|---|---|---|---|---|---|---|---|");
  }

  /** Per person, a seeded random 75% of its distinct products for training, the rest for test. */
  Split stratified(Dataset<Row> events) {
    Dataset<Row> train = sample(events, 42, 0.75);
    Dataset<Row> test =
        pairs(events).join(pairs(train), new String[] {"person_id", "product_id"}, "left_anti");
    Dataset<Row> validationTrain = sample(train, 4242, 0.75);
    Dataset<Row> validationTest =
        pairs(train)
            .join(pairs(validationTrain), new String[] {"person_id", "product_id"}, "left_anti");
    return new Split(train, test, validationTrain, validationTest, end(events));
  }

  private static Dataset<Row> sample(Dataset<Row> events, long seed, double share) {
    Dataset<Row> chosen =
        pairs(events)
            .withColumn("r", rand(seed))
            .withColumn(
                "n", row_number().over(Window.partitionBy("person_id").orderBy("r", "product_id")))
            .withColumn("of", count(lit(1)).over(Window.partitionBy("person_id")))
            .where(col("n").leq(round(col("of").multiply(share))))
            .select("person_id", "product_id");
    return events.join(chosen, new String[] {"person_id", "product_id"}).cache();
  }

  /** The last item of each person (3+ items) is the test, the one before it validation. */
  Split leaveLastOut(Dataset<Row> events) {
    Dataset<Row> ordered =
        events
            .withColumn(
                "back",
                row_number()
                    .over(
                        Window.partitionBy("person_id")
                            .orderBy(col("event_time").desc(), col("product_id"))))
            .withColumn("of", count(lit(1)).over(Window.partitionBy("person_id")))
            .cache();
    EventsWhere c = new EventsWhere(ordered);
    Dataset<Row> train = c.where(ordered.col("of").lt(3).or(ordered.col("back").gt(1)));
    Dataset<Row> test = c.where(ordered.col("of").geq(3).and(ordered.col("back").equalTo(1)));
    Dataset<Row> validationTrain = c.where(ordered.col("of").lt(3).or(ordered.col("back").gt(2)));
    Dataset<Row> validationTest =
        c.where(ordered.col("of").geq(3).and(ordered.col("back").equalTo(2)));
    return new Split(
        train.cache(), pairs(test), validationTrain.cache(), pairs(validationTest), end(events));
  }

  /** Selects the event columns back after filtering on the helper columns. */
  private record EventsWhere(Dataset<Row> ordered) {
    Dataset<Row> where(org.apache.spark.sql.Column condition) {
      return ordered
          .where(condition)
          .select("person_id", "product_id", "event_type", "event_time", "event_date");
    }
  }

  private static Dataset<Row> pairs(Dataset<Row> events) {
    return events.select("person_id", "product_id").distinct();
  }

  private static Instant end(Dataset<Row> events) {
    Timestamp t = events.agg(max("event_time")).head().getTimestamp(0);
    return t.toInstant().plusSeconds(1);
  }

  /** ALS (tuned on the validation split) and both baselines on one split. */
  void run(String dataset, String protocol, Split s) {
    long catalog = s.train().select("product_id").distinct().count();
    Dataset<Row> persons = s.test().select("person_id").distinct().cache();
    long testPersons = persons.count();
    // Interactions from the events with the nightly's weights, without time decay: a random
    // split has no "now" to decay towards.
    ConsumeConfig consume =
        new ConsumeConfig(
            config.consume().weights(), 1e9, config.consume().dailyCap(), 1_000_000, 1_000_000);
    LocalDate day = LocalDate.ofInstant(s.end(), ZoneOffset.UTC);
    Dataset<Row> everyone = s.train().select(col("person_id"), lit(true).as("consent")).distinct();
    // Products only in the test have no factors and cannot be recommended: the training pairs
    // are all the index needs.
    Dataset<Row> all = pairs(s.train());
    Dataset<Row> personIndex =
        DenseIndex.extend(
                spark,
                spark.createDataFrame(List.of(), Tables.PERSON_INDEX.schema()),
                all,
                "person_id")
            .cache();
    Dataset<Row> productIndex =
        DenseIndex.extend(
                spark,
                spark.createDataFrame(List.of(), Tables.PRODUCT_INDEX.schema()),
                all,
                "product_id")
            .cache();
    TrainConfig cfg = config.train().withBlocks(spark.sparkContext().defaultParallelism());

    long started = System.nanoTime();
    Dataset<Row> validationPersons = s.validationTest().select("person_id").distinct().checkpoint();
    Dataset<Row> validationInteractions =
        ConsumeTransforms.interactions(s.validationTrain(), everyone, consume, day).checkpoint();
    AlsTuner.Validation validation =
        new AlsTuner.Validation(
            TrainTransforms.indexed(validationInteractions, personIndex, productIndex),
            validationPersons,
            s.validationTest().checkpoint(),
            pairs(s.validationTrain()).checkpoint(),
            personIndex,
            productIndex);
    AlsTuner.Result search =
        AlsTuner.search(
            cfg,
            AlsTuner.candidates(cfg),
            validation,
            config.hybrid().alsCandidates(),
            Clock.systemUTC());
    double searchSeconds = (System.nanoTime() - started) / 1e9;
    started = System.nanoTime();
    HybridTuner.Result blends =
        HybridTuner.search(
            config.hybrid(),
            validation,
            search.best(),
            validationInteractions,
            cfg.tuning().k(),
            Clock.systemUTC());
    double blendSeconds = (System.nanoTime() - started) / 1e9;
    HybridParams hybrid = blends.chosen().params();
    // Item-to-item alone: the best weight-1 candidate of the same search.
    List<HybridTuner.Candidate> itemsOnly =
        blends.candidates().stream().filter(c -> c.params().blendWeight() == 1).toList();
    HybridParams alone = itemsOnly.isEmpty() ? hybrid : HybridTuner.best(itemsOnly).params();

    started = System.nanoTime();
    TrainConfig best = cfg.with(search.chosen().params());
    Dataset<Row> interactions =
        ConsumeTransforms.interactions(s.train(), everyone, consume, day).checkpoint();
    Dataset<Row> ratings =
        TrainTransforms.ratings(interactions, personIndex, productIndex, best).cache();
    ALSModel model = TrainTransforms.als(best).fit(ratings);
    Dataset<Row> exclude = pairs(s.train()).checkpoint();
    HybridLists lists =
        new HybridLists(
            model,
            personIndex,
            productIndex,
            Neighbours.build(interactions, config.hybrid(), hybrid.similarity()).checkpoint(),
            interactions,
            hybrid,
            config.hybrid().candidates());
    Dataset<Row> als = lists.als(persons, exclude, K).select("person_id", "product_id", "rank");
    double alsSeconds = searchSeconds + (System.nanoTime() - started) / 1e9;
    System.err.printf(
        "%s: chosen %s (validation NDCG@%d %.4f of %d candidates)%n",
        dataset,
        search.chosen().params(),
        cfg.tuning().k(),
        search.chosen().score(),
        search.candidates().size());
    for (AlsTuner.Candidate c : search.candidates()) {
      System.err.printf(
          "  candidate %d %s: %.4f (%.1f s)%n", c.number(), c.params(), c.score(), c.seconds());
    }
    row(
        dataset,
        protocol,
        "ALS (tuned: " + search.chosen().params() + ")",
        als,
        s.test(),
        catalog,
        testPersons,
        alsSeconds);
    System.err.printf(
        "%s: hybrid chosen %s (validation NDCG@%d %.4f of %d candidates, %.0f s)%n",
        dataset,
        hybrid,
        cfg.tuning().k(),
        blends.chosen().score(),
        blends.candidates().size(),
        blendSeconds);
    for (HybridTuner.Candidate c : blends.candidates()) {
      System.err.printf(
          "  hybrid candidate %d %s (ALS %s): %.4f%n", c.number(), c.params(), c.als(), c.score());
    }

    started = System.nanoTime();
    Dataset<Row> neighboursAlone =
        Neighbours.build(interactions, config.hybrid(), alone.similarity()).checkpoint();
    Dataset<Row> items =
        new HybridLists(
                model,
                personIndex,
                productIndex,
                neighboursAlone,
                interactions,
                alone,
                config.hybrid().candidates())
            .itemToItem(persons, exclude, K);
    row(
        dataset,
        protocol,
        "item-to-item (tuned: %s, recency %s)"
            .formatted(
                alone.similarity(),
                alone.recencyHalfLifeDays() == 0
                    ? "off"
                    : "half-life " + alone.recencyHalfLifeDays() + " d"),
        items,
        s.test(),
        catalog,
        testPersons,
        (System.nanoTime() - started) / 1e9);

    started = System.nanoTime();
    // The winning blend may use other ALS values than the best ALS alone: its own final model.
    AlsParams blended = blends.chosen().als();
    HybridLists served = lists;
    if (!blended.equals(search.chosen().params())) {
      TrainConfig other = cfg.with(blended);
      served =
          new HybridLists(
              TrainTransforms.als(other)
                  .fit(TrainTransforms.ratings(interactions, personIndex, productIndex, other)),
              personIndex,
              productIndex,
              lists.neighbours(),
              interactions,
              hybrid,
              config.hybrid().candidates());
    }
    row(
        dataset,
        protocol,
        "**hybrid** (tuned: " + hybrid + "; ALS " + blended + ")",
        served.hybrid(persons, exclude, K),
        s.test(),
        catalog,
        testPersons,
        blendSeconds + (System.nanoTime() - started) / 1e9);

    started = System.nanoTime();
    Dataset<Row> popularity =
        Holdout.popularity(
            s.train(), persons, exclude, config.consume().weights(), 1e9, s.end(), K);
    row(
        dataset,
        protocol,
        "popularity",
        popularity,
        s.test(),
        catalog,
        testPersons,
        (System.nanoTime() - started) / 1e9);

    started = System.nanoTime();
    Dataset<Row> co =
        Holdout.coOccurrence(
            s.train(), persons, exclude, 200, config.evaluate().coOccurrenceNeighbours(), K);
    row(
        dataset,
        protocol,
        "item co-occurrence",
        co,
        s.test(),
        catalog,
        testPersons,
        (System.nanoTime() - started) / 1e9);
    ratings.unpersist();
  }

  private void row(
      String dataset,
      String protocol,
      String algorithm,
      Dataset<Row> lists,
      Dataset<Row> test,
      long catalog,
      long persons,
      double seconds) {
    Map<String, Double> m = new LinkedHashMap<>();
    for (Row r : RankingMetrics.evaluate(lists, test, List.of(K), catalog).collectAsList()) {
      m.put(r.getString(0), r.getDouble(2));
    }
    table.add(
        "| %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %.0f |"
            .formatted(
                dataset,
                protocol,
                algorithm,
                m.get(RankingMetrics.MAP),
                m.get(RankingMetrics.NDCG),
                m.get(RankingMetrics.PRECISION),
                m.get(RankingMetrics.RECALL),
                m.get(RankingMetrics.HIT_RATE),
                persons,
                seconds));
    System.err.println(table.get(table.size() - 1));
  }

  /** The generated store through the real nightly stages up to evaluate: its evaluations table. */
  void store(String store, String work) {
    Map<String, String> o = new LinkedHashMap<>();
    o.put("paths.raw-events", store + "/raw/events");
    o.put("paths.catalog", store + "/raw/catalog");
    o.put("paths.warehouse", work + "/store-warehouse");
    o.put("paths.checkpoint", work + "/store-checkpoints");
    o.put("run.date", "latest-input");
    AppConfig c = AppConfig.load(null, o);
    LocalDate runDate =
        spark
            .read()
            .parquet(store + "/raw/events")
            .agg(max("event_date"))
            .head()
            .getDate(0)
            .toLocalDate();
    Pipeline pipeline = new Pipeline(spark, c);
    RunContext run = new RunContext("quality-bench", runDate, Clock.systemUTC());
    long started = System.nanoTime();
    for (String stage : List.of("collect", "connect", "consume", "train", "evaluate")) {
      pipeline.run(stage, run);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    DeltaTables tables = new DeltaTables(spark, c.paths());
    Dataset<Row> ev =
        tables
            .read(Tables.EVALUATIONS)
            .where(col("run_date").equalTo(lit(Date.valueOf(runDate))))
            .where(col("k").equalTo(K))
            .cache();
    long persons = ev.select("test_persons").head().getLong(0);
    for (String algorithm :
        List.of("hybrid", "als", "item_to_item", "popularity", "co_occurrence")) {
      Map<String, Double> m = new LinkedHashMap<>();
      for (Row r : ev.where(col("algorithm").equalTo(algorithm)).collectAsList()) {
        m.put(r.getString(r.fieldIndex("metric")), r.getDouble(r.fieldIndex("value")));
      }
      table.add(
          "| generated store (%s) | temporal holdout, last %d days | %s | %.4f | %.4f | %.4f | %.4f | %.4f | %d | %s |"
              .formatted(
                  new File(store).getName(),
                  c.evaluate().holdoutDays(),
                  switch (algorithm) {
                    case "hybrid" -> "**hybrid** (nightly, tuned; fallback for thin histories)";
                    case "als" -> "ALS part alone";
                    case "item_to_item" -> "item-to-item part alone";
                    default -> algorithm.replace('_', ' ');
                  },
                  m.get(RankingMetrics.MAP),
                  m.get(RankingMetrics.NDCG),
                  m.get(RankingMetrics.PRECISION),
                  m.get(RankingMetrics.RECALL),
                  m.get(RankingMetrics.HIT_RATE),
                  persons,
                  algorithm.equals("hybrid") ? "%.0f (whole pipeline)".formatted(seconds) : ""));
    }
  }
}
