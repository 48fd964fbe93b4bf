package org.segmentofone.lookup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.ForklessLocalFileSystem;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;
import org.segmentofone.common.TableSpec;
import org.segmentofone.common.Tables;

/**
 * A warehouse written as the jobs write it (their table contracts and {@link DeltaTables}), with
 * the one SparkSession of the test JVM (local[2], no UI, 2 shuffle partitions, Delta).
 */
public final class TestWarehouse {
  private static SparkSession spark;
  private static Path root;

  private final Path warehouse;

  public TestWarehouse(String name) {
    session();
    try {
      warehouse = Files.createTempDirectory(root, name + "-").resolve("warehouse");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A new warehouse holding a copy of every table of {@code template} (Delta logs are relative).
   */
  public static TestWarehouse copyOf(TestWarehouse template, String name) {
    TestWarehouse w = new TestWarehouse(name);
    try (Stream<Path> files = Files.walk(template.warehouse)) {
      for (Path f : files.toList()) {
        Path to = w.warehouse.resolve(template.warehouse.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(to);
        } else {
          Files.copy(f, to);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return w;
  }

  public static synchronized SparkSession session() {
    if (spark == null) {
      try {
        root = Files.createTempDirectory("sone-lookup-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
      spark =
          SparkSessions.create(
              new SparkSettings(
                  "local[2]",
                  "segment-of-one-lookup-tests",
                  2,
                  Map.of(
                      "spark.ui.enabled", "false",
                      "spark.driver.host", "127.0.0.1",
                      "spark.sql.warehouse.dir", root.resolve("spark-warehouse").toString(),
                      "spark.databricks.delta.snapshotPartitions", "2",
                      // Tiny tables, as in the jobs' tests: interpreted expressions beat
                      // compiling them (ReloadTest 49.6 -> 40.4 s). Delta's checkpoint interval
                      // stays the default, so the service reads checkpointed logs as in production.
                      "spark.sql.codegen.wholeStage", "false",
                      "spark.sql.codegen.factoryMode", "NO_CODEGEN",
                      // No chmod or readlink process per file the warehouse's writes create.
                      "spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName(),
                      "spark.hadoop.fs.AbstractFileSystem.file.impl",
                          ForklessLocalFileSystem.Context.class.getName())),
              new PathsConfig("", "", root.toString(), root.resolve("checkpoints").toString()));
    }
    return spark;
  }

  public Path path() {
    return warehouse;
  }

  public Path table(TableSpec spec) {
    return warehouse.resolve(spec.name());
  }

  /** Replaces the rows of one run date (as recommend and connect do). */
  public void replace(TableSpec spec, String runDate, List<Map<String, Object>> rows) {
    replaceWhere(spec, "run_date = '" + runDate + "'", rows);
  }

  /**
   * Replaces the rows a SQL predicate selects, in one commit, with the columns and types of the
   * jobs' contract ({@link DeltaTables#conform}); one Spark job, where the jobs' writer also checks
   * the layout and reads the commit's row count.
   */
  public void replaceWhere(TableSpec spec, String predicate, List<Map<String, Object>> rows) {
    replaceWhere(frame(spec, rows), spec, table(spec).toString(), predicate);
  }

  /** Writes {@code rows} over what {@code predicate} selects in the Delta table at {@code path}. */
  public static void replaceWhere(
      Dataset<Row> rows, TableSpec spec, String path, String predicate) {
    var writer =
        DeltaTables.conform(rows, spec)
            .write()
            .format("delta")
            .mode("overwrite")
            .option("replaceWhere", predicate);
    if (!spec.partitionColumns().isEmpty()) {
      writer = writer.partitionBy(spec.partitionColumns().toArray(String[]::new));
    }
    writer.save(path);
  }

  /** Writes one model_runs row (replacing the version's row), as train and the gate do. */
  public void model(String version, String status, Instant createdAt) {
    replaceWhere(
        Tables.MODEL_RUNS,
        "version = '" + version + "'",
        List.of(modelRun(version, status, createdAt)));
  }

  /** A model_runs row; the version is its run date, as train names them. */
  public static Map<String, Object> modelRun(String version, String status, Instant createdAt) {
    return row(
        "version", version,
        "run_date", version,
        "run_id", "run-" + version,
        "path", "models/" + version,
        "status", status,
        "created_at", createdAt);
  }

  /** A row from alternating column names and values; other columns of the table are null. */
  public static Map<String, Object> row(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  private static Dataset<Row> frame(TableSpec spec, List<Map<String, Object>> rows) {
    List<Row> out = new ArrayList<>();
    for (Map<String, Object> values : rows) {
      Object[] cells = new Object[spec.schema().fields().length];
      int i = 0;
      for (StructField f : spec.schema().fields()) {
        cells[i++] = convert(values.get(f.name()), f.dataType());
      }
      out.add(RowFactory.create(cells));
    }
    return spark.createDataFrame(out, spec.schema());
  }

  private static Object convert(Object v, DataType type) {
    if (v == null) {
      return null;
    }
    if (type.equals(DataTypes.DateType)) {
      return Date.valueOf(v.toString());
    }
    if (type.equals(DataTypes.TimestampType)) {
      return Timestamp.from((Instant) v);
    }
    if (type.equals(DataTypes.FloatType)) {
      return ((Number) v).floatValue();
    }
    if (type.equals(DataTypes.DoubleType)) {
      return ((Number) v).doubleValue();
    }
    if (type.equals(DataTypes.LongType)) {
      return ((Number) v).longValue();
    }
    if (type.equals(DataTypes.IntegerType)) {
      return ((Number) v).intValue();
    }
    return v;
  }

  public static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temp folder.
    }
  }
}
