package org.segmentofone.common;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DateType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.FloatType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;

import java.util.List;
import org.apache.spark.sql.types.StructType;

/**
 * The contracts of every table the pipeline writes (docs/tables.md describes them for analysts).
 * Jobs write through {@link DeltaTables}, which selects and casts exactly these columns.
 */
public final class Tables {
  private Tables() {}

  /** {@code events}: accepted, deduplicated events; raw email replaced by its salted hash. */
  public static final TableSpec EVENTS =
      new TableSpec(
          "events",
          new StructType()
              .add("event_id", StringType, false)
              .add("event_time", TimestampType, false)
              .add("event_type", StringType, false)
              .add("anonymous_id", StringType)
              .add("user_id", StringType)
              .add("email_hash", StringType)
              .add("session_id", StringType)
              .add("device_type", StringType)
              .add("product_id", StringType)
              .add("quantity", IntegerType)
              .add("price", DoubleType)
              .add("currency", StringType)
              .add("order_id", StringType)
              .add("search_query", StringType)
              .add("placement", StringType)
              .add("rec_id", StringType)
              .add("experiment", StringType)
              .add("arm", StringType)
              .add("consent_personalization", BooleanType)
              .add("source_file", StringType)
              .add("collected_run_id", StringType)
              .add("event_date", DateType, false),
          List.of("event_date"));

  /**
   * {@code quarantine}: every rejected input row with one reason and the raw row as JSON (raw email
   * replaced by its hash). Keyed by the raw partition date, so a re-read day replaces its rows.
   */
  public static final TableSpec QUARANTINE =
      new TableSpec(
          "quarantine",
          new StructType()
              .add("event_date", DateType, false)
              .add("run_date", DateType, false)
              .add("run_id", StringType, false)
              .add("source", StringType, false)
              .add("source_file", StringType)
              .add("reason", StringType, false)
              .add("raw", StringType)
              .add("event_id", StringType)
              .add("quarantined_at", TimestampType, false),
          List.of("event_date"));

  /**
   * {@code collected_files}: the manifest of raw files each collected date was built from, so a
   * file that arrives late (or is replaced) in an older partition is noticed and its date re-read.
   */
  public static final TableSpec COLLECTED_FILES =
      new TableSpec(
          "collected_files",
          new StructType()
              .add("event_date", DateType, false)
              .add("path", StringType, false)
              .add("size_bytes", LongType, false)
              .add("modified_at", TimestampType, false)
              .add("rows", LongType, false)
              .add("run_id", StringType, false)
              .add("run_date", DateType, false),
          List.of());

  /** {@code products}: the latest catalog snapshot, with the top-level category split out. */
  public static final TableSpec PRODUCTS =
      new TableSpec(
          "products",
          new StructType()
              .add("product_id", StringType, false)
              .add("title", StringType)
              .add("category", StringType)
              .add("top_category", StringType)
              .add("brand", StringType)
              .add("price", DoubleType)
              .add("in_stock", BooleanType)
              .add("created_at", TimestampType)
              .add("snapshot_date", DateType, false),
          List.of());

  /**
   * {@code identity_observations}: per event date, every identifier seen that day ({@code kind =
   * identifier}, {@code dst} null) and every pair seen on one event ({@code kind = link}), with the
   * fingerprint of the {@code events} files they were read from. Connect's incremental state: a
   * night re-reads only the dates whose files changed.
   */
  public static final TableSpec IDENTITY_OBSERVATIONS =
      new TableSpec(
          "identity_observations",
          new StructType()
              .add("kind", StringType, false)
              .add("src", StringType, false)
              .add("dst", StringType)
              .add("first_seen", TimestampType)
              .add("last_seen", TimestampType)
              .add("event_count", LongType)
              .add("events_fingerprint", StringType, false)
              .add("event_date", DateType, false),
          List.of("event_date"));

