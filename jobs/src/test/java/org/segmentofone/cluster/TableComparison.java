package org.segmentofone.cluster;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.greatest;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
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
 * Asserts that two warehouses hold the same rows in one Delta table: every non-floating column
 * equal as a multiset, and every floating column equal within a relative tolerance on rows matched
 * by the non-floating columns (sums of doubles may add up in another order on another cluster).
 */
final class TableComparison {
  static final double RELATIVE_TOLERANCE = 1e-6;

  private TableComparison() {}

  /**
   * Compares {@code table} under both warehouse roots, leaving out {@code ignored} columns (run
   * ids, timestamps of the run, durations). Returns the number of rows compared.
   */
  static long assertSameRows(
      SparkSession spark, String left, String right, String table, Set<String> ignored) {
    Dataset<Row> a = spark.read().format("delta").load(left + "/" + table);
    Dataset<Row> b = spark.read().format("delta").load(right + "/" + table);
    List<String> exact = new ArrayList<>();
    List<String> approx = new ArrayList<>();
    for (StructField f : a.schema().fields()) {
      if (ignored.contains(f.name())) {
        continue;
      }
      boolean floating =
          f.dataType().equals(DataTypes.DoubleType) || f.dataType().equals(DataTypes.FloatType);
      (floating ? approx : exact).add(f.name());
    }
    Column[] keys = exact.stream().map(c -> col(c)).toArray(Column[]::new);
    long rows = a.count();
    assertThat(b.count()).as("rows of %s", table).isEqualTo(rows);
    assertThat(a.select(keys).exceptAll(b.select(keys)).count())
        .as("rows of %s only in %s", table, left)
        .isZero();
    assertThat(b.select(keys).exceptAll(a.select(keys)).count())
        .as("rows of %s only in %s", table, right)
        .isZero();
    if (approx.isEmpty() || rows == 0) {
      return rows;
    }
    assertThat(a.select(keys).distinct().count())
        .as("%s: the non-floating columns %s identify a row", table, exact)
        .isEqualTo(rows);
    Dataset<Row> joined = a.as("l").join(b.as("r"), exact.toArray(String[]::new));
    List<Column> diffs = new ArrayList<>();
    for (String c : approx) {
      Column l = col("l." + c).cast("double");
      Column r = col("r." + c).cast("double");
      diffs.add(
          max(abs(l.minus(r)).divide(greatest(abs(l), abs(r), lit(1e-12))).cast("double")).as(c));
    }
    Row worst =
        joined.agg(diffs.get(0), diffs.subList(1, diffs.size()).toArray(Column[]::new)).head();
    for (int i = 0; i < approx.size(); i++) {
      Object v = worst.get(i);
      assertThat(v == null ? 0.0 : (Double) v)
          .as("%s.%s: largest relative difference", table, approx.get(i))
          .isLessThanOrEqualTo(RELATIVE_TOLERANCE);
    }
    return rows;
  }

  static Set<String> ignoring(String... columns) {
    return Set.copyOf(Arrays.asList(columns));
  }
}
