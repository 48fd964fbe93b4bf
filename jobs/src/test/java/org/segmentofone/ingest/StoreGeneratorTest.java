package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.countDistinct;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.AppConfig;
import org.segmentofone.TestSpark;
import org.segmentofone.common.RunContext;

class StoreGeneratorTest {
  private static SparkSession spark;
  private static Path store;
  private static GenerateStoreJob.Result result;
  private static GenerateConfig cfg;

  @BeforeAll
  static void generate() {
    spark = TestSpark.session();
    store = TestSpark.tempDir("gen");
    cfg =
        AppConfig.load(
                null,
                Map.of(
                    "generate.days",
                    "20",
                    "generate.bad-row-rate",
                    "0.02",
                    "generate.kiosks",
                    "1",
                    "generate.kiosk-session-share",
                    "0.05"))
            .generate()
            .withOverrides(6000L, store.toString(), 11L);
    result =
        new GenerateStoreJob(spark, cfg).run(new RunContext("t", cfg.endDate(), Clock.systemUTC()));
  }

  private static Dataset<Row> events() {
    return spark.read().parquet(store + "/raw/events");
  }

  @Test
  void hitsTheEventTargetWithinTenPercent() {
    assertThat(result.events()).isBetween(5400L, 6600L);
    assertThat(events().count()).isEqualTo(result.events());
  }

  @Test
  void writesOnePartitionPerDayInTheWindowAndTheCatalog() {
    assertThat(events().select("event_date").distinct().count()).isBetween(19L, 21L);
    assertThat(
            events()
                .agg(org.apache.spark.sql.functions.max("event_date"))
                .head()
                .getDate(0)
                .toLocalDate())
        .isBeforeOrEqualTo(cfg.endDate().plusDays(1));
    Dataset<Row> catalog = spark.read().parquet(store + "/raw/catalog");
    assertThat(catalog.count()).isEqualTo(cfg.products());
    assertThat(catalog.where("category LIKE '% > % > %'").count()).isEqualTo(cfg.products());
  }

  @Test
  void theSameSeedGivesTheSameStore() {
    Path again = TestSpark.tempDir("gen-again");
    new GenerateStoreJob(spark, cfg.withOverrides(null, again.toString(), null))
        .run(new RunContext("t2", LocalDate.of(2026, 11, 22), Clock.systemUTC()));
    Dataset<Row> second = spark.read().parquet(again + "/raw/events");
    assertThat(events().exceptAll(second).count()).isZero();
    assertThat(second.exceptAll(events()).count()).isZero();
  }

  @Test
  void containsTheWholeFunnelAndTheExperiment() {
    Map<String, Long> byType =
        events().groupBy("event_type").count().collectAsList().stream()
            .collect(
                java.util.stream.Collectors.toMap(
                    r -> String.valueOf(r.get(0)), r -> r.getLong(1)));
    assertThat(byType.keySet())
        .contains(
            "product_view",
            "add_to_cart",
            "remove_from_cart",
            "purchase",
            "search",
            "identify",
            "rec_impression",
            "rec_click");
    assertThat(byType.get("product_view")).isGreaterThan(byType.get("add_to_cart"));
    assertThat(byType.get("add_to_cart")).isGreaterThan(byType.get("purchase"));
    assertThat(
            events()
                .where("event_type = 'rec_impression'")
                .select("arm")
                .distinct()
                .collectAsList())
        .extracting(r -> r.getString(0))
        .containsExactlyInAnyOrder("control", "treatment");
  }

  @Test
  void plantsDefectsAndDuplicatesForCollectToFind() {
    assertThat(events().where(col("event_id").isNull()).count()).isPositive();
    assertThat(events().where(col("price").lt(0)).count()).isPositive();
    long ids = events().where(col("event_id").isNotNull()).count();
    long distinct =
        events().where(col("event_id").isNotNull()).select("event_id").distinct().count();
    assertThat(ids).isGreaterThan(distinct);
  }

