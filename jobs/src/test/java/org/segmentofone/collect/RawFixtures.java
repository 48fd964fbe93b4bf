package org.segmentofone.collect;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.segmentofone.TestSpark;

/** Writes raw input the way a tracker's exporter would: one named Parquet file per call. */
final class RawFixtures {
  private RawFixtures() {}

  /** Writes {@code df} as the single file {@code <root>/event_date=<date>/<name>}. */
  static Path writeFile(Path root, LocalDate date, String name, Dataset<Row> df) {
    Path staging = TestSpark.tempDir("staging");
    df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(staging.resolve("out").toString());
    try (Stream<Path> files = Files.list(staging.resolve("out"))) {
      Path part =
          files
              .filter(p -> p.getFileName().toString().endsWith(".parquet"))
              .findFirst()
              .orElseThrow();
      Path target = root.resolve("event_date=" + date).resolve(name);
      Files.createDirectories(target.getParent());
      return Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes bytes that are not Parquet under the partition folder of {@code date}. */
  static Path writeGarbage(Path root, LocalDate date, String name) {
    try {
      Path target = root.resolve("event_date=" + date).resolve(name);
      Files.createDirectories(target.getParent());
      return Files.writeString(target, "PAR1 this is not really parquet, the upload was cut");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
