package org.segmentofone.lookup.store;

import io.delta.kernel.Scan;
import io.delta.kernel.ScanBuilder;
import io.delta.kernel.Snapshot;
import io.delta.kernel.TableManager;
import io.delta.kernel.data.ColumnVector;
import io.delta.kernel.data.ColumnarBatch;
import io.delta.kernel.data.FilteredColumnarBatch;
import io.delta.kernel.data.Row;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.engine.FileReadResult;
import io.delta.kernel.exceptions.TableNotFoundException;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.internal.InternalScanFileUtils;
import io.delta.kernel.internal.actions.DeletionVectorDescriptor;
import io.delta.kernel.internal.data.ScanStateRow;
import io.delta.kernel.internal.util.Utils;
import io.delta.kernel.types.BinaryType;
import io.delta.kernel.types.DataType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.StructField;
import io.delta.kernel.types.StructType;
import io.delta.kernel.utils.CloseableIterator;
import io.delta.kernel.utils.FileStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One version of one Delta table, read with Delta Kernel: its schema checked column by column, its
 * data files for a partition filter (with deletion vectors applied), and a fingerprint of those
 * files, which changes exactly when the data a filter selects changes.
 */
final class DeltaTable {
  private static final Pattern COMMIT = Pattern.compile("\\d{20}\\.json");

  private final Engine engine;
  private final String name;
  private final Snapshot snapshot;

  private DeltaTable(Engine engine, String name, Snapshot snapshot) {
    this.engine = engine;
    this.name = name;
    this.snapshot = snapshot;
  }

  /**
   * The newest commit version in {@code <warehouse>/<name>/_delta_log}, listing from version {@code
   * from} on (the names only); -1 when the commit {@code from} itself is not listed.
   */
  static long latestCommit(Engine engine, String warehouseUri, String name, long from) {
    String log = warehouseUri + name + "/_delta_log/";
    long latest = -1;
    boolean sawFrom = false;
    try (CloseableIterator<FileStatus> files =
        engine.getFileSystemClient().listFrom(log + "%020d.json".formatted(from))) {
      while (files.hasNext()) {
        String path = files.next().getPath();
        String file = path.substring(path.lastIndexOf('/') + 1);
        if (COMMIT.matcher(file).matches()) {
          long v = Long.parseLong(file.substring(0, 20));
          sawFrom |= v == from;
          latest = Math.max(latest, v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + log, e);
    }
    return sawFrom ? latest : -1;
  }

  /** The latest version of {@code <warehouse>/<name>}. */
  static DeltaTable open(Engine engine, String warehouseUri, String name) {
    String path = warehouseUri + name;
    try {
      return new DeltaTable(engine, name, TableManager.loadSnapshot(path).build(engine));
    } catch (TableNotFoundException e) {
      throw new LoadException("table " + name + " not found at " + path);
    }
  }

  String name() {
    return name;
  }

  long version() {
    return snapshot.getVersion();
  }

  /** Fails naming the column unless the table has it with exactly this type. */
  void require(String column, DataType type) {
    StructType schema = snapshot.getSchema();
    int i = schema.indexOf(column);
    if (i < 0) {
      throw new LoadException(name + " has no column " + column + " (schema: " + schema + ")");
    }
    DataType actual = schema.at(i).getDataType();
    if (!actual.equivalent(type)) {
      throw new LoadException(
          name + "." + column + " is " + actual + ", expected " + type + " (docs/tables.md)");
    }
  }

  /** SHA-256 of the schema and of the data files (and deletion vectors) the filter selects. */
  String fingerprint(Predicate filter) {
    List<String> files = new ArrayList<>();
    Scan scan = builder(filter).build();
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> rows = batches.next().getRows()) {
          while (rows.hasNext()) {
            Row file = rows.next();
            DeletionVectorDescriptor dv =
                InternalScanFileUtils.getDeletionVectorDescriptorFromRow(file);
            files.add(
                InternalScanFileUtils.getFilePath(file) + (dv == null ? "" : dv.getUniqueId()));
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    files.sort(null);
    MessageDigest sha = Hashing.sha256();
    sha.update(snapshot.getSchema().toJson().getBytes(StandardCharsets.UTF_8));
    files.forEach(f -> sha.update((f + "\n").getBytes(StandardCharsets.UTF_8)));
    return HexFormat.of().formatHex(sha.digest());
  }

  /**
   * Every row the partition filter selects ({@code null}: every row; deleted rows left out), with
   * only {@code columns} read: the visitor's batch holds them in that order, string columns as
   * their UTF-8 bytes ({@link Cells}).
   */
  void scan(Predicate filter, List<String> columns, RowVisitor visitor) {
    StructType schema = snapshot.getSchema();
    List<StructField> fields = new ArrayList<>();
    columns.forEach(c -> fields.add(schema.at(schema.indexOf(c))));
    Scan scan = builder(filter).withReadSchema(new StructType(fields)).build();
    if (scan.getRemainingFilter().isPresent()) {
      // Only partition filters are used: Kernel must apply them entirely by pruning files.
      throw new LoadException(name + ": filter " + filter + " is not on partition columns");
    }
    Row state = scan.getScanState(engine);
    StructType physical = stringsAsBytes(ScanStateRow.getPhysicalDataReadSchema(state));
    try (CloseableIterator<FilteredColumnarBatch> batches = scan.getScanFiles(engine)) {
      while (batches.hasNext()) {
        try (CloseableIterator<Row> files = batches.next().getRows()) {
          while (files.hasNext()) {
            readFile(state, physical, files.next(), visitor);
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void readFile(Row state, StructType physical, Row file, RowVisitor visitor)
      throws IOException {
    FileStatus status = InternalScanFileUtils.getAddFileStatus(file);
    CloseableIterator<ColumnarBatch> data =
        engine
            .getParquetHandler()
            .readParquetFiles(Utils.singletonCloseableIterator(status), physical, Optional.empty())
            .map(FileReadResult::getData);
    try (CloseableIterator<FilteredColumnarBatch> logical =
        Scan.transformPhysicalData(engine, state, file, data)) {
      while (logical.hasNext()) {
        FilteredColumnarBatch batch = logical.next();
        ColumnarBatch rows = batch.getData();
        ColumnVector live = batch.getSelectionVector().orElse(null);
        for (int i = 0, n = rows.getSize(); i < n; i++) {
          if (live == null || (!live.isNullAt(i) && live.getBoolean(i))) {
            visitor.row(rows, i);
          }
        }
      }
    }
  }

  /**
   * The physical schema with its string columns read as binary: Kernel's {@code getString} decodes
   * every value through a {@code CharsetDecoder}, and the dictionaries want the UTF-8 bytes anyway
   * (the Parquet reader is the same for both types).
   */
  private static StructType stringsAsBytes(StructType physical) {
    List<StructField> fields = new ArrayList<>();
    for (StructField f : physical.fields()) {
      fields.add(
          f.getDataType() instanceof StringType
              ? new StructField(f.getName(), BinaryType.BINARY, f.isNullable(), f.getMetadata())
              : f);
    }
    return new StructType(fields);
  }

  /** A scan of the whole table ({@code filter} null) or of the partitions it selects. */
  private ScanBuilder builder(Predicate filter) {
    ScanBuilder b = snapshot.getScanBuilder();
    return filter == null ? b : b.withFilter(filter);
  }

  /** Receives one live row: row {@code i} of {@code batch}. */
  interface RowVisitor {
    void row(ColumnarBatch batch, int i);
  }
}
