package org.segmentofone.lookup.store;

import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads cells of the batches {@link DeltaTable#scan} hands out, where string columns arrive as
 * their UTF-8 bytes.
 */
final class Cells {
  private Cells() {}

  /** A string cell's bytes; a null fails the load naming the table and column. */
  static byte[] bytes(ColumnarBatch b, int column, int i, DeltaTable table) {
    ColumnVector v = b.getColumnVector(column);
    if (v.isNullAt(i)) {
      throw new LoadException(
          table.name() + "." + b.getSchema().at(column).getName() + " is null in a row");
    }
    return v.getBinary(i);
  }

  static byte[] nullableBytes(ColumnarBatch b, int column, int i) {
    ColumnVector v = b.getColumnVector(column);
    return v.isNullAt(i) ? null : v.getBinary(i);
  }

  static String text(ColumnarBatch b, int column, int i, DeltaTable table) {
    return new String(bytes(b, column, i, table), StandardCharsets.UTF_8);
  }

  /** A float or double cell as a float; NaN for null. */
  static float number(ColumnVector v, int i, boolean isFloat) {
    if (v.isNullAt(i)) {
      return Float.NaN;
    }
    return isFloat ? v.getFloat(i) : (float) v.getDouble(i);
  }

  /**
   * The code of the previous row's value when this row repeats it (a person's 20 rows, a placement,
   * a source), else the dictionary's: skips hashing most repeated values.
   */
  static final class LastCode {
    private final Utf8Dictionary dictionary;
    private byte[] last;
    private int code;

    LastCode(Utf8Dictionary dictionary) {
      this.dictionary = dictionary;
    }

    int of(byte[] value) {
      if (last == null || !Arrays.equals(last, value)) {
        code = dictionary.add(value);
        last = value;
      }
      return code;
    }
  }
}
