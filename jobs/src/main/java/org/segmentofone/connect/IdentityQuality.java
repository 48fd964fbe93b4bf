package org.segmentofone.connect;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * How well an identity map matches a ground truth (the generator's, or any labelled sample).
 * Pairwise: every two identifiers of one predicted person are a predicted link. Precision is the
 * share of predicted links between identifiers of one true person; recall is the share of the links
 * the events make observable (two identifiers of one true person connected by events that carry
 * only that person's identifiers) that the map found. Everything is counted by Spark aggregates:
 * pairs are summed as n·(n−1)/2 per group, never listed.
 */
public final class IdentityQuality {
  /** Quality of one map. */
  public record Report(
      long identifiers,
      long persons,
      long truthPersons,
      long predictedPairs,
      long correctPairs,
      long observablePairs,
      long foundPairs,
      long overMergedPersons,
      long sharedDeviceMerges) {

    public double precision() {
      return predictedPairs == 0 ? 1.0 : (double) correctPairs / predictedPairs;
    }

    public double recall() {
      return observablePairs == 0 ? 1.0 : (double) foundPairs / observablePairs;
    }
  }

  /** Person ids of yesterday's identifiers that did not change today. */
  public record Stability(long common, long unchanged, long untouched, long untouchedUnchanged) {
    public double unchangedShare() {
      return common == 0 ? 1.0 : (double) unchanged / common;
    }

    /** The same among persons none of whose identifiers took part in a new link. */
    public double untouchedUnchangedShare() {
      return untouched == 0 ? 1.0 : (double) untouchedUnchanged / untouched;
    }
  }

  private IdentityQuality() {}

  /**
   * @param map {@code id_type, id_value, person_id}
   * @param truth {@code id_type, id_value, person_key}: identifiers of shared devices absent
   * @param edges {@code src, dst} node keys ({@code type:value}): every pair seen on one event
   * @param sharedDevices {@code id_type, id_value} of the truth's shared devices (kiosks)
   */
  public static Report evaluate(
      Dataset<Row> map, Dataset<Row> truth, Dataset<Row> edges, Dataset<Row> sharedDevices) {
    Dataset<Row> truthNodes = truth.select("id_type", "id_value", "person_key");
    Dataset<Row> known =
        map.select("id_type", "id_value", "person_id")
            .join(truthNodes, new String[] {"id_type", "id_value"})
            .withColumn("node", node())
            .persist();
    try {
      // Observable: components of the links between identifiers of one true person.
      Dataset<Row> ends = known.select("node", "person_key");
      Dataset<Row> sameTruth =
          edges
              .select("src", "dst")
              .join(
                  ends.withColumnRenamed("node", "src").withColumnRenamed("person_key", "k1"),
                  "src")
              .join(
                  ends.withColumnRenamed("node", "dst").withColumnRenamed("person_key", "k2"),
                  "dst")
              .where(col("k1").equalTo(col("k2")))
              .select("src", "dst");
      Dataset<Row> observable =
          ConnectedComponents.run(known.select("node"), sameTruth, 60, false)
              .components()
              .withColumnRenamed("component", "observable");
      Dataset<Row> labelled = known.join(observable, "node");
      long predicted = pairs(labelled, "person_id");
      long correct = pairs(labelled, "person_id", "person_key");
      long observablePairs = pairs(labelled, "observable");
      long found = pairs(labelled, "person_id", "observable");
      long overMerged =
          known
              .groupBy("person_id")
              .agg(countDistinct("person_key").as("k"))
              .where(col("k").gt(1))
              .count();
      Dataset<Row> kioskPersons =
          map.join(
                  sharedDevices.select("id_type", "id_value"), new String[] {"id_type", "id_value"})
              .select("person_id")
              .distinct();
      long kioskMerges =
          map.join(kioskPersons, "person_id")
              .groupBy("person_id")
              .agg(count(lit(1)).as("n"))
              .where(col("n").gt(1))
              .count();
      Row sizes =
          map.agg(countDistinct("person_id"), count(lit(1)))
              .crossJoin(truth.agg(countDistinct("person_key")))
              .head();
      return new Report(
          sizes.getLong(1),
          sizes.getLong(0),
          sizes.getLong(2),
          predicted,
          correct,
          observablePairs,
          found,
          overMerged,
          kioskMerges);
    } finally {
      known.unpersist();
    }
  }

  /**
   * Person id stability from one map to the next.
   *
   * @param newLinkNodes {@code node}: identifiers that took part in a link observed on the new date
   */
  public static Stability stability(
      Dataset<Row> previous, Dataset<Row> current, Dataset<Row> newLinkNodes) {
    Dataset<Row> touchedPersons =
        previous
            .withColumn("node", node())
            .join(newLinkNodes.select("node").distinct(), "node")
            .select(col("person_id").as("touched"))
            .distinct();
    Row r =
        previous
            .select(col("id_type"), col("id_value"), col("person_id").as("before"))
            .join(
                current.select(col("id_type"), col("id_value"), col("person_id").as("after")),
                new String[] {"id_type", "id_value"})
            .join(touchedPersons, col("before").equalTo(col("touched")), "left")
            .agg(
                count(lit(1)),
                sum(when(same(), 1).otherwise(0)),
                sum(when(col("touched").isNull(), 1).otherwise(0)),
                sum(when(col("touched").isNull().and(same()), 1).otherwise(0)))
            .head();
    return new Stability(r.getLong(0), longOrZero(r, 1), longOrZero(r, 2), longOrZero(r, 3));
  }

  private static Column same() {
    return col("before").equalTo(col("after"));
  }

  private static long longOrZero(Row r, int i) {
    return r.isNullAt(i) ? 0 : r.getLong(i);
  }

  private static Column node() {
    return ConnectTransforms.nodeKey(col("id_type"), col("id_value"));
  }

  /** Σ n·(n−1)/2 over the groups of these columns. */
  private static long pairs(Dataset<Row> df, String... by) {
    Row r =
        df.groupBy(Arrays.stream(by).map(c -> col(c)).toArray(Column[]::new))
            .agg(count(lit(1)).as("n"))
            .agg(sum(col("n").multiply(col("n").minus(1)).divide(2)).cast("long"))
            .head();
    return r.isNullAt(0) ? 0 : r.getLong(0);
  }
}
