package org.segmentofone;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.ForklessLocalFileSystem;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;

/** The one SparkSession of a test JVM (local[2], no UI, 2 shuffle partitions, Delta). */
public final class TestSpark {
  private static SparkSession spark;
  private static Path root;

  private TestSpark() {}

  public static synchronized SparkSession session() {
    if (spark == null) {
      try {
        root = Files.createTempDirectory("sone-test-");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(root)));
      spark =
          SparkSessions.create(
              new SparkSettings(
                  "local[2]",
                  "segment-of-one-tests",
                  2,
                  Map.ofEntries(
                      Map.entry("spark.ui.enabled", "false"),
                      Map.entry(
                          "spark.sql.warehouse.dir", root.resolve("spark-warehouse").toString()),
                      Map.entry("spark.driver.host", "127.0.0.1"),
                      Map.entry("spark.sql.adaptive.coalescePartitions.enabled", "true"),
                      // Delta replays its log with 50 tasks by default: far too many for tiny
                      // test tables, where each replay then costs more than the query.
                      Map.entry("spark.databricks.delta.snapshotPartitions", "2"),
                      // Tiny test data: compiling whole-stage code costs more than it saves
                      // (the connect tests' CPU time fell 18% without it).
                      Map.entry("spark.sql.codegen.wholeStage", "false"),
                      // ...nor compiling the expressions one by one: interpreted projections and
                      // predicates took a 15k-event nightly from 207 s to 179 s (tasks ran 67 ms
                      // instead of 103). The spark-submit cluster IT interprets them too.
                      Map.entry("spark.sql.codegen.factoryMode", "NO_CODEGEN"),
                      // Tables written many times in one test JVM: no checkpoint every 10th
                      // commit (each one is a Spark job of its own).
                      Map.entry(
                          "spark.databricks.delta.properties.defaults.checkpointInterval", "1000"),
                      // Hadoop's local file system without its chmod and readlink processes.
                      Map.entry(
                          "spark.hadoop.fs.file.impl", ForklessLocalFileSystem.class.getName()),
                      Map.entry(
                          "spark.hadoop.fs.AbstractFileSystem.file.impl",
                          ForklessLocalFileSystem.Context.class.getName()))),
              paths(root.resolve("shared")));
    }
    return spark;
  }

  /** A fresh folder for one test's warehouse or input. */
  public static Path tempDir(String name) {
    session();
    try {
      return Files.createTempDirectory(root, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static PathsConfig paths(Path base) {
    return new PathsConfig(
        base.resolve("raw/events").toString(),
        base.resolve("raw/catalog").toString(),
        base.resolve("warehouse").toString(),
        base.resolve("warehouse/_checkpoints").toString());
  }

  /** A small frame from rows written inline. */
  public static Dataset<Row> rows(StructType schema, Object[]... values) {
    List<Row> rows = Stream.of(values).map(RowFactory::create).toList();
    return session().createDataFrame(rows, schema);
  }

  public static void deleteQuietly(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Best effort: a temp folder.
    }
  }
}
