package org.segmentofone.common;

import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** Builds the one SparkSession of a run. Settings given to spark-submit win (setIfMissing). */
public final class SparkSessions {
  private SparkSessions() {}

  public static SparkSession create(SparkSettings settings, PathsConfig paths) {
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", settings.master());
    conf.setIfMissing("spark.app.name", settings.appName());
    conf.setIfMissing("spark.sql.shuffle.partitions", String.valueOf(settings.shufflePartitions()));
    conf.setIfMissing("spark.sql.extensions", "io.delta.sql.DeltaSparkSessionExtension");
    conf.setIfMissing(
        "spark.sql.catalog.spark_catalog", "org.apache.spark.sql.delta.catalog.DeltaCatalog");
    conf.setIfMissing("spark.serializer", "org.apache.spark.serializer.KryoSerializer");
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    // Checkpoints (connected components, ALS) are removed once no longer referenced.
    conf.setIfMissing("spark.cleaner.referenceTracking.cleanCheckpoints", "true");
    settings.settings().forEach(conf::setIfMissing);
    // Event dates are UTC by contract; a session in another zone would shift partitions.
    conf.set("spark.sql.session.timeZone", "UTC");
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    spark.sparkContext().setCheckpointDir(paths.checkpoint());
    return spark;
  }
}
