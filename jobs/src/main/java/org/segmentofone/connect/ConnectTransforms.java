package org.segmentofone.connect;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.explode;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.min_by;
import static org.apache.spark.sql.functions.sha2;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.apache.spark.sql.functions.substring_index;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/**
 * Pure transforms of connect. Identifiers are nodes keyed {@code type:value}; two identifiers on
 * one event are an edge; persons are connected components, named after their best member.
 */
public final class ConnectTransforms {
  public static final String BLOCKED_VALUE = "blocked_value";
  public static final String SHARED_DEVICE = "shared_device";
  public static final String SHARED_EMAIL = "shared_email";

  private ConnectTransforms() {}

  /** The node key of an identifier: {@code type:value}. */
  public static Column nodeKey(String type, Column value) {
    return concat(lit(type + ":"), value);
  }

  static Column idType(Column node) {
    return substring_index(node, ":", 1);
  }

  static Column idValue(Column node) {
    return node.substr(length(idType(node)).plus(2), lit(Integer.MAX_VALUE));
  }

  /** True when a value must never link anything (blocked list or pattern). */
  static Column isBlocked(Column value, ConnectConfig cfg) {
    Column norm = lower(trim(value));
    Column blocked = norm.isin(cfg.blockedValues().toArray());
    for (Pattern p : cfg.blockedPatterns()) {
      blocked = blocked.or(norm.rlike(p.pattern()));
    }
    return value.isNotNull().and(blocked);
  }

  /**
   * One row per event with its usable identifiers as node keys ({@code user}, {@code email}, {@code
   * anon}; null when absent or blocked) and the event time.
   */
  public static Dataset<Row> eventIdentifiers(Dataset<Row> events, ConnectConfig cfg) {
    return events.select(
        col("event_time"),
        usable(IdTypes.USER_ID, col("user_id"), cfg).as("user"),
        usable(IdTypes.EMAIL_HASH, col("email_hash"), cfg).as("email"),
        usable(IdTypes.ANONYMOUS_ID, col("anonymous_id"), cfg).as("anon"));
  }

  private static Column usable(String type, Column value, ConnectConfig cfg) {
    return when(
        value.isNotNull().and(isBlocked(value, cfg).unary_$bang()), nodeKey(type, trim(value)));
  }

  /** Identifier values that were blocked, with how many events carried them (for the audit). */
  public static Dataset<Row> blockedValues(Dataset<Row> events, ConnectConfig cfg) {
    List<Dataset<Row>> parts = new ArrayList<>();
    for (String type : IdTypes.BY_PRIORITY) {
      parts.add(
          events
              .where(isBlocked(col(type), cfg))
              .groupBy(col(type).as("id_value"))
              .agg(count(lit(1)).as("event_count"))
              .select(
                  lit(type).as("id_type"),
                  col("id_value"),
                  lit(BLOCKED_VALUE).as("reason"),
                  lit(null).cast("long").as("distinct_users"),
                  col("event_count")));
    }
    return parts.stream().reduce(Dataset::unionByName).orElseThrow();
  }

  /**
   * Shared identifiers: a device (or email) that carried more distinct user_ids than allowed. They
   * stay nodes of their own but bridge nobody, so a kiosk cannot merge its shoppers.
   */
  public static Dataset<Row> sharedIdentifiers(Dataset<Row> ids, ConnectConfig cfg) {
    Dataset<Row> devices =
        ids.where(col("anon").isNotNull())
            .groupBy(col("anon").as("node"))
            .agg(countDistinct(col("user")).as("distinct_users"), count(lit(1)).as("event_count"))
            .where(col("distinct_users").gt(cfg.maxUsersPerDevice()))
            .withColumn("reason", lit(SHARED_DEVICE));
    Dataset<Row> emails =
        ids.where(col("email").isNotNull())
            .groupBy(col("email").as("node"))
            .agg(countDistinct(col("user")).as("distinct_users"), count(lit(1)).as("event_count"))
            .where(col("distinct_users").gt(cfg.maxUsersPerEmail()))
            .withColumn("reason", lit(SHARED_EMAIL));
    return devices.unionByName(emails);
  }

  /**
   * Edges between identifiers seen on one event: the event's best identifier to each other one.
   * Shared identifiers take part in no edge.
   */
  public static Dataset<Row> edges(Dataset<Row> ids, Dataset<Row> shared) {
    Dataset<Row> sharedNodes = shared.select(col("node").as("_shared"));
    Dataset<Row> linkable = ids;
    for (String c : List.of("email", "anon")) {
      linkable =
          linkable
              .join(sharedNodes, col(c).equalTo(col("_shared")), "left")
              .withColumn(c, when(col("_shared").isNull(), col(c)))
              .drop("_shared");
    }
    Column best = coalesce(col("user"), col("email"), col("anon"));
    Column others =
        array_compact(
            array(
                when(col("user").isNotNull(), col("email")),
                when(col("user").isNotNull().or(col("email").isNotNull()), col("anon"))));
    return linkable
        .select(best.as("src"), explode(others).as("dst"), col("event_time"))
        .groupBy("src", "dst")
        .agg(
            min("event_time").as("first_seen"),
            max("event_time").as("last_seen"),
            count(lit(1)).as("event_count"));
  }

  /** Every identifier (shared ones included) with first and last time seen. */
  public static Dataset<Row> nodes(Dataset<Row> ids) {
    return ids.select(
            explode(array_compact(array(col("user"), col("email"), col("anon")))).as("node"),
            col("event_time"))
        .groupBy("node")
        .agg(min("event_time").as("first_seen"), max("event_time").as("last_seen"));
  }

  /**
   * The identity map: each identifier with its person. A person is named after its component's best
   * member (user_id before email_hash before anonymous_id, then the smallest value), so the id
   * stays the same night after night unless a merge or split really happened.
   */
  public static Dataset<Row> identityMap(Dataset<Row> nodes, Dataset<Row> components) {
    Column priority =
        when(idType(col("node")).equalTo(IdTypes.USER_ID), lit(0))
            .when(idType(col("node")).equalTo(IdTypes.EMAIL_HASH), lit(1))
            .otherwise(lit(2));
    Dataset<Row> labelled = nodes.join(components, "node");
    Dataset<Row> names =
        labelled
            .groupBy("component")
            .agg(min_by(col("node"), struct(priority, col("node"))).as("best"))
            .select(col("component"), personId(col("best")).as("person_id"));
    return labelled
        .join(names, "component")
        .select(
            idType(col("node")).as("id_type"),
            idValue(col("node")).as("id_value"),
            col("person_id"),
            col("first_seen"),
            col("last_seen"));
  }

  /** A person id derived from its best identifier: short, opaque and stable. */
  public static Column personId(Column bestNode) {
    return concat(lit("p-"), substring(sha2(bestNode, 256), 1, 20));
  }

  /** Suspects in the shape of the identity_suspects table. */
  public static Dataset<Row> suspects(Dataset<Row> shared, Dataset<Row> blocked) {
    return shared
        .select(
            idType(col("node")).as("id_type"),
            idValue(col("node")).as("id_value"),
            col("reason"),
            col("distinct_users"),
            col("event_count"))
        .unionByName(blocked);
  }
}
