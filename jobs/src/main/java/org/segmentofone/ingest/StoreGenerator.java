package org.segmentofone.ingest;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The synthetic store as pure Spark transforms: catalog, persons with latent tastes, sessions,
 * events and the ground truth. Every draw is seeded by (seed, purpose, keys).
 *
 * <p>Behaviour planted for later checks: persons of one taste segment prefer the same leaves and
 * the same items within them (collaborative signal); consumables are re-bought (staples); anchors
 * pull their complement into the cart; registered persons log in on some sessions, guests leave an
 * email or sign up after buying; kiosks are shared by many customers; the treatment arm clicks and
 * converts better than control from the launch day on; an optional A/A experiment has no effect.
 */
public final class StoreGenerator {
  static final String CURRENCY = "EUR";

  private final CatalogSimulation catalog;
  private final ShopperSimulation shoppers;
  private final EventSimulation events;
  private final GroundTruth truth;

  public StoreGenerator(GenerateConfig cfg) {
    StoreLayout layout = new StoreLayout(cfg.products());
    this.catalog = new CatalogSimulation(cfg, layout);
    this.shoppers = new ShopperSimulation(cfg, layout);
    this.events = new EventSimulation(cfg, layout);
    this.truth = new GroundTruth(cfg, layout);
  }

  /** One row per product index: leaf, price, consumable flag, planted complement. */
  Dataset<Row> productDim(SparkSession spark) {
    return catalog.productDim(spark);
  }

  /** The catalog snapshot in the raw catalog contract. */
  public Dataset<Row> catalog(SparkSession spark) {
    return catalog.catalog(spark);
  }

  /** Ground truth: each anchor product and the complement shoppers buy with it. */
  public Dataset<Row> complements(SparkSession spark) {
    return catalog.complements(spark);
  }

  /** Persons with latent tastes and identifiers; {@code meanSessions} sets the activity. */
  Dataset<Row> persons(SparkSession spark, long count, double meanSessions) {
    return shoppers.persons(spark, count, meanSessions);
  }

  /** One row per session with its device, login state, intent and funnel decisions. */
  Dataset<Row> sessions(Dataset<Row> persons) {
    return shoppers.sessions(persons);
  }

  /** Raw events of the sessions plus {@code person_key} (ground truth, dropped before writing). */
  Dataset<Row> cleanEvents(Dataset<Row> sessions, Dataset<Row> productDim) {
    return events.cleanEvents(sessions, productDim);
  }

  /** Breaks a share of rows as real trackers do and delivers a share twice. */
  Dataset<Row> withDefects(Dataset<Row> clean) {
    return events.withDefects(clean);
  }

  Dataset<Row> truthIdentities(Dataset<Row> persons, Dataset<Row> sessions) {
    return truth.truthIdentities(persons, sessions);
  }

  Dataset<Row> truthPersons(Dataset<Row> persons) {
    return truth.truthPersons(persons);
  }

  Dataset<Row> truthExperiments(Dataset<Row> sessions) {
    return truth.truthExperiments(sessions);
  }

  Dataset<Row> truthSharedDevices(SparkSession spark) {
    return truth.truthSharedDevices(spark);
  }
}
