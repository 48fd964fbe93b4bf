package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.timestamp_seconds;
import static org.apache.spark.sql.functions.when;

import java.time.ZoneOffset;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.RawCatalog;

/** The generated catalog: products by leaf with brand, price, stock and planted complements. */
final class CatalogSimulation {
  private final GenerateConfig cfg;
  private final SeededRandom rnd;
  private final StoreLayout layout;
  private static final java.util.List<String> ADJECTIVES =
      java.util.List.of(
          "Classic", "Pro", "Lite", "Max", "Eco", "Mini", "Plus", "Studio", "Go", "Prime");

  CatalogSimulation(GenerateConfig cfg, StoreLayout layout) {
    this.cfg = cfg;
    this.rnd = new SeededRandom(cfg.seed());
    this.layout = layout;
  }

  /**
   * One row per product index with what the simulation needs: leaf, price, consumable flag and
   * planted complement. Small (one row per product), so it is broadcast into the event joins.
   */
  Dataset<Row> productDim(SparkSession spark) {
    Column p = col("pidx");
    int[] compLeaves =
        IntStream.range(0, layout.leaves().size()).map(StoreTaxonomy::complementOf).toArray();
    Dataset<Row> withLeaf =
        spark
            .range(0, cfg.products(), 1, StoreLayout.partitions(cfg.products(), 50_000))
            .withColumnRenamed("id", "pidx")
            .withColumn("leaf", layout.leafOf(p));
    Column leaf = col("leaf");
    Column min =
        layout.leafConstD(
            layout.leaves().stream().mapToDouble(StoreTaxonomy.Leaf::minPrice).toArray(), leaf);
    Column max =
        layout.leafConstD(
            layout.leaves().stream().mapToDouble(StoreTaxonomy.Leaf::maxPrice).toArray(), leaf);
    Column raw = min.plus(max.minus(min).multiply(pow(rnd.uniform("price", p), 2)));
    Column compLeaf = layout.leafConst(compLeaves, leaf);
    Column pick =
        pmod(
            rnd.hash("complement", p),
            greatest(lit(1), layout.leafConst(layout.counts(), compLeaf)).cast("long"));
    return withLeaf.select(
        p,
        leaf,
        greatest(lit(0.99), round(raw, 0).minus(0.01)).as("price"),
        layout.leafConst(layout.consumables(), leaf).equalTo(1).as("consumable"),
        when(compLeaf.geq(0), layout.leafConst(layout.starts(), compLeaf).plus(pick).cast("long"))
            .as("complement"));
  }

  /** The catalog snapshot in the raw catalog contract. */
  public Dataset<Row> catalog(SparkSession spark) {
    Column p = col("pidx");
    Column leaf = col("leaf");
    Column rank = p.minus(layout.leafConst(layout.starts(), leaf));
    Column brands = element_at(layout.brandsByLeaf(), leaf.plus(1));
    Column brand =
        element_at(
            brands, rnd.below(org.apache.spark.sql.functions.size(brands), "brand", p).plus(1));
    Column adjective =
        element_at(
            array(ADJECTIVES.stream().map(a -> lit(a)).toArray(Column[]::new)),
            rnd.below(lit(ADJECTIVES.size()), "adj", p).plus(1));
    Column newArrival = rnd.uniform("new", p).lt(0.06);
    Column ageDays =
        when(newArrival, rnd.below(lit(30), "age", p)).otherwise(rnd.below(lit(720), "age", p));
    long endEpoch = cfg.endDate().atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    return productDim(spark)
        .select(
            StoreLayout.productId(p).as("product_id"),
            concat(
                    brand,
                    lit(" "),
                    adjective,
                    lit(" "),
                    layout.leafStr(leaf, true),
                    lit(" "),
                    rank.plus(1))
                .as("title"),
            layout.leafStr(leaf, false).as("category"),
            brand.as("brand"),
            col("price"),
            rnd.uniform("stock", p).geq(0.05).as("in_stock"),
            timestamp_seconds(lit(endEpoch).minus(ageDays.multiply(86_400L))).as("created_at"))
        .select(
            java.util.Arrays.stream(RawCatalog.SCHEMA.fieldNames())
                .map(c -> col(c).cast(RawCatalog.SCHEMA.apply(c).dataType()))
                .toArray(Column[]::new));
  }

  /** Ground truth: each anchor product and the complement shoppers buy with it. */
  public Dataset<Row> complements(SparkSession spark) {
    return productDim(spark)
        .where(col("complement").isNotNull())
        .select(
            StoreLayout.productId(col("pidx")).as("product_id"),
            StoreLayout.productId(col("complement")).as("complement_id"));
  }
}
