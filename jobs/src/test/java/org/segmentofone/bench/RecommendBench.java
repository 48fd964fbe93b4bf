package org.segmentofone.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_sub;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.hash;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.randn;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import java.sql.Date;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.AppConfig;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.EventTypes;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.Tables;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Neighbours;
import org.segmentofone.itemtoitem.Similarity;
import org.segmentofone.recommend.HomeLadder;
import org.segmentofone.recommend.Placements;
import org.segmentofone.recommend.RecommendConfig;
import org.segmentofone.recommend.Trending;

/**
 * The recommend stage at scale on synthetic inputs (bench/recommend): N persons with random rank-R
 * ALS factors over M products, every placement computed and written to Delta exactly as the stage
 * does, each timed. The inputs are generated and written first, outside the timings.
 *
 * <p>Args: work-dir persons products rank [key=value config overrides...].
 */
public final class RecommendBench {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 20);

  private RecommendBench() {}

  public static void main(String[] args) {
    String work = args[0];
    long persons = Long.parseLong(args[1]);
    long products = Long.parseLong(args[2]);
    int rank = Integer.parseInt(args[3]);
    BenchSession bench = BenchSession.start("recommend-bench", work, args, 4);
    AppConfig config = bench.config();
    SparkSession spark = bench.spark();
    PathsConfig paths = bench.paths();
    try {
      new Run(spark, config, new DeltaTables(spark, paths), work).go(persons, products, rank);
    } finally {
      spark.stop();
    }
  }

  private record Run(SparkSession spark, AppConfig config, DeltaTables tables, String work) {
    void go(long persons, long products, int rank) {
      Inputs in = inputs(persons, products, rank);
      RecommendConfig cfg = config.recommend();
      Placements placements = new Placements(cfg, in.products, RUN);
      String thisRun = "run_date = '" + RUN + "'";
      Map<String, double[]> timings = new LinkedHashMap<>();

      Dataset<Row> trending =
          placements
              .trending(
                  Trending.scores(
                      in.events,
                      in.products,
                      config.consume().weights(),
                      cfg.trending().days(),
                      cfg.trending().halfLifeDays(),
                      RUN))
              .cache();
      timings.put("trending", time(() -> tables.replaceWhere(trending, Tables.TRENDING, thisRun)));
      HybridLists model =
          new HybridLists(
              in.model,
              in.personIndex,
              in.productIndex,
              in.neighbours,
              in.interactions,
              new HybridParams(Similarity.parse("bench", "cosine"), 0, 0.3),
              config.hybrid().candidates());
      Dataset<Row>[] similar = new Dataset[1];
      timings.put(
          "similar_products",
          time(
              () -> {
                similar[0] = placements.similarCandidates(model).cache();
                return tables.replaceWhere(
                    placements.similarProducts(similar[0]), Tables.SIMILAR_PRODUCTS, thisRun);
              }));
      timings.put(
          "bought_together",
          time(
              () ->
                  tables.replaceWhere(
                      placements.boughtTogether(
                          placements
                              .associationRules(in.events)
                              .persist(StorageLevel.MEMORY_AND_DISK())),
                      Tables.BOUGHT_TOGETHER,
                      thisRun)));
      Dataset<Row> rungs = HomeLadder.rungs(in.profiles, cfg.minEvents()).cache();
      timings.put(
          "recommendations (home)",
          time(
              () ->
                  tables.replaceWhere(
                      placements
                          .explained(
                              model,
                              placements
                                  .home(
                                      placements
                                          .modelCandidates(model, rungs, in.purchased)
                                          .persist(StorageLevel.MEMORY_AND_DISK()),
                                      rungs,
                                      in.interactions,
                                      in.purchased,
                                      similar[0],
                                      trending)
                                  .persist(StorageLevel.MEMORY_AND_DISK()),
                              in.interactions)
                          .withColumn("placement", lit("home"))
                          .withColumn("model_version", lit("bench"))
                          .withColumn("run_date", lit(Date.valueOf(RUN))),
                      Tables.RECOMMENDATIONS,
                      thisRun)));
      double total = timings.values().stream().mapToDouble(t -> t[0]).sum();
      System.out.printf(
          "| %,d persons × %,d products, rank %d | seconds | rows written |%n|---|---|---|%n",
          persons, products, rank);
      timings.forEach(
          (name, t) -> System.out.printf("| %s | %.0f | %,d |%n", name, t[0], (long) t[1]));
      System.out.printf("| **recommend stage** | **%.0f** | |%n", total);
      if (System.getenv("BENCH_PROFILE") != null) {
        profileHome(placements, model, rungs, in, similar[0], trending);
      }
    }

    /** The home step's parts one after another, each persisted and counted (BENCH_PROFILE=1). */
    private void profileHome(
        Placements placements,
        HybridLists model,
        Dataset<Row> rungs,
        Inputs in,
        Dataset<Row> similar,
        Dataset<Row> trending) {
      Dataset<Row> persons = rungs.where(col("rung").equalTo(HomeLadder.RUNG_MODEL));
      int n = config.recommend().candidates();
      Map<String, double[]> parts = new LinkedHashMap<>();
      parts.put("ALS candidates", time(() -> keep(model.als(persons, in.purchased, n))));
      parts.put(
          "item-to-item candidates", time(() -> keep(model.itemToItem(persons, in.purchased, n))));
      Dataset<Row>[] step = new Dataset[1];
      parts.put(
          "model candidates (both parts + blend)",
          time(() -> keep(step[0] = placements.modelCandidates(model, rungs, in.purchased))));
      Dataset<Row> candidates = step[0];
      parts.put(
          "ladder + rules",
          time(
              () ->
                  keep(
                      step[0] =
                          placements.home(
                              candidates,
                              rungs,
                              in.interactions,
                              in.purchased,
                              similar,
                              trending))));
      Dataset<Row> lists = step[0];
      parts.put("reasons", time(() -> keep(placements.explained(model, lists, in.interactions))));
      System.out.printf("%n| home step, profiled part | seconds | rows |%n|---|---:|---:|%n");
      parts.forEach(
          (name, t) -> System.out.printf("| %s | %.0f | %,d |%n", name, t[0], (long) t[1]));
    }

    private static long keep(Dataset<Row> d) {
      return d.persist(StorageLevel.MEMORY_AND_DISK()).count();
    }

    private static Column randomVector(int rank, int seed) {
      return array(
          IntStream.range(0, rank)
              .mapToObj(i -> randn(seed + i).multiply(0.1).cast("float"))
              .toArray(Column[]::new));
    }

    private static double[] time(Supplier<Long> step) {
      long start = System.nanoTime();
      long written = step.get();
      return new double[] {(System.nanoTime() - start) / 1e9, written};
    }

    /** Synthetic inputs written once to Parquet (so each timing starts from files). */
    private Inputs inputs(long persons, long products, int rank) {
      Column person = concat(lit("u"), col("id").cast("string"));
      Column bucket = pmod(hash(col("id")), lit(10));
      // 10% without events, 20% with 1–2, 70% with 3–12; 5% without consent.
      Column events =
          when(bucket.equalTo(0), lit(0))
              .when(bucket.leq(2), bucket)
              .otherwise(lit(3).plus(pmod(hash(col("id"), lit(7)), lit(10))));
      Dataset<Row> base =
          spark
              .range(persons)
              .select(
                  col("id"),
                  person.as("person_id"),
                  events.as("product_events"),
                  pmod(hash(col("id"), lit(3)), lit(20)).notEqual(0).as("consent"));
      Dataset<Row> productRows =
          spark
              .range(products)
              .select(
                  concat(lit("p"), col("id").cast("string")).as("product_id"),
                  lit(null).cast("string").as("title"),
                  concat(
                          lit("Top "),
                          pmod(col("id"), lit(8)),
                          lit(" > Leaf "),
                          pmod(col("id"), lit(40)))
                      .as("category"),
                  concat(lit("Top "), pmod(col("id"), lit(8))).as("top_category"),
                  concat(lit("Brand "), pmod(col("id"), lit(50))).as("brand"),
                  rand(1).multiply(100).plus(1).as("price"),
                  rand(2).gt(0.05).as("in_stock"),
                  timestamp_seconds(
                          lit(RUN.atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                              .minus(rand(3).multiply(365 * 86_400).cast("long")))
                      .as("created_at"),
                  lit(Date.valueOf(RUN)).as("snapshot_date"));
      // Popular products are touched more: index = M × u², u uniform.
      Dataset<Row> touched =
          base.where(col("product_events").gt(0))
              .select(
                  col("person_id"),
                  col("consent"),
                  explode(sequence(lit(1), col("product_events"))).as("n"))
              .withColumn(
                  "product_id",
                  concat(
                      lit("p"),
                      floor(pow(rand(4), 2).multiply(products)).cast("long").cast("string")))
              .withColumn("day", floor(rand(5).multiply(30)).cast("int"))
              .withColumn("kind", rand(6))
              .withColumn("weight", rand(7).multiply(8).plus(1));
      Dataset<Row> eventRows =
          touched.select(
              col("person_id"),
              col("product_id"),
              when(col("kind").lt(0.1), lit(EventTypes.PURCHASE))
                  .when(col("kind").lt(0.3), lit("add_to_cart"))
                  .otherwise(lit("product_view"))
                  .as("event_type"),
              concat(col("person_id"), lit("-"), col("day").cast("string")).as("order_id"),
              concat(col("person_id"), lit("-"), col("day").cast("string")).as("session_id"),
              date_sub(lit(Date.valueOf(RUN)), col("day")).as("event_date"));
      Dataset<Row> interactionRows =
          touched
              .where(col("consent"))
              .groupBy("person_id", "product_id")
              .agg(
                  org.apache.spark.sql.functions.sum("weight").as("confidence"),
                  org.apache.spark.sql.functions.count(lit(1)).as("views"),
                  org.apache
                      .spark
                      .sql
                      .functions
                      .sum(when(col("kind").lt(0.3), 1).otherwise(0))
                      .cast("long")
                      .as("carts"),
                  org.apache
                      .spark
                      .sql
                      .functions
                      .sum(when(col("kind").lt(0.1), 1).otherwise(0))
                      .cast("long")
                      .as("purchases"),
                  org.apache
                      .spark
                      .sql
                      .functions
                      .max(
                          timestamp_seconds(
                              lit(RUN.atStartOfDay().toEpochSecond(ZoneOffset.UTC))
                                  .minus(col("day").multiply(86_400))))
                      .as("last_event_time"));
      Dataset<Row> profiles =
          base.select(
              col("person_id"),
              col("product_events").cast("long").as("product_events"),
              col("consent"),
              array(concat(lit("Top "), pmod(col("id"), lit(8)))).as("top_categories"));
      Dataset<Row> personIndex = base.select(col("person_id"), col("id").cast("int").as("idx"));
      Dataset<Row> productIndex =
          spark
              .range(products)
              .select(
                  concat(lit("p"), col("id").cast("string")).as("product_id"),
                  col("id").cast("int").as("idx"));
      Dataset<Row> userFactors =
          spark
              .range(persons)
              .select(col("id").cast("int").as("id"), randomVector(rank, 100).as("features"));
      Dataset<Row> itemFactors =
          spark
              .range(products)
              .select(col("id").cast("int").as("id"), randomVector(rank, 1000).as("features"));

      Map<String, Dataset<Row>> saved = new LinkedHashMap<>();
      Map<String, Dataset<Row>> all = new LinkedHashMap<>();
      all.put("products", productRows);
      all.put("events", eventRows);
      all.put("interactions", interactionRows);
      all.put("profiles", profiles);
      all.put("person_index", personIndex);
      all.put("product_index", productIndex);
      all.put("user_factors", userFactors);
      all.put("item_factors", itemFactors);
      long start = System.nanoTime();
      all.forEach(
          (name, d) -> {
            String path = work + "/inputs/" + name;
            d.write().mode("overwrite").parquet(path);
            saved.put(name, spark.read().parquet(path));
          });
      Dataset<Row> interactions = saved.get("interactions");
      String neighboursPath = work + "/inputs/neighbours";
      Neighbours.save(
          Neighbours.build(interactions, config.hybrid(), Similarity.parse("bench", "cosine")),
          neighboursPath);
      System.err.printf("inputs written in %.0f s%n", (System.nanoTime() - start) / 1e9);
      ALSModel model =
          new ALSModel("bench", rank, saved.get("user_factors"), saved.get("item_factors"))
              .setUserCol("user")
              .setItemCol("item");
      Dataset<Row> purchased =
          saved
              .get("events")
              .where(col("event_type").equalTo(EventTypes.PURCHASE))
              .select("person_id", "product_id")
              .distinct()
              .persist(StorageLevel.MEMORY_AND_DISK());
      return new Inputs(
          saved.get("products"),
          saved.get("events"),
          interactions,
          saved.get("profiles"),
          saved.get("person_index"),
          saved.get("product_index"),
          model,
          Neighbours.load(spark, neighboursPath),
          purchased);
    }
  }

  private record Inputs(
      Dataset<Row> products,
      Dataset<Row> events,
      Dataset<Row> interactions,
      Dataset<Row> profiles,
      Dataset<Row> personIndex,
      Dataset<Row> productIndex,
      ALSModel model,
      Dataset<Row> neighbours,
      Dataset<Row> purchased) {}
}
