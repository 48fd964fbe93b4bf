package org.segmentofone.connect;

import static org.apache.spark.sql.functions.col;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * From identity observations to persons: the usable identifiers, the shared ones, the graph, its
 * connected components, the split of components holding several user_ids, and the named persons.
 * Runs the component and split rounds (Spark actions); the identifiers, shared identifiers and
 * edges it returns are materialised once (checkpoints), so writing them and the map reads no event
 * twice.
 */
public final class IdentityGraph {
  /**
   * @param identifiers every identifier: {@code node, first_seen, last_seen, event_count, blocked}
   * @param shared identifiers that link nobody: {@code node, distinct_users, reason}
   * @param edges the graph, {@code linked} false where a shared identifier is an end
   * @param map {@code id_type, id_value, person_id, first_seen, last_seen, event_count}
   */
  public record Resolution(
      Dataset<Row> identifiers,
      Dataset<Row> shared,
      Dataset<Row> edges,
      Dataset<Row> map,
      int componentRounds,
      long conflictedComponents,
      int splitRounds) {

    /** Identity suspects: shared and blocked identifiers. */
    public Dataset<Row> suspects() {
      return ConnectTransforms.suspects(shared, identifiers);
    }

    public void release() {
      identifiers.unpersist();
      shared.unpersist();
      edges.unpersist();
    }
  }

  private IdentityGraph() {}

  /** Materialises a frame used several times and cuts its lineage (each reuse reads it back). */
  private static Dataset<Row> cut(Dataset<Row> df, boolean checkpoint) {
    return checkpoint ? df.checkpoint(true) : df.localCheckpoint(true);
  }

  /**
   * @param observations {@code identity_observations} rows of the dates that count
   * @param checkpoint reliable checkpoints between rounds (a checkpoint directory must be set);
   *     false uses local checkpoints (tests)
   */
  public static Resolution resolve(
      Dataset<Row> observations, ConnectConfig cfg, boolean checkpoint) {
    Dataset<Row> identifiers = cut(ConnectTransforms.identifiers(observations, cfg), checkpoint);
    Dataset<Row> shared = cut(ConnectTransforms.sharedIdentifiers(observations, cfg), checkpoint);
    Dataset<Row> edges = cut(ConnectTransforms.edges(observations, shared, cfg), checkpoint);
    Dataset<Row> linked = edges.where(col("linked")).drop("linked");
    Dataset<Row> usable = identifiers.where(col("blocked").unary_$bang()).drop("blocked");
    ConnectedComponents.Result cc =
        ConnectedComponents.run(usable.select("node"), linked, cfg.maxIterations(), checkpoint);
    UserConflicts.Result split =
        UserConflicts.split(cc.components(), linked, cfg.maxIterations(), checkpoint);
    return new Resolution(
        identifiers,
        shared,
        edges,
        ConnectTransforms.identityMap(usable, split.groups()),
        cc.rounds(),
        split.conflicted(),
        split.rounds());
  }
}
