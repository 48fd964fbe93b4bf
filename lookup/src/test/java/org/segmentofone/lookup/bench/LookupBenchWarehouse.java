package org.segmentofone.lookup.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lpad;
import static org.apache.spark.sql.functions.sequence;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;
import org.segmentofone.common.TableSpec;
import org.segmentofone.common.Tables;
import org.segmentofone.lookup.TestWarehouse;

/**
 * bench/lookup's warehouse, written with Spark in the jobs' table contracts: N persons with 20 home
 * products each (ids like the pipeline's: {@code p-} + 20 hex), three identifiers per person
 * ({@code u-<n>}, a UUID-shaped anonymous id, a SHA-256 email hash), a catalog of M products with
 * 20 similar products and 10 cart rules each, trending, a few merges.
 *
 * <pre>
 * write   WAREHOUSE RUN_DATE PERSONS PRODUCTS   the run date's partitions (model "approved")
 * publish WAREHOUSE RUN_DATE                    marks the run date's model published
 * approve WAREHOUSE RUN_DATE                    back to "approved" (not served)
 * </pre>
 */
public final class LookupBenchWarehouse {
  private static final int TOP_N = 20;

  private LookupBenchWarehouse() {}

  public static void main(String[] args) {
    String warehouse = args[1];
    String day = args[2];
    SparkSession spark =
        SparkSessions.create(
            new SparkSettings("local[*]", "lookup-bench", 8, Map.of("spark.ui.enabled", "false")),
            new PathsConfig(warehouse, warehouse, warehouse, warehouse + "/_checkpoints"));
    Writer w = new Writer(spark, warehouse, day);
    switch (args[0]) {
      case "publish" -> w.model("published");
      case "approve" -> w.model("approved");
      case "write" -> w.night(Long.parseLong(args[3]), Long.parseLong(args[4]));
      default -> throw new IllegalArgumentException("unknown mode " + args[0]);
    }
    spark.stop();
  }

  private record Writer(SparkSession spark, String warehouse, String day) {
    void night(long persons, long products) {
      Dataset<Row> people = spark.range(persons).withColumn("person_id", person(col("id")));
      Column rank = col("rank");
      Column pick = expr("pmod(xxhash64(id, rank, '" + day + "'), " + products + ")");
      write(
          Tables.RECOMMENDATIONS,
          people
              .withColumn("rank", explode(sequence(lit(1), lit(TOP_N))))
              .select(
                  col("person_id"),
                  lit("home").as("placement"),
                  rank,
                  product(pick).as("product_id"),
                  expr("cast(1.0 / rank as float)").as("score"),
                  lit("hybrid").as("source"),
                  concat(
                          element_at(
                              expr("array('viewed:', 'carted:', 'bought:')"),
                              expr("cast(pmod(id + rank, 3) + 1 as int)")),
                          product(expr("pmod(xxhash64(id, rank, 'why'), " + products + ")")))
                      .as("reason"),
                  lit(day).as("model_version"),
                  lit(Date.valueOf(day)).as("run_date"))
              .repartition(8));
      Column anonymous =
          expr(
              "regexp_replace(md5(cast(id as string)),"
                  + " '^(.{8})(.{4})(.{4})(.{4})(.{12})$', '$1-$2-$3-$4-$5')");
      write(
          Tables.IDENTITY_MAP,
          people
              .select(
                  col("person_id"),
                  explode(
                          array(
                              identifier("user_id", concat(lit("u-"), col("id"))),
                              identifier("anonymous_id", anonymous),
                              identifier(
                                  "email_hash",
                                  sha2(concat(lit("mail-"), col("id").cast("string")), 256))))
                      .as("i"))
              .select(
                  col("i.t").as("id_type"),
                  col("i.v").as("id_value"),
                  col("person_id"),
                  lit(null).cast("timestamp").as("first_seen"),
                  lit(null).cast("timestamp").as("last_seen"),
                  lit(1L).as("event_count"),
                  lit(Date.valueOf(day)).as("run_date"))
              .repartition(4));
      Dataset<Row> catalog = spark.range(products).toDF();
      write(Tables.SIMILAR_PRODUCTS, perProduct(catalog, products, 20, "similar"));
      write(Tables.BOUGHT_TOGETHER, perProduct(catalog, products, 10, "cart"));
      write(
          Tables.TRENDING,
          spark
              .range(100)
              .select(
                  lit("all").as("scope"),
                  expr("cast(id + 1 as int)").as("rank"),
                  product(col("id")).as("product_id"),
                  expr("1000.0 - id").as("score"),
                  lit("trending").as("source"),
                  lit(Date.valueOf(day)).as("run_date")));
      write(
          Tables.IDENTITY_MERGES,
          spark
              .range(Math.min(10_000, persons))
              .select(
                  concat(lit("p-old"), lpad(col("id").cast("string"), 17, "0")).as("old_person_id"),
                  person(col("id")).as("new_person_id"),
                  lit(2L).as("identifiers"),
                  lit("merged").as("change"),
                  lit(Date.valueOf(day)).as("run_date")));
      // Written as "approved": bench/lookup publishes it when it wants the reload.
      model("approved");
    }

