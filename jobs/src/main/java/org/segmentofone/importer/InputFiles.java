package org.segmentofone.importer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.ConfigException;

/** Finds an importer's input files: the path itself, or a known file name in a folder. */
final class InputFiles {
  private InputFiles() {}

  /** Whether the path exists; a missing input is a usage error naming it. */
  static void requireExists(SparkSession spark, String input) {
    try {
      Path p = new Path(input);
      if (!p.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(p)) {
        throw new ConfigException("import input not found: " + input);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + input, e);
    }
  }

  /**
   * The first of {@code names} (also tried with {@code .gz}) that is {@code input} itself or a file
   * in the folder {@code input}.
   */
  static Optional<String> find(SparkSession spark, String input, List<String> names) {
    try {
      Path p = new Path(input);
      FileSystem fs = p.getFileSystem(spark.sparkContext().hadoopConfiguration());
      FileStatus st = fs.getFileStatus(p);
      if (st.isFile()) {
        String name = p.getName().replaceFirst("\\.gz$", "");
        return names.contains(name) ? Optional.of(input) : Optional.empty();
      }
      for (String n : names) {
        for (String candidate : List.of(n, n + ".gz")) {
          Path c = new Path(p, candidate);
          if (fs.exists(c)) {
            return Optional.of(c.toString());
          }
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot look up " + input, e);
    }
  }

  /** A sibling file next to {@code file} (the catalog beside a ratings file). */
  static Optional<String> sibling(SparkSession spark, String file, List<String> names) {
    return find(spark, new Path(file).getParent().toString(), names);
  }
}
