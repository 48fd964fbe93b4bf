package org.segmentofone.connect;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.array_compact;
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
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.window;

import java.util.regex.Pattern;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

/**
 * Pure transforms of connect. Identifiers are nodes keyed {@code type:value}; two identifiers on
 * one event are a link; persons are the connected components of the links that no guardrail
 * removed, split so that no person holds two user_ids, and named after their best member.
 */
public final class ConnectTransforms {
  /** {@code identity_observations.kind} of an identifier seen on its own. */
  public static final String IDENTIFIER = "identifier";

  /** {@code identity_observations.kind} of two identifiers seen on one event. */
  public static final String LINK = "link";

  public static final String BLOCKED_VALUE = "blocked_value";
  public static final String SHARED_DEVICE = "shared_device";
  public static final String SHARED_EMAIL = "shared_email";

  /** {@code identity_merges.change}: the old person's identifiers now belong to several persons. */
  public static final String SPLIT = "split";

  /** {@code identity_merges.change}: the new person took identifiers of several old persons. */
  public static final String MERGED = "merged";

  /** {@code identity_merges.change}: one old person became one new person under a better name. */
  public static final String RENAMED = "renamed";

  private ConnectTransforms() {}

  /** The node key of an identifier: {@code type:value}. */
  public static Column nodeKey(String type, Column value) {
    return concat(lit(type + ":"), value);
  }

  /** The node key of an identifier whose type is a column ({@code id_type} of identity_map). */
  public static Column nodeKey(Column type, Column value) {
    return concat(type, lit(":"), value);
  }

  public static Column idType(Column node) {
    return substring_index(node, ":", 1);
  }