  @Test
  void groundTruthNamesThePersonOfEveryLoggedInCustomer() {
    Dataset<Row> truth = spark.read().parquet(store + "/truth/identities");
    Dataset<Row> users = events().where(col("user_id").isNotNull()).select("user_id").distinct();
    Dataset<Row> unknown =
        users.join(
            truth.where("id_type = 'user_id'"),
            users.col("user_id").equalTo(truth.col("id_value")),
            "left_anti");
    assertThat(unknown.count()).isZero();
    assertThat(truth.where("id_value LIKE 'kiosk-%'").count()).isZero();
    assertThat(spark.read().parquet(store + "/truth/shared_devices").count()).isEqualTo(1);
  }

  @Test
  void aKioskIsUsedByManyCustomers() {
    long users =
        events()
            .where(col("anonymous_id").startsWith("kiosk-"))
            .agg(countDistinct("user_id"))
            .head()
            .getLong(0);
    assertThat(users).isGreaterThan(3);
  }

  /** A second store: a launch on day 10 of 20, an A/A experiment and 30% unknown product ids. */
  private static synchronized Path knobbedStore() {
    if (knobbed == null) {
      knobbed = TestSpark.tempDir("gen-knobs");
      GenerateConfig k =
          AppConfig.load(
                  null,
                  Map.of(
                      "generate.days", "20",
                      "generate.experiment.launch-day", "10",
                      "generate.null-experiment", "recs-aa",
                      "generate.unknown-product-rate", "0.3"))
              .generate()
              .withOverrides(6000L, knobbed.toString(), 11L);
      new GenerateStoreJob(spark, k).run(new RunContext("k", k.endDate(), Clock.systemUTC()));
    }
    return knobbed;
  }

  private static Path knobbed;

  @Test
  void aShareOfProductEventsNamesProductsOutsideTheCatalog() {
    Dataset<Row> catalog = spark.read().parquet(store + "/raw/catalog").select("product_id");
    Dataset<Row> product = events().where(col("product_id").isNotNull()).select("product_id");
    assertThat(product.join(catalog, "product_id").count()).isEqualTo(product.count());

    Dataset<Row> broken =
        spark.read().parquet(knobbedStore() + "/raw/events").where(col("product_id").isNotNull());
    long unknown =
        broken
            .join(catalog, broken.col("product_id").equalTo(catalog.col("product_id")), "left_anti")
            .count();
    assertThat(unknown / (double) broken.count()).isBetween(0.25, 0.35);
  }

  @Test
  void recommendationsStartOnLaunchDayWithAnAaExperimentBesideThePlantedOne() {
    Dataset<Row> ev = spark.read().parquet(knobbedStore() + "/raw/events");
    LocalDate launch = cfg.endDate().minusDays(9);
    Row first =
        ev.where(col("event_type").isin("rec_impression", "rec_click"))
            .agg(org.apache.spark.sql.functions.min("event_date"))
            .head();
    assertThat(first.getDate(0).toLocalDate()).isEqualTo(launch);
    assertThat(
            ev.where("event_type = 'rec_impression'")
                .groupBy("experiment")
                .agg(countDistinct("arm"))
                .collectAsList())
        .extracting(r -> r.getString(0) + ":" + r.getLong(1))
        .containsExactlyInAnyOrder("recs-v1:2", "recs-aa:2");
    Map<String, Row> truth = new java.util.HashMap<>();
    for (Row r : spark.read().parquet(knobbedStore() + "/truth/experiments").collectAsList()) {
      truth.put(r.getAs("experiment"), r);
    }
    assertThat(truth.get("recs-aa").<Double>getAs("expected_conversion_lift")).isZero();
    Row planted = truth.get("recs-v1");
    assertThat(planted.<java.sql.Date>getAs("launch_date").toLocalDate()).isEqualTo(launch);
    // The planted 15% on a filled cart's conversion, plus the better recommendations' carts.
    assertThat(planted.<Double>getAs("expected_conversion_lift")).isBetween(0.15, 0.25);
  }
}
