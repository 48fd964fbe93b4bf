package org.segmentofone.recommend;

import org.segmentofone.common.ConfigReader;

/**
 * Config section {@code recommend}: list sizes, the fallback ladder's threshold, retention, the
 * trending, similar-products and bought-together settings, and each placement's rules.
 *
 * @param topN products per person on the home placement
 * @param overfetch model candidates per person = topN × overfetch, before the rules
 * @param minEvents product events from which a person gets the model's list
 * @param keepDays run dates older than this many days before the run date are deleted
 * @param reasonHistory the most recent touched products a model pick's reason is chosen from
 */
public record RecommendConfig(
    int topN,
    int overfetch,
    int minEvents,
    int keepDays,
    int reasonHistory,
    TrendingConfig trending,
    SimilarConfig similar,
    BoughtTogetherConfig boughtTogether,
    RulesConfig home,
    RulesConfig pdp,
    RulesConfig cart) {

  /** Trending: weighted events of the last {@code days} days, halved every half-life. */
  public record TrendingConfig(int days, double halfLifeDays) {}

  /**
   * The product page: {@code neighbours} per product after the rules, from {@code factorNeighbours}
   * nearest by item factors (0 = co-views only) and the co-view neighbours, mixed with {@code
   * coViewWeight} (0 = factors only, 1 = co-views only).
   */
  public record SimilarConfig(int neighbours, int factorNeighbours, double coViewWeight) {}

  /**
   * The cart: {@code topK} complements per product from the orders of the last {@code days} days
   * (orders above {@code maxBasket} products skipped); a rule needs {@code minOrders} orders with
   * both, and at least {@code minConfidence} and {@code minLift}.
   */
  public record BoughtTogetherConfig(
      int topK, int days, int maxBasket, int minOrders, double minConfidence, double minLift) {}

  public int candidates() {
    return topN * overfetch;
  }

  public static RecommendConfig from(ConfigReader c) {
    ConfigReader t = c.section("trending");
    ConfigReader s = c.section("similar");
    ConfigReader b = c.section("bought-together");
    ConfigReader rules = c.section("rules");
    return new RecommendConfig(
        c.intAtLeast("top-n", 1),
        c.intAtLeast("overfetch", 1),
        c.intAtLeast("min-events", 1),
        c.intAtLeast("keep-days", 1),
        c.intAtLeast("reason-history", 1),
        new TrendingConfig(t.intAtLeast("days", 1), t.positive("half-life-days")),
        new SimilarConfig(
            s.intAtLeast("neighbours", 1),
            s.intAtLeast("factor-neighbours", 0),
            s.fraction("co-view-weight")),
        new BoughtTogetherConfig(
            b.intAtLeast("top-k", 1),
            b.intAtLeast("days", 1),
            b.intAtLeast("max-basket", 2),
            b.intAtLeast("min-orders", 1),
            b.fraction("min-confidence"),
            b.nonNegative("min-lift")),
        RulesConfig.from(rules.sectionOver("home", "default")),
        RulesConfig.from(rules.sectionOver("pdp", "default")),
        RulesConfig.from(rules.sectionOver("cart", "default")));
  }
}
