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
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;
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
   * Rows naming the person in every Delta table under the warehouse: a string value (at any depth:
   * columns, array elements, map keys and values) equal to one of their values, or (raw JSON)
   * containing one. With {@code anyFile}, every Parquet data file still on disk in a table's folder
   * is read, whether or not the current version lists it: every older version can only return rows
   * of those files (a version whose files VACUUM removed cannot be read at all), so none of them
   * names the person when none of the files does. Stricter than reading each version. The files are
   * read with Parquet's own reader, not Spark (a schema merge and a count job per table took the
   * nightly IT's forget test to 113 s; 62.5 s with this reader, the forget stage included). Without
   * {@code anyFile}, each table's current version is read through Delta.
   */
  long rowsIn(SparkSession spark, String warehouse, boolean anyFile) {
    long found = 0;
    Pattern raw = rawNaming();
    for (Path table : deltaTables(Path.of(warehouse))) {
      if (anyFile) {
        found += rowsIn(dataFiles(table), row -> names(row, raw));
      } else {
        Dataset<Row> df = spark.read().format("delta").load(table.toString());
        found += df.where(naming(df)).count();
      }
    }
    return found;
  }

  /** Every Parquet file under the table's folder but its log. */
  private static List<Path> dataFiles(Path table) {
    try (Stream<Path> walk = Files.walk(table)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(".parquet"))
          .filter(p -> !table.relativize(p).startsWith("_delta_log"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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

  /** The rows of these Parquet files that match. */
  private static long rowsIn(List<Path> files, Predicate<Group> matches) {
    long found = 0;
    Configuration conf = new Configuration();
    for (Path file : files) {
      try (ParquetReader<Group> reader =
          ParquetReader.builder(new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(conf)
              .build()) {
        for (Group row = reader.read(); row != null; row = reader.read()) {
          if (matches.test(row)) {
            found++;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found;
  }

  /** Whether any string in the record, at any depth, names the person. */
  private boolean names(Group record, Pattern raw) {
    GroupType type = record.getType();
    for (int f = 0; f < type.getFieldCount(); f++) {
      Type field = type.getType(f);
      for (int i = 0; i < record.getFieldRepetitionCount(f); i++) {
        if (!field.isPrimitive()) {
          if (names(record.getGroup(f, i), raw)) {
            return true;
          }
        } else if (field.getLogicalTypeAnnotation()
            instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
          String value = record.getString(f, i);
          if (values.contains(value)
              || (field.getName().equals("raw") && raw.matcher(value).find())) {
            return true;
          }
        }
      }
    }
    return false;
  }

  /** A JSON string value equal to one of the person's values (raw rows in quarantine). */
  private Pattern rawNaming() {
    return Pattern.compile(
        values.stream().map(Pattern::quote).collect(Collectors.joining("|", "\"\\s*(", ")\\s*\"")));
  }

  private Column naming(Dataset<Row> df) {
    Column any = lit(false);
    String alternatives = rawNaming().pattern();
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
