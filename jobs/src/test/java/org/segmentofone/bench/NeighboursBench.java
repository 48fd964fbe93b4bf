package org.segmentofone.bench;

import java.util.function.Supplier;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.itemtoitem.ItemToItem;
import org.segmentofone.itemtoitem.Neighbours;

/**
 * The item-to-item neighbour table against its baseline (bench/neighbours): {@link
 * Neighbours#build} as train runs it (product numbers, each unordered pair counted once), and the
 * same table from {@link ItemToItem#coOccurrence} (every ordered pair of product ids, how train
 * built it before), on a nightly's real interactions, each written as Delta; the two tables must be
 * equal.
 *
 * <p>Args: warehouse work-dir [key=value config overrides].
 */
public final class NeighboursBench {
  private NeighboursBench() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    String work = args[1];
    BenchSession bench = BenchSession.start("neighbours-bench", work, args, 2);
    SparkSession spark = bench.spark();
    try {
      HybridConfig cfg = bench.config().hybrid();
      Dataset<Row> interactions =
          spark.read().format("delta").load(warehouse + "/interactions").cache();
      long rows = interactions.count();
      double baseline =
          timed(
              () ->
                  ItemToItem.neighbours(
                      ItemToItem.coOccurrence(
                          ItemToItem.histories(interactions, cfg.historyCap()),
                          cfg.minCoOccurrence()),
                      cfg.configured().similarity(),
                      cfg.neighbours(),
                      cfg.fanOut()),
              work + "/baseline");
      double current =
          timed(
              () -> Neighbours.build(interactions, cfg, cfg.configured().similarity()),
              work + "/current");
      Dataset<Row> a = Neighbours.load(spark, work + "/baseline");
      Dataset<Row> b = Neighbours.load(spark, work + "/current");
      long pairs = b.count();
      long differ = a.exceptAll(b).count() + b.exceptAll(a).count();
      System.out.println(
          "| interactions | similarity | neighbour pairs | id-string pairs (baseline) s |"
              + " numbered pairs (Neighbours.build) s | speed-up | rows that differ |");
      System.out.println("|---:|---|---:|---:|---:|---:|---:|");
      System.out.printf(
          "| %,d | %s | %,d | %.1f | %.1f | %.2f× | %d |%n",
          rows,
          cfg.configured().similarity().label(),
          pairs,
          baseline,
          current,
          baseline / current,
          differ);
      if (differ != 0) {
        throw new IllegalStateException(differ + " rows differ between the two tables");
      }
    } finally {
      spark.stop();
    }
  }

  private static double timed(Supplier<Dataset<Row>> table, String path) {
    long start = System.nanoTime();
    Neighbours.save(table.get(), path);
    return (System.nanoTime() - start) / 1e9;
  }
}
