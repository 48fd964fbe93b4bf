package org.segmentofone.lookup.store;

import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import io.delta.kernel.types.IntegerType;
import io.delta.kernel.types.StringType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
    Groups groups = new Groups(spec);
    Cells.LastCode keyCodes = new Cells.LastCode(keys);
    table.scan(
        filter,
        spec.keyColumns(),
        (b, i) -> groups.of(b, i, table).count(keyCodes.of(Cells.bytes(b, k, i, table))));
    groups.all().values().forEach(RankedLists.Builder::allocate);
    boolean isFloat = spec.scoreType() instanceof FloatType;
    int reasonAt = k + 5;
    int extraAt = spec.reason() == null ? k + 5 : k + 6;
    Cells.LastCode itemCodes = new Cells.LastCode(products);
    table.scan(
        filter,
        spec.rowColumns(),
        (b, i) -> {
          byte[] reason = spec.reason() == null ? null : Cells.nullableBytes(b, reasonAt, i);
          byte[] label = Labels.encode(Cells.bytes(b, k + 4, i, table), reason);
          byte[] key = Cells.bytes(b, k, i, table);
          try {
            groups
                .of(b, i, table)
                .put(
                    keyCodes.of(key),
                    b.getColumnVector(k + 1).getInt(i),
                    itemCodes.of(Cells.bytes(b, k + 2, i, table)),
                    labels.add(label),
                    Cells.number(b.getColumnVector(k + 3), i, isFloat),
                    spec.extra() == null
                        ? Float.NaN
                        : Cells.number(b.getColumnVector(extraAt), i, false));
          } catch (IllegalArgumentException e) {
            throw new LoadException(
                table.name()
                    + ": "
                    + spec.key()
                    + " "
                    + new String(key, StandardCharsets.UTF_8)
                    + ": "
                    + e.getMessage());
          }
        });
    Map<String, RankedLists> out = new LinkedHashMap<>();
    groups.all().forEach((g, builder) -> out.put(g, builder.build()));
    return out;
  }

  /** One builder per value of the group column (or one, ""), the last one looked up remembered. */
  private static final class Groups {
    private final Spec spec;
    private final Map<String, RankedLists.Builder> builders = new LinkedHashMap<>();
    private byte[] last;
    private RankedLists.Builder lastBuilder;

    Groups(Spec spec) {
      this.spec = spec;
    }

    RankedLists.Builder of(ColumnarBatch b, int i, DeltaTable table) {
      byte[] group = spec.group() == null ? new byte[0] : Cells.bytes(b, 0, i, table);
      if (lastBuilder == null || !Arrays.equals(last, group)) {
        last = group;
        lastBuilder =
            builders.computeIfAbsent(
                new String(group, StandardCharsets.UTF_8),
                g -> new RankedLists.Builder(spec.extra() != null));
      }
      return lastBuilder;
    }

    Map<String, RankedLists.Builder> all() {
      return builders;
    }
  }
}
