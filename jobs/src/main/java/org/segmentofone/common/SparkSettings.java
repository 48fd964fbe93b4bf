package org.segmentofone.common;

import java.util.Map;

/** How the SparkSession is built when spark-submit did not decide already. */
public record SparkSettings(
    String master, String appName, int shufflePartitions, Map<String, String> settings) {

  public static SparkSettings from(ConfigReader c) {
    return new SparkSettings(
        c.nonBlank("master"),
        c.nonBlank("app-name"),
        c.intAtLeast("shuffle-partitions", 1),
        Map.copyOf(c.stringMap("settings")));
  }
}
