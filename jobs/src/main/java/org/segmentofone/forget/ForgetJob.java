package org.segmentofone.forget;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code forget}: erases the persons behind the requested identifiers from every table that holds
 * person-level rows and from the saved models, records the erasure (hashed) so collect drops their
 * events if they come again, and VACUUMs so older table versions no longer hold the rows.
 */
public final class ForgetJob implements Job<ForgetJob.Result> {
  private static final Logger LOG = LoggerFactory.getLogger(ForgetJob.class);
  private final SparkSession spark;
  private final PathsConfig paths;
  private final ForgetConfig cfg;
  private final String salt;
  private final List<Identifier> request;
  private final DeltaTables tables;

  /** What one erasure did: who it found, rows deleted per table, models and tables purged. */
  public record Result(
      int requested,
      List<String> unknown,
      int persons,
      int identifiers,
      Map<String, Long> deleted,
      int modelsRewritten,
      List<String> vacuumed,
      long erasuresRecorded)
      implements JobResult {
    @Override
    public long rowsIn() {
      return requested;
    }

    @Override
    public long rowsOut() {
      return deleted.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>(deleted);
      m.put("erasures", erasuresRecorded);
      return m;
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("requested", (long) requested);
      m.put("unknown", (long) unknown.size());
      m.put("persons", (long) persons);
      m.put("identifiers", (long) identifiers);
      deleted.forEach((t, n) -> m.put("deleted:" + t, n));
      m.put("models_rewritten", (long) modelsRewritten);
      m.put("tables_vacuumed", (long) vacuumed.size());
      return m;
    }

    @Override
    public String message() {
      return "%d identifier(s) requested%s: %d person(s), %d identifier(s) erased; rows deleted %s; %d model(s) rewritten; %d table(s) vacuumed"
          .formatted(
              requested,
              unknown.isEmpty() ? "" : " (" + unknown.size() + " never seen, still recorded)",
              persons,
              identifiers,
              deleted,
              modelsRewritten,
              vacuumed.size());
    }
  }

  public ForgetJob(SparkSession spark, PathsConfig paths, ForgetConfig cfg, String emailSalt) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.salt = emailSalt;
    this.request = cfg.identifiers(emailSalt);
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "forget";
  }

  @Override
  public Result run(RunContext run) {
    PersonResolver.Resolution who = PersonResolver.resolve(tables, request);
    LOG.info(
        "forget: {} identifier(s) requested, {} person(s) and {} identifier(s) found",
        request.size(),
        who.persons().size(),
        who.identifierCount());
    Set<Integer> factorIds = factorIds(who.persons());
    Map<String, Long> deleted = new LinkedHashMap<>();
    List<String> vacuumed = new ArrayList<>();
    Purge purge = new Purge(spark);
    for (PersonalData.Target t : PersonalData.targets(who)) {
      if (tables.exists(t.spec())) {
        deleted.put(t.spec().name(), deleteRows(tables.path(t.spec()), t));
      }
    }
    int models = purge.dropUserFactors(paths.table("models"), factorIds);
    long recorded = recordErasures(who, run);
    for (Map.Entry<String, Long> d : deleted.entrySet()) {
      if (d.getValue() > 0) {
        purge.vacuum(paths.table(d.getKey()), cfg.vacuumRetentionHours());
        vacuumed.add(d.getKey());
      }
    }
    purge.clearCheckpoints(paths.checkpoint());
    return new Result(
        request.size(),
        who.unknown().stream().map(Identifier::type).toList(),
        who.persons().size(),
        who.identifierCount(),
        deleted,
        models,
        vacuumed,
        recorded);
  }

  /** The persons' ALS row numbers, read before person_index loses them. */
  private Set<Integer> factorIds(Set<String> persons) {
    Set<Integer> ids = new TreeSet<>();
    if (persons.isEmpty() || !tables.exists(Tables.PERSON_INDEX)) {
      return ids;
    }
    for (Row r :
        tables
            .read(Tables.PERSON_INDEX)
            .where(col("person_id").isin(persons.toArray()))
            .select("idx")
            .collectAsList()) {
      ids.add(r.getInt(0));
    }
    return ids;
  }

  /** Deletes the target's rows; the count comes from Delta's own commit metrics. */
  private long deleteRows(String path, PersonalData.Target t) {
    DeltaTable table = DeltaTable.forPath(spark, path);
    long before = table.history(1).select("version").head().getLong(0);
    table.delete(t.rows());
    Row last = table.history(1).select("version", "operation", "operationMetrics").head();
    if (last.getLong(0) == before || !"DELETE".equals(last.getString(1))) {
      return 0;
    }
    Map<String, String> metrics = last.getJavaMap(2);
    return Long.parseLong(metrics.getOrDefault("numDeletedRows", "0"));
  }

  /** Appends the hashes not yet in {@code erasures} (a retried request adds nothing). */
  private long recordErasures(PersonResolver.Resolution who, RunContext run) {
    Set<String> requestedKeys = new TreeSet<>();
    request.forEach(id -> requestedKeys.add(id.nodeKey()));
    List<Row> rows = new ArrayList<>();
    Timestamp at = Timestamp.from(run.now());
    Date date = Date.valueOf(run.runDate());
    who.identifiers()
        .forEach(
            (type, values) ->
                values.forEach(
                    v -> {
                      Identifier id = new Identifier(type, v);
                      rows.add(
                          RowFactory.create(
                              type,
                              Erasures.idHash(salt, id),
                              requestedKeys.contains(id.nodeKey()),
                              at,
                              date,
                              run.runId()));
                    }));
    Dataset<Row> fresh =
        spark
            .createDataFrame(rows, Tables.ERASURES.schema())
            .join(tables.readOrEmpty(Tables.ERASURES).select("id_hash"), "id_hash", "left_anti");
    if (fresh.isEmpty()) {
      return 0;
    }
    return tables.append(fresh, Tables.ERASURES);
  }
}