  /**
   * {@code identity_edges}: the graph as of each run date: two identifiers seen on one event, with
   * when and how often; {@code linked} is false when one end is a shared identifier.
   */
  public static final TableSpec IDENTITY_EDGES =
      new TableSpec(
          "identity_edges",
          new StructType()
              .add("src", StringType, false)
              .add("dst", StringType, false)
              .add("first_seen", TimestampType)
              .add("last_seen", TimestampType)
              .add("event_count", LongType)
              .add("linked", BooleanType, false)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /** {@code identity_map}: every known identifier and its person, one partition per run date. */
  public static final TableSpec IDENTITY_MAP =
      new TableSpec(
          "identity_map",
          new StructType()
              .add("id_type", StringType, false)
              .add("id_value", StringType, false)
              .add("person_id", StringType, false)
              .add("first_seen", TimestampType)
              .add("last_seen", TimestampType)
              .add("event_count", LongType)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /** {@code identity_suspects}: identifiers kept from linking (shared devices, blocked values). */
  public static final TableSpec IDENTITY_SUSPECTS =
      new TableSpec(
          "identity_suspects",
          new StructType()
              .add("id_type", StringType, false)
              .add("id_value", StringType, false)
              .add("reason", StringType, false)
              .add("distinct_users", LongType)
              .add("event_count", LongType)
              .add("first_seen", TimestampType)
              .add("last_seen", TimestampType)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /**
   * {@code identity_merges}: person ids that changed on a run date, old to new, with how many
   * identifiers moved and whether the old person was merged into another or split.
   */
  public static final TableSpec IDENTITY_MERGES =
      new TableSpec(
          "identity_merges",
          new StructType()
              .add("old_person_id", StringType, false)
              .add("new_person_id", StringType, false)
              .add("identifiers", LongType, false)
              .add("change", StringType, false)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /** {@code interactions}: implicit feedback per consenting person and product. */
  public static final TableSpec INTERACTIONS =
      new TableSpec(
          "interactions",
          new StructType()
              .add("person_id", StringType, false)
              .add("product_id", StringType, false)
              .add("confidence", DoubleType, false)
              .add("views", LongType)
              .add("carts", LongType)
              .add("purchases", LongType)
              .add("last_event_time", TimestampType)
              .add("run_date", DateType, false),
          List.of());

  /** {@code person_profile}: per person counts, categories, recency and consent. */
  public static final TableSpec PERSON_PROFILE =
      new TableSpec(
          "person_profile",
          new StructType()
              .add("person_id", StringType, false)
              .add("events", LongType)
              .add("product_events", LongType)
              .add("views", LongType)
              .add("carts", LongType)
              .add("purchases", LongType)
              .add("searches", LongType)
              .add("orders", LongType)
              .add("revenue", DoubleType)
              .add("first_seen", TimestampType)
              .add("last_seen", TimestampType)
              .add("top_categories", createArrayType(StringType))
              .add("consent", BooleanType)
              .add("run_date", DateType, false),
          List.of());

  /** {@code person_index}: dense int ids for ALS; existing ids keep their number. */
  public static final TableSpec PERSON_INDEX =
      new TableSpec(
          "person_index",
          new StructType().add("person_id", StringType, false).add("idx", IntegerType, false),
          List.of());

  /** {@code product_index}: dense int ids for ALS; existing ids keep their number. */
  public static final TableSpec PRODUCT_INDEX =
      new TableSpec(
          "product_index",
          new StructType().add("product_id", StringType, false).add("idx", IntegerType, false),
          List.of());

  /** {@code model_runs}: one row per trained model with its parameters and data counts. */
  public static final TableSpec MODEL_RUNS =
      new TableSpec(
          "model_runs",
          new StructType()
              .add("version", StringType, false)
              .add("run_date", DateType, false)
              .add("run_id", StringType, false)
              .add("path", StringType, false)
              .add("status", StringType, false)
              .add("rank", IntegerType)
              .add("reg_param", DoubleType)
              .add("alpha", DoubleType)
              .add("max_iter", IntegerType)
              .add("seed", LongType)
              .add("log_scale", BooleanType)
              .add("persons", LongType)
              .add("products", LongType)
              .add("interactions", LongType)
              .add("train_seconds", DoubleType)
              .add("created_at", TimestampType)
              // The same recipe trained on the data before the evaluation cutoff only: the
              // model the evaluate stage scores on the held-out days.
              .add("holdout_path", StringType)
              .add("cutoff", DateType)
              .add("tuning_candidates", IntegerType)
              .add("validation_ndcg", DoubleType)
              // Why the gate published or refused this version (null until evaluate ran).
              .add("gate_reason", StringType)
              // The hybrid: item-to-item neighbours (holdout and served), how they were scored
              // and blended with ALS (blend_weight 0 = ALS alone), its validation score, and the
              // seconds the served neighbours took to build.
              .add("neighbours_path", StringType)
              .add("holdout_neighbours_path", StringType)
              .add("similarity", StringType)
              .add("recency_half_life_days", DoubleType)
              .add("blend_weight", DoubleType)
              .add("hybrid_validation_ndcg", DoubleType)
              .add("item_to_item_seconds", DoubleType)
              .add("tuned_on", DateType)
              // A fingerprint of the settings that decide the search's outcome (grids, weights,
              // validation sample): a search is only reused for the same space.
              .add("search_space", StringType),
          List.of());

  /** {@code tuning_runs}: every hyper-parameter candidate of a training run and its score. */
  public static final TableSpec TUNING_RUNS =
      new TableSpec(
          "tuning_runs",
          new StructType()
              .add("model_version", StringType, false)
              .add("run_date", DateType, false)
              .add("candidate", IntegerType, false)
              .add("rank", IntegerType, false)
              .add("reg_param", DoubleType, false)
              .add("alpha", DoubleType, false)
              .add("log_scale", BooleanType, false)
              .add("max_iter", IntegerType, false)
              .add("metric", StringType, false)
              .add("k", IntegerType, false)
              .add("value", DoubleType, false)
              .add("validation_persons", LongType, false)
              .add("chosen", BooleanType, false)
              .add("seconds", DoubleType)
              // als: an ALS candidate; hybrid: the chosen ALS values blended with item-to-item
              .add("algorithm", StringType)
              .add("similarity", StringType)
              .add("recency_half_life_days", DoubleType)
              .add("blend_weight", DoubleType),
          List.of());

  /**
   * {@code evaluations}: offline metrics of the model and the baselines on the time-based holdout,
   * one row per (run date, algorithm, metric, K); K = 0 for metrics without a cut-off.
   */
  public static final TableSpec EVALUATIONS =
      new TableSpec(
          "evaluations",
          new StructType()
              .add("run_date", DateType, false)
              .add("model_version", StringType, false)
              .add("algorithm", StringType, false)
              .add("metric", StringType, false)
              .add("k", IntegerType, false)
              .add("value", DoubleType, false)
              .add("test_persons", LongType, false)
              .add("cutoff", DateType, false),
          List.of("run_date"));

  /** {@code recommendations}: top-N per person and run date, with source and reason. */
  public static final TableSpec RECOMMENDATIONS =
      new TableSpec(
          "recommendations",
          new StructType()
              .add("person_id", StringType, false)
              .add("placement", StringType, false)
              .add("rank", IntegerType, false)
              .add("product_id", StringType, false)
              .add("score", FloatType)
              .add("source", StringType, false)
              .add("reason", StringType)
              .add("model_version", StringType)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /**
   * {@code trending}: popular products with recency, overall ({@code scope = all}) and per
   * top-level category ({@code category:<name>}), after the home placement's rules, per run date.
   */
  public static final TableSpec TRENDING =
      new TableSpec(
          "trending",
          new StructType()
              .add("scope", StringType, false)
              .add("rank", IntegerType, false)
              .add("product_id", StringType, false)
              .add("score", DoubleType)
              .add("source", StringType)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /**
   * {@code similar_products}: the product page's list per product (ALS item-factor cosine blended
   * with co-view neighbours, after the pdp rules), per run date.
   */
  public static final TableSpec SIMILAR_PRODUCTS =
      new TableSpec(
          "similar_products",
          new StructType()
              .add("product_id", StringType, false)
              .add("rank", IntegerType, false)
              .add("similar_id", StringType, false)
              .add("score", DoubleType)
              .add("factor_part", DoubleType)
              .add("co_view_part", DoubleType)
              .add("source", StringType, false)
              .add("reason", StringType)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /**
   * {@code bought_together}: the cart's association rules product → complement with their orders,
   * support, confidence and lift (after the cart rules), per run date.
   */
  public static final TableSpec BOUGHT_TOGETHER =
      new TableSpec(
          "bought_together",
          new StructType()
              .add("product_id", StringType, false)
              .add("rank", IntegerType, false)
              .add("complement_id", StringType, false)
              .add("score", DoubleType)
              .add("orders", LongType)
              .add("support", DoubleType)
              .add("confidence", DoubleType)
              .add("lift", DoubleType)
              .add("source", StringType, false)
              .add("run_date", DateType, false),
          List.of("run_date"));

  /**
   * {@code erasures}: every identifier a {@code forget} request erased, as a salted SHA-256 (never
   * the value), so collect drops the person's events if they arrive again.
   */
  public static final TableSpec ERASURES =
      new TableSpec(
          "erasures",
          new StructType()
              .add("id_type", StringType, false)
              .add("id_hash", StringType, false)
              // true: named in the request; false: found as another identifier of the person.
              .add("requested", BooleanType, false)
              .add("erased_at", TimestampType, false)
              .add("run_date", DateType, false)
              .add("run_id", StringType, false),
          List.of());

  /**
   * {@code audit_checks}: the data-readiness audit of a run date: one row per check (its value,
   * thresholds, status and advice) and one verdict per section and overall ({@code check =
   * verdict}).
   */
  public static final TableSpec AUDIT_CHECKS =
      new TableSpec(
          "audit_checks",
          new StructType()
              .add("run_date", DateType, false)
              .add("section", StringType, false)
              .add("check", StringType, false)
              .add("value", DoubleType)
              .add("unit", StringType)
              .add("better", StringType)
              .add("threshold", DoubleType)
              .add("fail_threshold", DoubleType)
              .add("status", StringType, false)
              .add("advice", StringType)
              .add("detail", StringType),
          List.of("run_date"));

  /**
   * {@code experiment_readouts}: per run date, experiment, period (baseline / experiment), day of
   * the cumulative readout ({@code as_of}), arm and metric: the value with its interval and, for a
   * treatment arm, the relative lift over control with its interval, p-value and sensitivity.
   */
  public static final TableSpec EXPERIMENT_READOUTS =
      new TableSpec(
          "experiment_readouts",
          new StructType()
              .add("run_date", DateType, false)
              .add("experiment", StringType, false)
              .add("period", StringType, false)
              .add("window_start", DateType, false)
              .add("window_end", DateType, false)
              .add("as_of", DateType, false)
              .add("days", IntegerType, false)
              .add("arm", StringType, false)
              .add("metric", StringType, false)
              .add("value", DoubleType)
              .add("ci_low", DoubleType)
              .add("ci_high", DoubleType)
              .add("control_value", DoubleType)
              .add("lift", DoubleType)
              .add("lift_ci_low", DoubleType)
              .add("lift_ci_high", DoubleType)
              .add("p_value", DoubleType)
              .add("mde", DoubleType)
              .add("days_needed", LongType)
              .add("persons", LongType, false)
              .add("sessions", LongType, false)
              .add("mixed_persons", LongType, false)
              .add("srm_p_value", DoubleType),
          List.of("run_date"));
}
