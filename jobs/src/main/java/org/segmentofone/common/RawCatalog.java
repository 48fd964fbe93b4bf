package org.segmentofone.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.StructType;

/** The catalog snapshot contract (DESIGN §4.1); category is a path {@code a > b > c}. */
public final class RawCatalog {
  public static final StructType SCHEMA =
      new StructType()
          .add("product_id", StringType)
          .add("title", StringType)
          .add("category", StringType)
          .add("brand", StringType)
          .add("price", DoubleType)
          .add("in_stock", BooleanType)
          .add("created_at", TimestampType);

  private RawCatalog() {}
}
