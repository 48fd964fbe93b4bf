package org.segmentofone.consume;

import java.util.Map;
import java.util.Set;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;
import org.segmentofone.common.EventTypes;

/** Implicit-feedback weighting (config section {@code consume}). */
public record ConsumeConfig(
    Map<String, Double> weights,
    double halfLifeDays,
    int dailyCap,
    int personDailyCap,
    int windowDays) {

  public static ConsumeConfig from(ConfigReader c) {
    Map<String, Double> weights = c.doubles("weights");
    Set<String> known = EventTypes.ALL;
    weights.forEach(
        (type, w) -> {
          if (!known.contains(type)) {
            throw new ConfigException(
                c.key("weights." + type) + " is not an event type; known types: " + known);
          }
          if (Double.isNaN(w) || Double.isInfinite(w)) {
            throw new ConfigException(
                c.key("weights." + type) + " must be a finite number, got " + w);
          }
        });
    if (weights.values().stream().noneMatch(w -> w > 0)) {
      throw new ConfigException(
          c.key("weights") + " must give at least one event type a positive weight");
    }
    double view = weights.getOrDefault(EventTypes.PRODUCT_VIEW, 0.0);
    double cart = weights.getOrDefault(EventTypes.ADD_TO_CART, 0.0);
    double purchase = weights.getOrDefault(EventTypes.PURCHASE, 0.0);
    if (!(purchase > cart && cart > view)) {
      throw new ConfigException(
          c.key("weights")
              + " must rank purchase > add_to_cart > product_view, got "
              + purchase
              + ", "
              + cart
              + ", "
              + view);
    }
    return new ConsumeConfig(
        Map.copyOf(weights),
        c.positive("half-life-days"),
        c.intAtLeast("daily-cap", 1),
        c.intAtLeast("person-daily-cap", 1),
        c.intAtLeast("window-days", 1));
  }
}
