package org.segmentofone.common;

import java.util.Map;

/** How the SparkSession is built when spark-submit did not decide already. */
public record SparkSettings(
    String master, String appName, int shufflePartitions, Map<String, String> settings) {

  /** Spark settings may hold credentials (object storage keys): those are not printed. */
  @Override
  public String toString() {
    Map<String, String> shown = new java.util.TreeMap<>();
    settings.forEach(
        (k, v) ->
            shown.put(
                k,
                k.matches("(?i).*(secret|password|token|credential|access\\.key).*")
                    ? "<redacted>"
                    : v));
    return "SparkSettings[master=%s, appName=%s, shufflePartitions=%d, settings=%s]"
        .formatted(master, appName, shufflePartitions, shown);
  }

  public static SparkSettings from(ConfigReader c) {
    return new SparkSettings(
        c.nonBlank("master"),
        c.nonBlank("app-name"),
        c.intAtLeast("shuffle-partitions", 1),
        Map.copyOf(c.stringMap("settings")));
  }
}
