package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/** What the generator knows and the pipeline must find: true persons, tastes, kiosks. */
final class GroundTruth {
  private final GenerateConfig cfg;
  private final SeededRandom rnd;
  private final StoreLayout layout;

  GroundTruth(GenerateConfig cfg, StoreLayout layout) {
    this.cfg = cfg;
    this.rnd = new SeededRandom(cfg.seed());
    this.layout = layout;
  }

  /** Ground truth: the true person of every identifier (kiosks belong to nobody). */
  Dataset<Row> truthIdentities(Dataset<Row> persons, Dataset<Row> sessions) {
    Dataset<Row> devices =
        sessions
            .where(col("kiosk").unary_$bang())
            .select(
                lit("anonymous_id").as("id_type"),
                col("anonymous_id").as("id_value"),
                col("person_key"))
            .distinct();
    Dataset<Row> users =
        persons.select(
            lit("user_id").as("id_type"), col("user_id").as("id_value"), col("person_key"));
    Dataset<Row> emails =
        persons.select(
            lit("email").as("id_type"),
            lower(org.apache.spark.sql.functions.trim(col("email_raw"))).as("id_value"),
            col("person_key"));
    return devices.unionByName(users).unionByName(emails);
  }

  /** Ground truth: each person's segment, tastes (category paths), arm and consent. */
  Dataset<Row> truthPersons(Dataset<Row> persons) {
    return persons.select(
        col("person_key"),
        col("segment"),
        array(
                layout.leafStr(element_at(col("taste"), 1), false),
                layout.leafStr(element_at(col("taste"), 2), false),
                layout.leafStr(element_at(col("taste"), 3), false))
            .as("taste_categories"),
        array(lit(0.6), lit(0.3), lit(0.1)).as("taste_weights"),
        col("registered"),
        col("user_id"),
        col("consent"),
        col("arm"),
        col("sessions"));
  }

  Dataset<Row> truthSharedDevices(SparkSession spark) {
    return spark
        .range(0, cfg.kiosks())
        .select(concat(lit("kiosk-"), col("id").cast("string")).as("anonymous_id"));
  }
}
