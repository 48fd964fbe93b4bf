package org.segmentofone.connect;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.struct;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Never two user_ids in one person. A component that holds several user_ids (a couple's shared
 * laptop, an email used by two accounts) is split around them: every other identifier joins the
 * user_id it is closest to in the graph (fewest links), ties going to the user it was seen with
 * first, then to the stronger link, then to the smaller id. The lower-priority identifier that
 * bridged two customers so belongs to one of them and merges nobody, like Segment's identity rules;
 * every part stays connected. A breadth-first search from all user_ids at once on DataFrames, one
 * round per link of distance, over the conflicting components only.
 */
public final class UserConflicts {
  /** Node → group (the component, or the user_id node it was split around) and rounds taken. */
  public record Result(Dataset<Row> groups, int rounds, long conflicted) {}

  private UserConflicts() {}

  /**
   * @param components {@code node, component}
   * @param edges the links the components were built from: {@code src, dst, first_seen,
   *     event_count}
   */
  public static Result split(
      Dataset<Row> components, Dataset<Row> edges, int maxRounds, boolean checkpoint) {
    Dataset<Row> users =
        components.where(ConnectTransforms.idType(col("node")).equalTo(IdTypes.USER_ID));
    Dataset<Row> conflicted =
        users.groupBy("component").agg(count(lit(1)).as("_users")).where(col("_users").gt(1));
    conflicted = cut(conflicted.select("component"), checkpoint);
    long conflictedCount = conflicted.count();
    if (conflictedCount == 0) {
      return new Result(components.withColumnRenamed("component", "group"), 0, 0);
    }
    Dataset<Row> inConflict = components.join(conflicted, "component").select("node");
    Dataset<Row> both =
        edges
            .select(col("src").as("u"), col("dst").as("v"), col("first_seen"), col("event_count"))
            .union(
                edges.select(
                    col("dst").as("u"), col("src").as("v"), col("first_seen"), col("event_count")));
    Dataset<Row> adjacency =
        cut(
            both.join(inConflict, both.col("u").equalTo(inConflict.col("node")), "left_semi"),
            checkpoint);
    Dataset<Row> labelled =
        cut(
            users.join(conflicted, "component").select(col("node"), col("node").as("label")),
            checkpoint);
    Dataset<Row> frontier = labelled;
    int rounds = 0;
    while (true) {
      Dataset<Row> reached =
          frontier
              .join(adjacency, frontier.col("node").equalTo(adjacency.col("u")))
              .select(col("v").as("node"), col("label"), col("first_seen"), col("event_count"))
              .join(labelled.select("node"), "node", "left_anti")
              .groupBy("node")
              .agg(
                  min_by(
                          col("label"),
                          struct(col("first_seen"), col("event_count").multiply(-1), col("label")))
                      .as("label"));
      reached = cut(reached, checkpoint);
      if (reached.isEmpty()) {
        break;
      }
      if (++rounds > maxRounds) {
        throw new IllegalStateException(
            "splitting user_id conflicts did not finish in "
                + maxRounds
                + " rounds (connect.max-iterations)");
      }
      labelled = cut(labelled.union(reached), checkpoint);
      frontier = reached;
    }
    Dataset<Row> groups =
        components
            .join(labelled, "node", "left")
            .select(col("node"), coalesce(col("label"), col("component")).as("group"));
    return new Result(groups, rounds, conflictedCount);
  }

  private static Dataset<Row> cut(Dataset<Row> df, boolean checkpoint) {
    return checkpoint ? df.checkpoint(true) : df.localCheckpoint(true);
  }
}
