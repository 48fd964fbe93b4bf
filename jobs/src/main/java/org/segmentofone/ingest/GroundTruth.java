package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.element_at;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.pow;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

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

  /**
   * Ground truth of the experiments: what was planted (the uplift of a filled cart's conversion,
   * the launch) and the conversion lift it means for sessions, computed exactly from each
   * post-launch session of an exposed person: P(purchase | arm) = conversion(arm) · (1 − P(no cart
   * kept | arm)), the cart odds of every page known. The A/A experiment's lift is 0.
   */
  Dataset<Row> truthExperiments(Dataset<Row> sessions) {
    GenerateConfig.Experiment e = cfg.experiment();
    Column keptPage = lit(1 - EventSimulation.REMOVE_RATE);
    Column staple =
        col("staple_visit")
            .and(StoreLayout.leafConst(layout.consumables(), col("intent")).equalTo(1));
    Column firstPage =
        lit(1)
            .minus(
                when(staple, lit(EventSimulation.STAPLE_CART))
                    .otherwise(EventSimulation.PAGE_CART)
                    .multiply(keptPage));
    Column noKeep =
        firstPage.multiply(
            pow(
                lit(1).minus(keptPage.multiply(EventSimulation.PAGE_CART)),
                col("n_views").minus(1)));
    Column imp = when(col("impression"), lit(1.0)).otherwise(lit(0.0));
    Column pControl =
        lit(cfg.conversionRate())
            .multiply(
                lit(1)
                    .minus(
                        noKeep.multiply(
                            lit(1)
                                .minus(
                                    imp.multiply(
                                        e.controlCtr()
                                            * (1 - EventSimulation.REMOVE_RATE)
                                            * EventSimulation.REC_CART_CONTROL)))));
    Column pTreatment =
        lit(cfg.conversionRate() * (1 + e.treatmentUplift()))
            .multiply(
                lit(1)
                    .minus(
                        noKeep.multiply(
                            lit(1)
                                .minus(
                                    imp.multiply(
                                        e.treatmentCtr()
                                            * (1 - EventSimulation.REMOVE_RATE)
                                            * EventSimulation.REC_CART_TREATMENT)))));
    Dataset<Row> launched = sessions.where(col("launched"));
    Dataset<Row> exposed = launched.where(col("impression")).select("person").distinct();
    Row r =
        launched
            .join(exposed, "person")
            .agg(
                sum(pTreatment).as("t"),
                sum(pControl).as("c"),
                count(lit(1)).as("sessions"),
                countDistinct(col("person")).as("persons"))
            .head();
    double expected =
        r.isNullAt(1) || r.getDouble(1) == 0 ? Double.NaN : r.getDouble(0) / r.getDouble(1) - 1;
    java.time.LocalDate launch = cfg.endDate().minusDays(cfg.days() - 1L - e.launchDay());
    List<Row> rows = new ArrayList<>();
    rows.add(
        RowFactory.create(
            e.name(),
            e.salt(),
            java.sql.Date.valueOf(launch),
            e.treatmentShare(),
            e.treatmentUplift(),
            expected,
            r.getLong(2),
            r.getLong(3)));
    if (cfg.hasNullExperiment()) {
      rows.add(
          RowFactory.create(
              cfg.nullExperiment(),
              cfg.nullExperimentSalt(),
              java.sql.Date.valueOf(launch),
              e.treatmentShare(),
              0.0,
              0.0,
              r.getLong(2),
              r.getLong(3)));
    }
    return sessions.sparkSession().createDataFrame(rows, EXPERIMENTS);
  }

  private static final StructType EXPERIMENTS =
      new StructType()
          .add("experiment", DataTypes.StringType)
          .add("salt", DataTypes.StringType)
          .add("launch_date", DataTypes.DateType)
          .add("treatment_share", DataTypes.DoubleType)
          .add("planted_conversion_uplift", DataTypes.DoubleType)
          .add("expected_conversion_lift", DataTypes.DoubleType)
          .add("exposed_sessions", DataTypes.LongType)
          .add("exposed_persons", DataTypes.LongType);

  Dataset<Row> truthSharedDevices(SparkSession spark) {
    return spark
        .range(0, cfg.kiosks())
        .select(concat(lit("kiosk-"), col("id").cast("string")).as("anonymous_id"));
  }
}
