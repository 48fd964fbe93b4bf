package org.segmentofone.bench;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import java.io.File;
import java.sql.Date;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.AppConfig;
import org.segmentofone.collect.CollectTransforms;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ConnectTransforms;
import org.segmentofone.connect.ConnectedComponents;
import org.segmentofone.connect.IdentityQuality;

/**
 * Identity quality for bench/identity: the identity maps connect wrote for two consecutive nights
 * against the generator's ground truth, next to the in-run baseline of plain connected components
 * over every edge (no shared-device limit, no user_id split). Args: warehouse truth-folder
 * previous-date last-date [config-file].
 */
public final class IdentityBench {
  private IdentityBench() {}

  public static void main(String[] args) {
    String warehouse = args[0];
    String truthDir = args[1];
    Date previous = Date.valueOf(args[2]);
    Date last = Date.valueOf(args[3]);
    AppConfig config = AppConfig.load(args.length > 4 ? new File(args[4]) : null, Map.of());
    PathsConfig paths =
        new PathsConfig(warehouse, warehouse, warehouse, warehouse + "/_checkpoints_bench");
    SparkSession spark =
        SparkSessions.create(new SparkSettings("local[*]", "identity-bench", 16, Map.of()), paths);
    try {
      DeltaTables tables = new DeltaTables(spark, paths);
      Dataset<Row> truth = truth(spark, truthDir, config.collect().emailSalt()).cache();
      Dataset<Row> kiosks =
          spark
              .read()
              .parquet(truthDir + "/shared_devices")
              .select(lit("anonymous_id").as("id_type"), col("anonymous_id").as("id_value"));
      Dataset<Row> edges = tables.read(Tables.IDENTITY_EDGES);
      Dataset<Row> map =
          tables.read(Tables.IDENTITY_MAP).where(col("run_date").equalTo(last)).cache();

      IdentityQuality.Report guarded = IdentityQuality.evaluate(map, truth, edges, kiosks);
      IdentityQuality.Report naive =
          IdentityQuality.evaluate(naiveMap(map, edges), truth, edges, kiosks);
      Dataset<Row> newLinks =
          tables
              .read(Tables.IDENTITY_OBSERVATIONS)
              .where(col("event_date").equalTo(last).and(col("kind").equalTo("link")))
              .selectExpr("explode(array(src, dst)) AS node");
      IdentityQuality.Stability stable =
          IdentityQuality.stability(
              tables.read(Tables.IDENTITY_MAP).where(col("run_date").equalTo(previous)),
              map,
              newLinks);

      System.out.printf(
          "%-34s %12s %10s %10s %12s %12s %14s%n",
          "map", "identifiers", "persons", "precision", "recall", "over_merged", "kiosk_merges");
      print("connect (guardrails, split)", guarded);
      print("baseline: plain components", naive);
      System.out.printf(
          "truth: %d persons; pairs predicted %d, correct %d, observable %d, found %d%n",
          guarded.truthPersons(),
          guarded.predictedPairs(),
          guarded.correctPairs(),
          guarded.observablePairs(),
          guarded.foundPairs());
      System.out.printf(
          "stability %s -> %s: %d of %d identifiers kept their person id (%.4f); where no new link"
              + " arrived %d of %d (%.4f)%n",
          previous,
          last,
          stable.unchanged(),
          stable.common(),
          stable.unchangedShare(),
          stable.untouchedUnchanged(),
          stable.untouched(),
          stable.untouchedUnchangedShare());
    } finally {
      spark.stop();
    }
  }

  private static void print(String name, IdentityQuality.Report r) {
    System.out.printf(
        "%-34s %12d %10d %10.4f %12.4f %12d %14d%n",
        name,
        r.identifiers(),
        r.persons(),
        r.precision(),
        r.recall(),
        r.overMergedPersons(),
        r.sharedDeviceMerges());
  }

  /** The truth's identifiers as connect keys them: emails hashed with the store's salt. */
  private static Dataset<Row> truth(SparkSession spark, String dir, String salt) {
    Dataset<Row> raw = spark.read().parquet(dir + "/identities");
    return raw.select(
        when(col("id_type").equalTo("email"), lit("email_hash"))
            .otherwise(col("id_type"))
            .as("id_type"),
        when(col("id_type").equalTo("email"), CollectTransforms.hashEmail(col("id_value"), salt))
            .otherwise(col("id_value"))
            .as("id_value"),
        col("person_key").cast("string").as("person_key"));
  }

  /** The baseline: every identifier's component over all edges, kiosks included, no split. */
  private static Dataset<Row> naiveMap(Dataset<Row> map, Dataset<Row> edges) {
    Dataset<Row> nodes =
        map.select(ConnectTransforms.nodeKey(col("id_type"), col("id_value")).as("node"));
    return ConnectedComponents.run(nodes, edges.select("src", "dst"), 60, true)
        .components()
        .select(
            ConnectTransforms.idType(col("node")).as("id_type"),
            ConnectTransforms.idValue(col("node")).as("id_value"),
            col("component").as("person_id"));
  }
}
