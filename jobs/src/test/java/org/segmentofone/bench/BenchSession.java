package org.segmentofone.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.AppConfig;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.SparkSessions;
import org.segmentofone.common.SparkSettings;

/** A bench's config (reference plus key=value overrides) and its local session on a work dir. */
record BenchSession(AppConfig config, SparkSession spark, PathsConfig paths) {

  /** Config overrides are {@code args[from..]} as {@code key=value}. */
  static BenchSession start(String name, String work, String[] args, int from) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (int i = from; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      overrides.put(kv[0], kv[1]);
    }
    AppConfig config = AppConfig.load(null, overrides);
    PathsConfig paths = new PathsConfig(work, work, work + "/warehouse", work + "/checkpoints");
    SparkSession spark =
        SparkSessions.create(
            new SparkSettings(
                "local[*]",
                name,
                config.spark().shufflePartitions(),
                Map.of("spark.ui.enabled", "false")),
            paths);
    return new BenchSession(config, spark, paths);
  }
}
