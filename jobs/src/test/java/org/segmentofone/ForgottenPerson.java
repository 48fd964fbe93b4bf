package org.segmentofone;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Tables;

/**
 * A person about to be forgotten, as the test knows them before the erasure: every identifier and
 * person id they had, and their ALS row numbers. Scans a warehouse for any row naming them.
 */
record ForgottenPerson(Set<String> values, int identifiers, Set<Integer> factorIds) {

  static ForgottenPerson of(DeltaTables tables, String personId) {
    Set<String> values = new TreeSet<>();
    values.add(personId);
    Dataset<Row> map = tables.read(Tables.IDENTITY_MAP);
    List<Row> ids =
        map.where(col("person_id").equalTo(personId))
            .select("id_type", "id_value")
            .distinct()
            .collectAsList();
    // The values, and connect's node keys (type:value) of identity_observations / _edges.
    ids.forEach(r -> values.add(r.getString(1)));
    ids.forEach(r -> values.add(r.getString(0) + ":" + r.getString(1)));
    // Person ids these identifiers had on earlier nights (before a merge).
    map.where(col("id_value").isin(values.toArray()))
        .select("person_id")
        .distinct()
        .collectAsList()
        .forEach(r -> values.add(r.getString(0)));
    Set<Integer> factorIds = new TreeSet<>();
    tables
        .read(Tables.PERSON_INDEX)
        .where(col("person_id").isin(values.toArray()))
        .collectAsList()
        .forEach(r -> factorIds.add(r.getInt(1)));
    return new ForgottenPerson(values, ids.size(), factorIds);
  }

  /**
   * Rows naming the person in every Delta table under the warehouse: a string column equal to one
   * of their values, or (raw JSON) containing one. With {@code allVersions}, every version in each
   * table's history is read too; a version whose files VACUUM removed cannot be read, which is what
   * erasure wants, and counts as nothing.
   */
  long rowsIn(SparkSession spark, String warehouse, boolean allVersions) {
    long found = 0;
    for (Path table : deltaTables(Path.of(warehouse))) {
      String path = table.toString();
      long current =
          spark
              .sql("DESCRIBE HISTORY delta.`" + path + "`")
              .agg(org.apache.spark.sql.functions.max("version"))
              .head()
              .getLong(0);
      long from = allVersions ? 0 : current;
      for (long v = from; v <= current; v++) {
        Dataset<Row> df;
        try {
          df = spark.read().format("delta").option("versionAsOf", v).load(path);
          found += df.where(naming(df)).count();
        } catch (Exception unreadable) {
          // Spark's read errors are checked SparkExceptions, thrown undeclared from Scala.
          if (!vacuumed(unreadable)) {
            throw new IllegalStateException("cannot read " + path + " version " + v, unreadable);
          }
          // Files of this version were vacuumed: nothing can be read from it.
        }
      }
    }
    return found;
  }

  /** Rows of the person's ALS row numbers in any saved model's user factors. */
  long factorsIn(SparkSession spark, String models) {
    if (factorIds.isEmpty()) {
      return 0;
    }
    long found = 0;
    try (Stream<Path> walk = Files.walk(Path.of(models))) {
      for (Path p : walk.filter(p -> p.getFileName().toString().equals("userFactors")).toList()) {
        found +=
            spark.read().parquet(p.toString()).where(col("id").isin(factorIds.toArray())).count();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return found;
  }

  private Column naming(Dataset<Row> df) {
    Column any = lit(false);
    String alternatives =
        values.stream().map(Pattern::quote).collect(Collectors.joining("|", "\"\\s*(", ")\\s*\""));
    for (StructField f : df.schema().fields()) {
      if (f.dataType().equals(DataTypes.StringType)) {
        any =
            any.or(
                f.name().equals("raw")
                    ? col(f.name()).rlike(alternatives)
                    : col(f.name()).isin(values.toArray()));
      }
    }
    return any;
  }

  /** A read that failed because a data file of the version no longer exists. */
  private static boolean vacuumed(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof java.io.FileNotFoundException
          || String.valueOf(t.getMessage()).contains("FILE_NOT_EXIST")) {
        return true;
      }
    }
    return false;
  }

  private static List<Path> deltaTables(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(p -> p.getFileName().toString().equals("_delta_log"))
          .map(Path::getParent)
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
