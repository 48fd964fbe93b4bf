package org.segmentofone.collect;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * The data files of raw partition folders and their Parquet footers, read on the driver: one small
 * read per file (row count and schema), never the rows. A file that is not readable Parquet fails
 * here, with its name, before any Spark job starts.
 */
final class RawFiles {
  private static final int FOOTER_THREADS = 16;

  private RawFiles() {}

  /** One data file of a raw partition. */
  record RawFile(LocalDate eventDate, String path, long sizeBytes, long modifiedMillis) {}

  /** A file with what its footer says: rows and the schema (as text, to group equal schemas). */
  record Footer(RawFile file, long rows, String schema) {}

  /** The data files of each folder (names starting with '_' or '.' are metadata, not data). */
  static List<RawFile> list(Configuration conf, Map<LocalDate, String> folders) {
    List<RawFile> out = new ArrayList<>();
    for (Map.Entry<LocalDate, String> e : folders.entrySet()) {
      Path folder = new Path(e.getValue());
      try {
        FileSystem fs = folder.getFileSystem(conf);
        for (FileStatus st : fs.listStatus(folder)) {
          String name = st.getPath().getName();
          if (name.startsWith("_") || name.startsWith(".")) {
            continue; // _SUCCESS, .crc and other metadata
          }
          if (st.isDirectory()) {
            throw new RawInputException(
                "raw partition folder "
                    + folder
                    + " holds a sub-folder "
                    + st.getPath()
                    + ": the contract is flat files under event_date=YYYY-MM-DD; move its files"
                    + " up, or they would not be collected");
          }
          if (st.isFile()) {
            out.add(
                new RawFile(
                    e.getKey(), st.getPath().toString(), st.getLen(), st.getModificationTime()));
          }
        }
      } catch (IOException ex) {
        throw new RawInputException(
            "cannot list the raw partition folder " + folder + ": " + ex.getMessage(), ex);
      }
    }
    out.sort(Comparator.comparing(RawFile::eventDate).thenComparing(RawFile::path));
    return out;
  }

  /** Reads every file's footer (in parallel threads); the first unreadable file fails the run. */
  static List<Footer> footers(Configuration conf, List<RawFile> files) {
    if (files.isEmpty()) {
      return List.of();
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(FOOTER_THREADS, files.size()));
    try {
      List<Future<Footer>> pending = new ArrayList<>();
      for (RawFile f : files) {
        pending.add(pool.submit(() -> footer(conf, f)));
      }
      List<Footer> out = new ArrayList<>();
      for (Future<Footer> p : pending) {
        out.add(p.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RawInputException r) {
        throw r;
      }
      throw new RawInputException("cannot read raw file footers: " + e.getCause(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RawInputException("interrupted while reading raw file footers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static Footer footer(Configuration conf, RawFile f) {
    try (ParquetFileReader reader =
        ParquetFileReader.open(HadoopInputFile.fromPath(new Path(f.path()), conf))) {
      return new Footer(
          f, reader.getRecordCount(), reader.getFooter().getFileMetaData().getSchema().toString());
    } catch (IOException | RuntimeException e) {
      throw new RawInputException(
          "raw file "
              + f.path()
              + " ("
              + f.sizeBytes()
              + " bytes) is not a readable Parquet file: "
              + e.getMessage()
              + " — move it out of the partition folder or replace it, then re-run collect for "
              + f.eventDate(),
          e);
    }
  }
}
