package org.segmentofone.recommend;

import java.util.List;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/**
 * Merchandising rules of one placement (config {@code recommend.rules.<placement>} over {@code
 * recommend.rules.default}). Category prefixes match whole levels of the category path: {@code
 * "Electronics > Phones"} matches {@code "Electronics > Phones > Cases"}, not {@code "Electronics >
 * Phonesets"}.
 *
 * @param excludedCategories products under these category prefixes never appear
 * @param excludeOutOfStock leave out products whose {@code in_stock} is false
 * @param excludePurchased leave out products the person bought (home placement only)
 * @param repeatableCategories bought products under these prefixes may be offered again
 * @param priceFloor leave out products cheaper than this (and unpriced ones when above 0)
 * @param maxPerCategory at most this many products of one category per list (0 = no limit)
 * @param boosts multiplicative score factors
 * @param pinned products placed first in every list of the placement, in this order
 */
public record RulesConfig(
    List<String> excludedCategories,
    boolean excludeOutOfStock,
    boolean excludePurchased,
    List<String> repeatableCategories,
    double priceFloor,
    int maxPerCategory,
    List<Boost> boosts,
    List<String> pinned) {

  /**
   * Multiplies the score of products matching every condition given: a brand, a category prefix,
   * created within the last {@code newArrivalDays} days of the run date (0 = no condition).
   */
  public record Boost(String brand, String category, int newArrivalDays, double factor) {}

  public RulesConfig {
    excludedCategories = List.copyOf(excludedCategories);
    repeatableCategories = List.copyOf(repeatableCategories);
    boosts = List.copyOf(boosts);
    pinned = List.copyOf(pinned);
  }

  /** The same rules without pinned products (lists that must not carry them). */
  public RulesConfig withoutPins() {
    return new RulesConfig(
        excludedCategories,
        excludeOutOfStock,
        excludePurchased,
        repeatableCategories,
        priceFloor,
        maxPerCategory,
        boosts,
        List.of());
  }

  /** A category path with its level separators written as {@code " > "}. */
  static String path(String category) {
    return category.strip().replaceAll("\\s*>\\s*", " > ");
  }

  /** No rule at all: every candidate passes unchanged. */
  public static RulesConfig none() {
    return new RulesConfig(List.of(), false, false, List.of(), 0, 0, List.of(), List.of());
  }

  public static RulesConfig from(ConfigReader c) {
    return new RulesConfig(
        prefixes(c, "excluded-categories"),
        c.bool("exclude-out-of-stock"),
        c.bool("exclude-purchased"),
        prefixes(c, "repeatable-categories"),
        c.nonNegative("price-floor"),
        c.intAtLeast("max-per-category", 0),
        c.sections("boosts").stream().map(RulesConfig::boost).toList(),
        c.strings("pinned"));
  }

  private static List<String> prefixes(ConfigReader c, String key) {
    List<String> values = c.strings(key);
    for (String v : values) {
      if (v.isBlank() || v.strip().endsWith(">")) {
        throw new ConfigException(
            c.key(key) + " must list category paths like \"A > B\", got '" + v + "'");
      }
    }
    return values;
  }

  private static Boost boost(ConfigReader b) {
    String brand = b.has("brand") ? b.nonBlank("brand") : null;
    String category = b.has("category") ? b.nonBlank("category") : null;
    int days = b.has("new-arrival-days") ? b.intAtLeast("new-arrival-days", 1) : 0;
    if (brand == null && category == null && days == 0) {
      throw new ConfigException(
          b.path() + " needs at least one of brand, category, new-arrival-days");
    }
    return new Boost(brand, category, days, b.positive("factor"));
  }
}
