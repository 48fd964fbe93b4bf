package org.segmentofone.train;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Dense int ids for ALS, kept in a table: ids already indexed keep their number, new ids get the
 * next ones. New ids are numbered per hash bucket (a distributed row_number) plus the bucket's
 * offset; only one count per bucket reaches the driver, never the ids.
 */
public final class DenseIndex {
  static final int BUCKETS = 64;

  private DenseIndex() {}

  /**
   * @param existing columns {@code <idColumn>, idx} (may be empty)
   * @param ids a column {@code idColumn} with the ids to index (duplicates allowed)
   * @return existing plus the new ids, columns {@code <idColumn>, idx}
   */
  public static Dataset<Row> extend(
      SparkSession spark, Dataset<Row> existing, Dataset<Row> ids, String idColumn) {
    Row top = existing.agg(max("idx")).head();
    long next = top.isNullAt(0) ? 0 : ((Number) top.get(0)).longValue() + 1;
    Dataset<Row> fresh =
        ids.select(idColumn)
            .where(col(idColumn).isNotNull())
            .distinct()
            .join(existing.select(idColumn), idColumn, "left_anti")
            .withColumn("bucket", pmod(xxhash64(col(idColumn)), lit(BUCKETS)).cast("int"))
            .cache();
    List<Row> counts = fresh.groupBy("bucket").count().orderBy("bucket").collectAsList();
    List<Row> offsets = new ArrayList<>();
    long offset = next;
    for (Row r : counts) {
      offsets.add(RowFactory.create(r.getInt(0), offset));
      offset += r.getLong(1);
    }
    if (offset > Integer.MAX_VALUE) {
      throw new IllegalStateException(
          "more than " + Integer.MAX_VALUE + " ids for " + idColumn + ": ALS needs int ids");
    }
    Dataset<Row> offsetTable =
        spark.createDataFrame(
            offsets,
            new StructType()
                .add("bucket", DataTypes.IntegerType)
                .add("offset", DataTypes.LongType));
    Dataset<Row> numbered =
        fresh
            .join(broadcast(offsetTable), "bucket")
            .withColumn(
                "idx",
                col("offset")
                    .plus(row_number().over(Window.partitionBy("bucket").orderBy(idColumn)))
                    .minus(1)
                    .cast("int"))
            .select(col(idColumn), col("idx"));
    return existing.select(col(idColumn), col("idx").cast("int")).unionByName(numbered);
  }
}
