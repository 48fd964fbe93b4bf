package org.segmentofone.connect;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DateFingerprints;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageFailedException;
import org.segmentofone.common.Tables;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code connect}: identifiers on {@code events} become persons.
 *
 * <p>Incremental: {@code identity_observations} holds, per event date, the identifiers and links
 * that date's events carry, with the fingerprint of the {@code events} files they came from. A
 * night re-reads only the dates whose files changed (the new day, late data, an erasure) and
 * rebuilds the graph from the stored observations; {@code connect.full-rebuild} re-reads them all.
 * Only dates up to the run date count, so a rerun or backfill of an older date is reproducible.
 *
 * <p>Writes {@code identity_edges} (the graph), and for the run date {@code identity_map}, {@code
 * identity_suspects} and {@code identity_merges} (persons whose id changed since the previous run
 * date's map). Rerunning a date gives the same tables.
 */
public final class ResolveIdentitiesJob implements Job<ResolveIdentitiesJob.Result> {
  private static final Logger LOG = LoggerFactory.getLogger(ResolveIdentitiesJob.class);
  private final SparkSession spark;
  private final ConnectConfig cfg;
  private final DeltaTables tables;

  /** Sizes of the identity graph, the rounds it took and what changed since the last run. */
  public record Result(
      long datesRead,
      long identifiers,
      long edges,
      long linkedEdges,
      long persons,
      long suspects,
      int componentRounds,
      long conflictedComponents,
      int splitRounds,
      long personChanges)
      implements JobResult {
    @Override
    public long rowsIn() {
      return identifiers;
    }

    @Override
    public long rowsOut() {
      return identifiers;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("identity_edges", edges);
      m.put("identity_map", identifiers);
      m.put("identity_suspects", suspects);
      m.put("identity_merges", personChanges);
      return m;
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("dates_read", datesRead);
      m.put("identifiers", identifiers);
      m.put("edges", edges);
      m.put("linked_edges", linkedEdges);
      m.put("persons", persons);
      m.put("suspects", suspects);
      m.put("component_rounds", (long) componentRounds);
      m.put("conflicted_components", conflictedComponents);
      m.put("split_rounds", (long) splitRounds);
      m.put("person_changes", personChanges);
      return m;
    }

    @Override
    public String message() {
      return ("%d identifiers, %d edges (%d linking) → %d persons in %d rounds; %d components"
              + " with several user_ids split in %d rounds; %d identifiers kept from linking;"
              + " %d person id changes; %d event dates read")
          .formatted(
              identifiers,
              edges,
              linkedEdges,
              persons,
              componentRounds,
              conflictedComponents,
              splitRounds,
              suspects,
              personChanges,
              datesRead);
    }
  }

  public ResolveIdentitiesJob(SparkSession spark, PathsConfig paths, ConnectConfig cfg) {
    this.spark = spark;
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "connect";
  }

  @Override
  public Result run(RunContext run) {
    LocalDate runDate = run.runDate();
    Date day = Date.valueOf(runDate);
    long datesRead = refreshObservations(runDate);

    Dataset<Row> observations =
        tables
            .read(Tables.IDENTITY_OBSERVATIONS)
            .where(col("event_date").leq(day))
            .persist(StorageLevel.MEMORY_AND_DISK());
    IdentityGraph.Resolution graph = null;
    try {
      graph = IdentityGraph.resolve(observations, cfg, true);
      LOG.info(
          "connected components converged in {} rounds; {} components held several user_ids,"
              + " split in {} rounds",
          graph.componentRounds(),
          graph.conflictedComponents(),
          graph.splitRounds());
      String thisRun = "run_date = '" + runDate + "'";
      long edges =
          tables.replaceWhere(
              graph.edges().withColumn("run_date", lit(day)), Tables.IDENTITY_EDGES, thisRun);
      long identifierCount =
          tables.replaceWhere(
              graph.map().withColumn("run_date", lit(day)), Tables.IDENTITY_MAP, thisRun);
      long suspects =
          tables.replaceWhere(
              graph.suspects().withColumn("run_date", lit(day)), Tables.IDENTITY_SUSPECTS, thisRun);
      Dataset<Row> map = tables.read(Tables.IDENTITY_MAP).where(col("run_date").equalTo(day));
      long changes =
          tables.replaceWhere(
              previousMap(runDate)
                  .map(prev -> ConnectTransforms.merges(prev, map))
                  .orElseGet(this::emptyMerges)
                  .withColumn("run_date", lit(day)),
              Tables.IDENTITY_MERGES,
              thisRun);
      dropOldRuns(runDate);
      long persons = map.select("person_id").distinct().count();
      long linkedCount = graph.edges().where(col("linked")).count();
      return new Result(
          datesRead,
          identifierCount,
          edges,
          linkedCount,
          persons,
          suspects,
          graph.componentRounds(),
          graph.conflictedComponents(),
          graph.splitRounds(),
          changes);
    } finally {
      if (graph != null) {
        graph.release();
      }
      observations.unpersist();
    }
  }

  /**
   * The identity map connect wrote for a run date: what consume and recommend join events with.
   *
   * @throws StageFailedException when connect has not run for that date
   */
  public static Dataset<Row> mapFor(DeltaTables tables, LocalDate runDate) {
    if (!tables.partitionDates(Tables.IDENTITY_MAP, "run_date").contains(runDate)) {
      throw new StageFailedException(
          "identity_map has no persons for run date %s: run `connect --run-date %s` first"
              .formatted(runDate, runDate),
          Map.of());
    }
    return tables.read(Tables.IDENTITY_MAP).where(col("run_date").equalTo(Date.valueOf(runDate)));
  }

  /**
   * Re-reads the event dates (up to the run date) whose {@code events} files changed since they
   * were observed, and drops observations of dates no longer in {@code events}. Returns the number
   * of dates read.
   */
  private long refreshObservations(LocalDate runDate) {
    SortedMap<LocalDate, String> current =
        new TreeMap<>(DateFingerprints.of(tables.read(Tables.EVENTS).inputFiles()))
            .headMap(runDate.plusDays(1));
    Map<LocalDate, String> observed = observedFingerprints(runDate);
    TreeSet<LocalDate> toRead = new TreeSet<>();
    for (Map.Entry<LocalDate, String> e : current.entrySet()) {
      if (cfg.fullRebuild() || !e.getValue().equals(observed.get(e.getKey()))) {
        toRead.add(e.getKey());
      }
    }
    TreeSet<LocalDate> toReplace = new TreeSet<>(toRead);
    for (LocalDate d : observed.keySet()) {
      if (!current.containsKey(d)) {
        toReplace.add(d);
      }
    }
    if (toReplace.isEmpty()) {
      LOG.info("identity observations are up to date with events ({} dates)", current.size());
      if (!tables.exists(Tables.IDENTITY_OBSERVATIONS)) {
        // No event up to the run date yet: an empty graph, so every output is written empty.
        tables.overwrite(
            spark.createDataFrame(List.<Row>of(), Tables.IDENTITY_OBSERVATIONS.schema()),
            Tables.IDENTITY_OBSERVATIONS);
      }
      return 0;
    }
    LOG.info(
        "observing {} event dates ({} .. {}); {} dates removed from events",
        toRead.size(),
        toRead.isEmpty() ? "-" : toRead.first(),
        toRead.isEmpty() ? "-" : toRead.last(),
        toReplace.size() - toRead.size());
    List<Date> readDates = toRead.stream().map(Date::valueOf).toList();
    Dataset<Row> events =
        tables.read(Tables.EVENTS).where(col("event_date").isin(readDates.toArray()));
    Dataset<Row> fresh =
        ConnectTransforms.observations(events)
            .join(broadcast(fingerprints(current, toRead)), "event_date");
    String predicate =
        "event_date IN ("
            + toReplace.stream().map(d -> "'" + d + "'").collect(Collectors.joining(", "))
            + ")";
    tables.replaceWhere(fresh, Tables.IDENTITY_OBSERVATIONS, predicate);
    return toRead.size();
  }

  /** The fingerprint each observed date was read with (dates up to the run date). */
  private Map<LocalDate, String> observedFingerprints(LocalDate runDate) {
    Map<LocalDate, String> out = new TreeMap<>();
    if (!tables.exists(Tables.IDENTITY_OBSERVATIONS)) {
      return out;
    }
    // One row per date: metadata-sized, not data-sized.
    for (Row r :
        tables
            .read(Tables.IDENTITY_OBSERVATIONS)
            .where(col("event_date").leq(Date.valueOf(runDate)))
            .select("event_date", "events_fingerprint")
            .distinct()
            .collectAsList()) {
      out.put(r.getDate(0).toLocalDate(), r.getString(1));
    }
    return out;
  }

  private Dataset<Row> fingerprints(Map<LocalDate, String> current, TreeSet<LocalDate> dates) {
    List<Row> rows = new ArrayList<>();
    for (LocalDate d : dates) {
      rows.add(RowFactory.create(Date.valueOf(d), current.get(d)));
    }
    StructType schema =
        new StructType()
            .add("event_date", DataTypes.DateType, false)
            .add("events_fingerprint", DataTypes.StringType, false);
    return spark.createDataFrame(rows, schema);
  }

  /** The map of the newest earlier run date still kept, if any. */
  private Optional<Dataset<Row>> previousMap(LocalDate runDate) {
    SortedSet<LocalDate> earlier =
        tables.partitionDates(Tables.IDENTITY_MAP, "run_date").headSet(runDate);
    return earlier.isEmpty()
        ? Optional.empty()
        : Optional.of(
            tables
                .read(Tables.IDENTITY_MAP)
                .where(col("run_date").equalTo(Date.valueOf(earlier.last()))));
  }

  private Dataset<Row> emptyMerges() {
    StructType schema = new StructType();
    for (var f : Tables.IDENTITY_MERGES.schema().fields()) {
      if (!f.name().equals("run_date")) {
        schema = schema.add(f);
      }
    }
    return spark.createDataFrame(List.<Row>of(), schema);
  }

  /**
   * Drops run dates more than {@code connect.keep-days} days before this one (later ones stay, so a
   * backfill never deletes newer runs).
   */
  private void dropOldRuns(LocalDate runDate) {
    LocalDate cutoff = runDate.minusDays(cfg.keepDays());
    boolean any =
        !tables
            .partitionDates(Tables.IDENTITY_MAP, "run_date")
            .headSet(cutoff.plusDays(1))
            .isEmpty();
    if (any) {
      String older = "run_date <= '" + cutoff + "'";
      tables.delete(Tables.IDENTITY_EDGES, older);
      tables.delete(Tables.IDENTITY_MAP, older);
      tables.delete(Tables.IDENTITY_SUSPECTS, older);
      tables.delete(Tables.IDENTITY_MERGES, older);
    }
  }
}
