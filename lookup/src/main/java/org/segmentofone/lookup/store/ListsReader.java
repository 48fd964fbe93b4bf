package org.segmentofone.lookup.store;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one of the list tables ({@code recommendations}, {@code similar_products}, {@code
 * bought_together}, {@code trending}) of one run date into {@link RankedLists}, in two passes: the
 * keys first (to size every column exactly), then the rows. Keys, products and labels are encoded
 * with the snapshot's dictionaries.
 */
final class ListsReader {
  /**
   * The columns of one table: an optional {@code group} (one set of lists per value: {@code
   * placement}), the list's key, the rank, the listed product, its score (float or double), source,
   * reason and an extra float column (each optional).
   */
  record Spec(
      String group,
      String key,
      String item,
      String score,
      DataType scoreType,
      String source,
      String reason,
      String extra) {

    List<String> keyColumns() {
      List<String> c = new ArrayList<>();
      if (group != null) {
        c.add(group);
      }
      c.add(key);
      return c;
    }

    List<String> rowColumns() {
      List<String> c = keyColumns();
      c.addAll(List.of("rank", item, score, source));
      if (reason != null) {
        c.add(reason);
      }
      if (extra != null) {
        c.add(extra);
      }
      return c;
    }
  }

  private final Utf8Dictionary products;
  private final Utf8Dictionary labels;

  ListsReader(Utf8Dictionary products, Utf8Dictionary labels) {
    this.products = products;
    this.labels = labels;
  }

  /**
   * The lists per group (one entry, key "", without a group column); keys coded in {@code keys}.
   */
  Map<String, RankedLists> read(
      DeltaTable table, Predicate filter, Spec spec, Utf8Dictionary keys) {
    for (String c : spec.keyColumns()) {
      table.require(c, StringType.STRING);
    }
    table.require("rank", IntegerType.INTEGER);
    table.require(spec.item(), StringType.STRING);
    table.require(spec.score(), spec.scoreType());
    table.require(spec.source(), StringType.STRING);
    if (spec.reason() != null) {
      table.require(spec.reason(), StringType.STRING);
    }
    if (spec.extra() != null) {
      table.require(spec.extra(), DoubleType.DOUBLE);
    }
    int k = spec.group() == null ? 0 : 1;
    Map<String, RankedLists.Builder> groups = new LinkedHashMap<>();
    table.scan(
        filter,
        spec.keyColumns(),
        (b, i) ->
            builder(groups, spec, group(b, i, spec, table)).count(keys.add(text(b, k, i, table))));
    groups.values().forEach(RankedLists.Builder::allocate);
    boolean isFloat = spec.scoreType() instanceof FloatType;
    int reasonAt = k + 5;
    int extraAt = spec.reason() == null ? k + 5 : k + 6;
    table.scan(
        filter,
        spec.rowColumns(),
        (b, i) -> {
          String reason = spec.reason() == null ? null : nullable(b.getColumnVector(reasonAt), i);
          String label = Labels.encode(text(b, k + 4, i, table), reason);
          groups
              .get(group(b, i, spec, table))
              .put(
                  keys.add(text(b, k, i, table)),
                  b.getColumnVector(k + 1).getInt(i),
                  products.add(text(b, k + 2, i, table)),
                  labels.add(label),
                  number(b.getColumnVector(k + 3), i, isFloat),
                  spec.extra() == null ? Float.NaN : number(b.getColumnVector(extraAt), i, false));
        });
    Map<String, RankedLists> out = new LinkedHashMap<>();
    groups.forEach((g, builder) -> out.put(g, builder.build()));
    return out;
  }

  private static RankedLists.Builder builder(
      Map<String, RankedLists.Builder> groups, Spec spec, String group) {
    return groups.computeIfAbsent(group, g -> new RankedLists.Builder(spec.extra() != null));
  }

  private static String group(ColumnarBatch b, int i, Spec spec, DeltaTable table) {
    return spec.group() == null ? "" : text(b, 0, i, table);
  }

  private static String text(ColumnarBatch b, int column, int i, DeltaTable table) {
    ColumnVector v = b.getColumnVector(column);
    if (v.isNullAt(i)) {
      throw new LoadException(
          table.name() + "." + b.getSchema().at(column).getName() + " is null in a row");
    }
    return v.getString(i);
  }

  private static String nullable(ColumnVector v, int i) {
    return v.isNullAt(i) ? null : v.getString(i);
  }

  private static float number(ColumnVector v, int i, boolean isFloat) {
    if (v.isNullAt(i)) {
      return Float.NaN;
    }
    return isFloat ? v.getFloat(i) : (float) v.getDouble(i);
  }
}
