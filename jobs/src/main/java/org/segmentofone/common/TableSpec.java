package org.segmentofone.common;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/** A table's contract: its name under the warehouse, its exact schema, its partition columns. */
public record TableSpec(String name, StructType schema, List<String> partitionColumns) {
  public TableSpec {
    for (String p : partitionColumns) {
      if (!List.of(schema.fieldNames()).contains(p)) {
        throw new IllegalArgumentException(name + ": partition column " + p + " not in schema");
      }
    }
    partitionColumns = List.copyOf(partitionColumns);
  }

  public String[] columns() {
    return schema.fieldNames();
  }
}
