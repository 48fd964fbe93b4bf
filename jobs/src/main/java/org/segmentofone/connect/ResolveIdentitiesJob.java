package org.segmentofone.connect;

import static org.apache.spark.sql.functions.lit;

import java.sql.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/**
 * {@code connect}: identifiers on {@code events} become persons. Writes {@code identity_edges},
 * {@code identity_map} and {@code identity_suspects}; all three are rebuilt from the events, so a
 * rerun gives the same tables.
 */
public final class ResolveIdentitiesJob implements Job<ResolveIdentitiesJob.Result> {
  private final SparkSession spark;
  private final ConnectConfig cfg;
  private final DeltaTables tables;

  /** Sizes of the identity graph and how many rounds the components took. */
  public record Result(long identifiers, long edges, long persons, long suspects, int rounds)
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
      return m;
    }

    @Override
    public String message() {
      return "%d identifiers, %d edges → %d persons in %d rounds; %d identifiers kept from linking"
          .formatted(identifiers, edges, persons, rounds, suspects);
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
    // Only what was known on the run date, so a rerun or backfill of an older date is reproducible.
    Dataset<Row> events =
        tables
            .read(Tables.EVENTS)
            .where(
                org.apache.spark.sql.functions.col("event_date").leq(Date.valueOf(run.runDate())));
    Dataset<Row> ids =
        ConnectTransforms.eventIdentifiers(events, cfg).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> shared = ConnectTransforms.sharedIdentifiers(ids, cfg);
      Dataset<Row> edges = ConnectTransforms.edges(ids, shared);
      long edgeCount = tables.overwrite(edges, Tables.IDENTITY_EDGES);
      Dataset<Row> nodes = ConnectTransforms.nodes(ids);
      ConnectedComponents.Result cc =
          ConnectedComponents.run(
              nodes, tables.read(Tables.IDENTITY_EDGES), cfg.maxIterations(), true);
      Date runDate = Date.valueOf(run.runDate());
      Dataset<Row> map =
          ConnectTransforms.identityMap(nodes, cc.components())
              .withColumn("run_date", lit(runDate));
      long identifiers = tables.overwrite(map, Tables.IDENTITY_MAP);
      long suspects =
          tables.overwrite(
              ConnectTransforms.suspects(shared, ConnectTransforms.blockedValues(events, cfg))
                  .withColumn("run_date", lit(runDate)),
              Tables.IDENTITY_SUSPECTS);
      long persons = tables.read(Tables.IDENTITY_MAP).select("person_id").distinct().count();
      return new Result(identifiers, edgeCount, persons, suspects, cc.rounds());
    } finally {
      ids.unpersist();
    }
  }
}
