package org.segmentofone.common;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes a report file through Hadoop's file systems, so a report lands beside the warehouse
 * wherever it lives (a local folder, HDFS, s3a://, abfss://).
 */
public final class ReportFiles {
  private ReportFiles() {}

  /** Writes (replaces) {@code path} with the text; returns the fully qualified path. */
  public static String write(Configuration hadoop, String path, String text) {
    try {
      Path p = new Path(path);
      FileSystem fs = FileSystem.get(URI.create(path), hadoop);
      Path qualified = fs.makeQualified(p);
      try (OutputStream out = fs.create(qualified, true)) {
        out.write(text.getBytes(StandardCharsets.UTF_8));
      }
      return qualified.toString();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the report " + path, e);
    }
  }
}