    private Dataset<Row> perProduct(Dataset<Row> catalog, long products, int n, String kind) {
      Dataset<Row> rows =
          catalog
              .withColumn("rank", explode(sequence(lit(1), lit(n))))
              .withColumn(
                  "other",
                  product(expr("pmod(xxhash64(id, rank, '" + kind + "'), " + products + ")")));
      if (kind.equals("similar")) {
        return rows.select(
            product(col("id")).as("product_id"),
            col("rank"),
            col("other").as("similar_id"),
            expr("1.0 / rank").as("score"),
            expr("1.0 / rank").as("factor_part"),
            lit(0.0).as("co_view_part"),
            lit("similar").as("source"),
            lit("similar:factors").as("reason"),
            lit(Date.valueOf(day)).as("run_date"));
      }
      return rows.select(
          product(col("id")).as("product_id"),
          col("rank"),
          col("other").as("complement_id"),
          expr("0.5 / rank").as("score"),
          lit(5L).as("orders"),
          lit(0.001).as("support"),
          expr("0.5 / rank").as("confidence"),
          lit(2.0).as("lift"),
          lit("bought_together").as("source"),
          lit(Date.valueOf(day)).as("run_date"));
    }

    void model(String status) {
      Dataset<Row> row =
          spark.createDataFrame(
              List.of(
                  RowFactory.create(
                      day,
                      Date.valueOf(LocalDate.parse(day)),
                      "bench-" + day,
                      "models/" + day,
                      status,
                      Timestamp.from(Instant.now()))),
              new org.apache.spark.sql.types.StructType()
                  .add("version", "string")
                  .add("run_date", "date")
                  .add("run_id", "string")
                  .add("path", "string")
                  .add("status", "string")
                  .add("created_at", "timestamp"));
      Dataset<Row> full = row;
      for (var f : Tables.MODEL_RUNS.schema().fields()) {
        if (!List.of(row.columns()).contains(f.name())) {
          full = full.withColumn(f.name(), lit(null).cast(f.dataType()));
        }
      }
      write(Tables.MODEL_RUNS, full, "version = '" + day + "'");
    }

    private void write(TableSpec spec, Dataset<Row> rows) {
      write(spec, rows, "run_date = '" + day + "'");
    }

    private void write(TableSpec spec, Dataset<Row> rows, String replace) {
      TestWarehouse.replaceWhere(rows, spec, warehouse + "/" + spec.name(), replace);
    }

    private static Column identifier(String type, Column value) {
      return struct(lit(type).as("t"), value.as("v"));
    }

    private static Column person(Column id) {
      return concat(lit("p-"), substring(sha2(id.cast("string"), 256), 1, 20));
    }

    private static Column product(Column n) {
      return concat(lit("sku-"), lpad(n.cast("string"), 6, "0"));
    }
  }
}
