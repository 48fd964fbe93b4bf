package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.format_string;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.util.List;
import java.util.stream.DoubleStream;
import java.util.stream.IntStream;
import org.apache.spark.sql.Column;

/**
 * How product indices map onto the taxonomy (each leaf owns a contiguous range), as Spark columns.
 * Per-leaf constants are small literal arrays indexed by the leaf.
 */
final class StoreLayout {
  private final List<StoreTaxonomy.Leaf> leaves = StoreTaxonomy.leaves();
  private final int[] starts;

  StoreLayout(int products) {
    this.starts = StoreTaxonomy.leafStarts(products);
  }

  List<StoreTaxonomy.Leaf> leaves() {
    return leaves;
  }

  /** First product index of every leaf, plus the total as the last element. */
  int[] starts() {
    return starts;
  }

  int[] counts() {
    return IntStream.range(0, leaves.size()).map(i -> starts[i + 1] - starts[i]).toArray();
  }

  int[] consumables() {
    return leaves.stream().mapToInt(l -> l.consumable() ? 1 : 0).toArray();
  }

  /** The leaf of a product index; evaluate it once per product (it is a chain of comparisons). */
  Column leafOf(Column pidx) {
    Column c = lit(leaves.size() - 1);
    for (int i = leaves.size() - 1; i >= 1; i--) {
      c = when(pidx.lt(starts[i]), lit(i - 1)).otherwise(c);
    }
    return c;
  }

  static Column leafConst(int[] values, Column leaf) {
    return element_at(
        array(IntStream.of(values).mapToObj(v -> lit(v)).toArray(Column[]::new)), leaf.plus(1));
  }

  static Column leafConstD(double[] values, Column leaf) {
    return element_at(
        array(DoubleStream.of(values).mapToObj(v -> lit(v)).toArray(Column[]::new)), leaf.plus(1));
  }

  /** The leaf's noun ("Smartphone") or its category path ("Electronics > Phones > ..."). */
  Column leafStr(Column leaf, boolean noun) {
    return element_at(
        array(leaves.stream().map(l -> lit(noun ? l.noun() : l.path())).toArray(Column[]::new)),
        leaf.plus(1));
  }

  Column brandsByLeaf() {
    return array(
        leaves.stream()
            .map(l -> array(l.brands().stream().map(b -> lit(b)).toArray(Column[]::new)))
            .toArray(Column[]::new));
  }

  static Column productId(Column pidx) {
    return format_string("SKU-%06d", pidx);
  }

  static int partitions(long rows, long perPartition) {
    return (int) Math.max(1, Math.min(400, (rows + perPartition - 1) / perPartition));
  }
}
