package org.segmentofone.recommend;

import org.segmentofone.common.ConfigReader;

/** Output size, fallback threshold and basic rules (config section {@code recommend}). */
public record RecommendConfig(
    int topN,
    int overfetch,
    int minEvents,
    int trendingDays,
    double trendingHalfLifeDays,
    boolean excludePurchased,
    boolean excludeOutOfStock) {

  public static RecommendConfig from(ConfigReader c) {
    return new RecommendConfig(
        c.intAtLeast("top-n", 1),
        c.intAtLeast("overfetch", 1),
        c.intAtLeast("min-events", 1),
        c.intAtLeast("trending-days", 1),
        c.positive("trending-half-life-days"),
        c.bool("exclude-purchased"),
        c.bool("exclude-out-of-stock"));
  }
}
