package org.segmentofone.cluster;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;

/**
 * Asserts that two warehouses hold the same rows in one Delta table: the non-floating columns equal
 * as a multiset, and each floating column equal within a relative tolerance on the rows those
 * columns identify (sums of doubles may add up in another order on another cluster). One Spark job
 * per table: both sides grouped by the non-floating columns, counted per side.
 */
final class TableComparison {
  static final double RELATIVE_TOLERANCE = 1e-6;

  private TableComparison() {}

  /** What the comparison found; {@link #assertSame} checks it. */
  record Outcome(
      String table,
      long leftRows,
      long rightRows,
      long unmatchedGroups,
      long ambiguousGroups,
      List<String> floating,
      double[] worstRelativeDifference) {

    void assertSame() {
      assertThat(rightRows).as("rows of %s", table).isEqualTo(leftRows);
      assertThat(unmatchedGroups)
          .as("%s: rows whose non-floating columns differ between the two", table)
          .isZero();
      assertThat(ambiguousGroups)
          .as("%s: rows the non-floating columns do not identify (floats not comparable)", table)
          .isZero();
      for (int i = 0; i < floating.size(); i++) {
        assertThat(worstRelativeDifference[i])
            .as("%s.%s: largest relative difference", table, floating.get(i))
            .isLessThanOrEqualTo(RELATIVE_TOLERANCE);
      }
    }
  }

  /**
   * Compares {@code table} under both warehouse roots, leaving out {@code ignored} columns (run
   * ids, timestamps of the run, durations).
   */
  static Outcome compare(
      SparkSession spark, String left, String right, String table, Set<String> ignored) {
    Dataset<Row> a = spark.read().format("delta").load(left + "/" + table);
    Dataset<Row> b = spark.read().format("delta").load(right + "/" + table);
    List<String> exact = new ArrayList<>();
    List<String> floating = new ArrayList<>();
    for (StructField f : a.schema().fields()) {
      if (ignored.contains(f.name())) {
        continue;
      }
      boolean isFloat =
          f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType);
      (isFloat ? floating : exact).add(f.name());
    }
    List<Column> kept = new ArrayList<>();
    exact.forEach(c -> kept.add(col(c)));
    floating.forEach(c -> kept.add(col(c).cast("double").as(c)));
    Dataset<Row> both =
        a.select(kept.toArray(Column[]::new))
            .withColumn("_side", lit(1))
            .unionByName(b.select(kept.toArray(Column[]::new)).withColumn("_side", lit(-1)));

    List<Column> perGroup = new ArrayList<>();
    perGroup.add(count(lit(1)).as("_rows"));
    perGroup.add(sum(when(col("_side").equalTo(1), 1).otherwise(0)).as("_left"));
    for (String c : floating) {
      perGroup.add(max(abs(col(c))).as("_abs_" + c));
      perGroup.add(max(col(c)).minus(min(col(c))).as("_spread_" + c));
      perGroup.add(count(col(c)).as("_set_" + c));
    }
    Dataset<Row> groups =
        both.groupBy(exact.stream().map(c -> col(c)).toArray(Column[]::new))
            .agg(perGroup.get(0), perGroup.subList(1, perGroup.size()).toArray(Column[]::new));

    List<Column> overall = new ArrayList<>();
    overall.add(sum(col("_left")).as("left"));
    overall.add(sum(col("_rows").minus(col("_left"))).as("right"));
    // A group is unmatched when the sides hold different numbers of it, or a float is null on
    // one side only.
    Column unmatched = col("_left").multiply(2).notEqual(col("_rows"));
    for (String c : floating) {
      unmatched =
          unmatched.or(col("_set_" + c).notEqual(0).and(col("_set_" + c).notEqual(col("_rows"))));
    }
    overall.add(sum(when(unmatched, 1).otherwise(0)));
    overall.add(sum(when(col("_rows").gt(2).and(lit(!floating.isEmpty())), 1).otherwise(0)));
    for (String c : floating) {
      overall.add(
          max(
              when(
                  col("_rows").equalTo(2),
                  col("_spread_" + c).divide(greatest(col("_abs_" + c), lit(1e-12))))));
    }
    Row r =
        groups
            .agg(overall.get(0), overall.subList(1, overall.size()).toArray(Column[]::new))
            .head();
    double[] worst = new double[floating.size()];
    for (int i = 0; i < floating.size(); i++) {
      worst[i] = r.isNullAt(4 + i) ? 0.0 : r.getDouble(4 + i);
    }
    return new Outcome(
        table,
        r.isNullAt(0) ? 0 : r.getLong(0),
        r.isNullAt(1) ? 0 : r.getLong(1),
        r.isNullAt(2) ? 0 : r.getLong(2),
        r.isNullAt(3) ? 0 : r.getLong(3),
        floating,
        worst);
  }

  static Set<String> ignoring(String... columns) {
    return Set.copyOf(Arrays.asList(columns));
  }
}