  public static Column idValue(Column node) {
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

  static Column blockedNode(Column node, ConnectConfig cfg) {
    return isBlocked(idValue(node), cfg);
  }

  /**
   * What one day of events says about identity: each identifier seen ({@code kind = identifier})
   * and each pair of identifiers on one event ({@code kind = link}, the higher-priority type as
   * {@code src}), with first and last time and event count per event date. Values are trimmed;
   * blocked values are kept here and left out when the graph is built, so a change to the blocked
   * list applies without re-reading events.
   */
  public static Dataset<Row> observations(Dataset<Row> events) {
    Column user = key(IdTypes.USER_ID, col("user_id"));
    Column email = key(IdTypes.EMAIL_HASH, col("email_hash"));
    Column anon = key(IdTypes.ANONYMOUS_ID, col("anonymous_id"));
    Dataset<Row> ids =
        events.select(
            col("event_date"),
            col("event_time"),
            user.as("user"),
            email.as("email"),
            anon.as("anon"));
    Dataset<Row> single =
        ids.select(
            col("event_date"),
            col("event_time"),
            lit(IDENTIFIER).as("kind"),
            explode(array_compact(array(col("user"), col("email"), col("anon")))).as("src"),
            lit(null).cast("string").as("dst"));
    Dataset<Row> pairs =
        ids.select(
                col("event_date"),
                col("event_time"),
                explode(
                        array_compact(
                            array(
                                pair(col("user"), col("email")),
                                pair(col("user"), col("anon")),
                                pair(col("email"), col("anon")))))
                    .as("p"))
            .select(
                col("event_date"),
                col("event_time"),
                lit(LINK).as("kind"),
                col("p.src").as("src"),
                col("p.dst").as("dst"));
    return single
        .unionByName(pairs)
        .groupBy("event_date", "kind", "src", "dst")
        .agg(
            min("event_time").as("first_seen"),
            max("event_time").as("last_seen"),
            count(lit(1)).as("event_count"));
  }

  private static Column key(String type, Column value) {
    return when(value.isNotNull(), nodeKey(type, trim(value)));
  }

  private static Column pair(Column a, Column b) {
    return when(a.isNotNull().and(b.isNotNull()), struct(a.as("src"), b.as("dst")));
  }

  /** Every identifier over all observed dates: first and last seen, events, whether blocked. */
  public static Dataset<Row> identifiers(Dataset<Row> observations, ConnectConfig cfg) {
    return observations
        .where(col("kind").equalTo(IDENTIFIER))
        .groupBy(col("src").as("node"))
        .agg(
            min("first_seen").as("first_seen"),
            max("last_seen").as("last_seen"),
            sum("event_count").as("event_count"))
        .withColumn("blocked", blockedNode(col("node"), cfg));
  }

  /** Link observations whose two ends are both usable (not blocked), one row per day and pair. */
  static Dataset<Row> usableLinks(Dataset<Row> observations, ConnectConfig cfg) {
    return observations
        .where(col("kind").equalTo(LINK))
        .where(blockedNode(col("src"), cfg).unary_$bang())
        .where(blockedNode(col("dst"), cfg).unary_$bang());
  }

  /**
   * Shared identifiers: a device that carried more distinct user_ids than {@code
   * max-users-per-device}, or more distinct email hashes than {@code max-emails-per-device} (a shop
   * tablet where guests leave their emails), or an email carried by more user_ids than {@code
   * max-users-per-email}, within some {@code shared-window-days} consecutive days. They stay
   * identifiers of their own but link nobody, so a kiosk cannot merge its shoppers; a family laptop
   * that changed hands over two years is not shared. Only identifiers above a limit over all time
   * are windowed (a day at a time), so the cost follows the few candidates, not the graph. {@code
   * distinct_users} is the worst window's count of what broke the limit.
   */
  public static Dataset<Row> sharedIdentifiers(Dataset<Row> observations, ConnectConfig cfg) {
    Dataset<Row> links = usableLinks(observations, cfg);
    // Who "owns" each device or email on a day: the user_ids, and for devices the emails.
    Dataset<Row> ownerDays =
        links
            .where(idType(col("src")).equalTo(IdTypes.USER_ID))
            .select(col("dst").as("node"), col("src").as("owner"), col("event_date"))
            .unionByName(
                links
                    .where(idType(col("src")).equalTo(IdTypes.EMAIL_HASH))
                    .where(idType(col("dst")).equalTo(IdTypes.ANONYMOUS_ID))
                    .select(col("dst").as("node"), col("src").as("owner"), col("event_date")))
            .distinct();
    Dataset<Row> candidates =
        counts(ownerDays.groupBy("node")).where(overLimit(cfg)).select("node");
    Dataset<Row> worst =
        counts(
                ownerDays
                    .join(candidates, "node", "left_semi")
                    .withColumn(
                        "w",
                        window(
                            col("event_date").cast("timestamp"),
                            cfg.sharedWindowDays() + " days",
                            "1 day"))
                    .groupBy("node", "w"))
            .groupBy("node")
            .agg(max("users").as("users"), max("emails").as("emails"));
    Column type = idType(col("node"));
    Column byUsers =
        col("users")
            .gt(
                when(type.equalTo(IdTypes.ANONYMOUS_ID), cfg.maxUsersPerDevice())
                    .otherwise(cfg.maxUsersPerEmail()));
    return worst
        .where(overLimit(cfg))
        .select(
            col("node"),
            when(byUsers, col("users")).otherwise(col("emails")).as("distinct_users"),
            when(type.equalTo(IdTypes.ANONYMOUS_ID), lit(SHARED_DEVICE))
                .otherwise(lit(SHARED_EMAIL))
                .as("reason"));
  }

  private static Dataset<Row> counts(RelationalGroupedDataset owners) {
    Column owner = col("owner");
    return owners.agg(
        countDistinct(when(idType(owner).equalTo(IdTypes.USER_ID), owner)).as("users"),
        countDistinct(when(idType(owner).equalTo(IdTypes.EMAIL_HASH), owner)).as("emails"));
  }

  private static Column overLimit(ConnectConfig cfg) {
    Column type = idType(col("node"));
    return type.equalTo(IdTypes.ANONYMOUS_ID)
        .and(
            col("users").gt(cfg.maxUsersPerDevice()).or(col("emails").gt(cfg.maxEmailsPerDevice())))
        .or(type.equalTo(IdTypes.EMAIL_HASH).and(col("users").gt(cfg.maxUsersPerEmail())));
  }

  /**
   * The identity graph: every pair of usable identifiers seen together, with first and last time
   * and events over all dates; {@code linked} is false when one end is shared.
   */
  public static Dataset<Row> edges(
      Dataset<Row> observations, Dataset<Row> shared, ConnectConfig cfg) {
    Dataset<Row> sharedNodes = shared.select(col("node").as("_shared"));
    Dataset<Row> graph =
        usableLinks(observations, cfg)
            .groupBy("src", "dst")
            .agg(
                min("first_seen").as("first_seen"),
                max("last_seen").as("last_seen"),
                sum("event_count").as("event_count"));
    return graph
        .join(sharedNodes.as("s1"), col("src").equalTo(col("s1._shared")), "left")
        .join(sharedNodes.as("s2"), col("dst").equalTo(col("s2._shared")), "left")
        .select(
            col("src"),
            col("dst"),
            col("first_seen"),
            col("last_seen"),
            col("event_count"),
            col("s1._shared").isNull().and(col("s2._shared").isNull()).as("linked"));
  }

  /**
   * The identity map: each usable identifier with its person. A person is named after its best
   * member (user_id before email_hash before anonymous_id, then the smallest value), so the id
   * stays the same night after night unless a merge or split really happened.
   *
   * @param identifiers usable identifiers: {@code node, first_seen, last_seen, event_count}
   * @param groups {@code node, group}: the person each identifier belongs to, by any label
   */
  public static Dataset<Row> identityMap(Dataset<Row> identifiers, Dataset<Row> groups) {
    Column priority =
        when(idType(col("node")).equalTo(IdTypes.USER_ID), lit(0))
            .when(idType(col("node")).equalTo(IdTypes.EMAIL_HASH), lit(1))
            .otherwise(lit(2));
    Dataset<Row> labelled = identifiers.join(groups, "node");
    Dataset<Row> names =
        labelled
            .groupBy("group")
            .agg(min_by(col("node"), struct(priority, col("node"))).as("best"))
            .select(col("group"), personId(col("best")).as("person_id"));
    return labelled
        .join(names, "group")
        .select(
            idType(col("node")).as("id_type"),
            idValue(col("node")).as("id_value"),
            col("person_id"),
            col("first_seen"),
            col("last_seen"),
            col("event_count"));
  }

  /** A person id derived from its best identifier: short, opaque and stable. */
  public static Column personId(Column bestNode) {
    return concat(lit("p-"), substring(sha2(bestNode, 256), 1, 20));
  }

  /**
   * Person ids that changed between two maps, old to new, with the identifiers that moved: {@code
   * split} when the old person's identifiers now belong to several persons, {@code merged} when the
   * new person took identifiers of several old persons, {@code renamed} otherwise (one person under
   * a better name, e.g. an anonymous visitor who logged in for the first time).
   */
  public static Dataset<Row> merges(Dataset<Row> previousMap, Dataset<Row> currentMap) {
    Dataset<Row> moved =
        previousMap
            .select(col("id_type"), col("id_value"), col("person_id").as("old_person_id"))
            .join(
                currentMap.select(
                    col("id_type"), col("id_value"), col("person_id").as("new_person_id")),
                new String[] {"id_type", "id_value"})
            .groupBy("old_person_id", "new_person_id")
            .agg(count(lit(1)).as("identifiers"));
    Dataset<Row> fanOut = moved.groupBy("old_person_id").agg(count(lit(1)).as("_new_persons"));
    Dataset<Row> fanIn = moved.groupBy("new_person_id").agg(count(lit(1)).as("_old_persons"));
    return moved
        .join(fanOut, "old_person_id")
        .join(fanIn, "new_person_id")
        .where(col("old_person_id").notEqual(col("new_person_id")))
        .select(
            col("old_person_id"),
            col("new_person_id"),
            col("identifiers"),
            when(col("_new_persons").gt(1), lit(SPLIT))
                .when(col("_old_persons").gt(1), lit(MERGED))
                .otherwise(lit(RENAMED))
                .as("change"));
  }

  /** Suspects in the shape of the identity_suspects table: shared and blocked identifiers. */
  public static Dataset<Row> suspects(Dataset<Row> shared, Dataset<Row> identifiers) {
    Dataset<Row> sharedRows =
        shared
            .join(identifiers, "node")
            .select(
                col("node"),
                col("reason"),
                col("distinct_users"),
                col("event_count"),
                col("first_seen"),
                col("last_seen"));
    Dataset<Row> blockedRows =
        identifiers
            .where(col("blocked"))
            .select(
                col("node"),
                lit(BLOCKED_VALUE).as("reason"),
                lit(null).cast("long").as("distinct_users"),
                col("event_count"),
                col("first_seen"),
                col("last_seen"));
    return sharedRows
        .unionByName(blockedRows)
        .select(
            idType(col("node")).as("id_type"),
            idValue(col("node")).as("id_value"),
            col("reason"),
            col("distinct_users"),
            col("event_count"),
            col("first_seen"),
            col("last_seen"));
  }
}
