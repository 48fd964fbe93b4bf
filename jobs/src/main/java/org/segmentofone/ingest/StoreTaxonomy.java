package org.segmentofone.ingest;

import java.util.List;
import java.util.Map;

/**
 * The generated store's category tree: leaves with a share of the catalog, a price range, brands
 * and whether shoppers re-buy them; plus the planted complement pairs (phone → case). Fixed size,
 * so holding it on the driver does not grow with the data.
 */
final class StoreTaxonomy {
  record Leaf(
      String path,
      String noun,
      double share,
      double minPrice,
      double maxPrice,
      boolean consumable,
      List<String> brands) {
    String top() {
      return path.substring(0, path.indexOf(" > "));
    }
  }

  private static final List<String> TECH = List.of("Voltra", "Nimbus", "Kestrel", "Orbit");
  private static final List<String> HOME = List.of("Hearth & Co", "Maison Lune", "Brewhaus");
  private static final List<String> BEAUTY = List.of("Aurelle", "Petal Lab", "Nordic Dew");
  private static final List<String> FOOD = List.of("Campo Verde", "Golden Mill", "Leaf & Cup");
  private static final List<String> FASHION = List.of("Fjellby", "Urban Loom", "Stride");
  private static final List<String> SPORT = List.of("Apex Court", "Trailfox", "Zenflow");
  private static final List<String> KIDS = List.of("Brickwise", "Meeple House");
  private static final List<String> BOOKS = List.of("Harbour Press", "Quill Books");
  private static final List<String> PETS = List.of("Happy Paws", "Northpaw");

  private static final List<Leaf> LEAVES =
      List.of(
          new Leaf("Electronics > Phones > Smartphones", "Smartphone", 3, 199, 1299, false, TECH),
          new Leaf("Electronics > Phones > Phone Cases", "Phone Case", 3, 9, 49, false, TECH),
          new Leaf("Electronics > Computers > Laptops", "Laptop", 2, 399, 2499, false, TECH),
          new Leaf("Electronics > Computers > Laptop Bags", "Laptop Bag", 2, 19, 129, false, TECH),
          new Leaf("Electronics > Audio > Headphones", "Headphones", 3, 19, 399, false, TECH),
          new Leaf("Electronics > Audio > Speakers", "Speaker", 2, 29, 499, false, TECH),
          new Leaf(
              "Home & Kitchen > Coffee > Coffee Machines",
              "Coffee Machine",
              2,
              49,
              899,
              false,
              HOME),
          new Leaf("Home & Kitchen > Coffee > Coffee Beans", "Coffee Beans", 3, 6, 29, true, HOME),
          new Leaf("Home & Kitchen > Cookware > Pans", "Pan", 3, 15, 149, false, HOME),
          new Leaf("Home & Kitchen > Decor > Candles", "Candle", 3, 5, 39, true, HOME),
          new Leaf("Beauty > Hair > Shampoo", "Shampoo", 3, 4, 29, true, BEAUTY),
          new Leaf("Beauty > Hair > Conditioner", "Conditioner", 3, 4, 29, true, BEAUTY),
          new Leaf("Beauty > Skin > Moisturisers", "Moisturiser", 3, 8, 79, true, BEAUTY),
          new Leaf("Beauty > Makeup > Lipstick", "Lipstick", 3, 6, 39, false, BEAUTY),
          new Leaf("Grocery > Pantry > Pasta", "Pasta", 3, 1, 8, true, FOOD),
          new Leaf("Grocery > Pantry > Sauces", "Pasta Sauce", 3, 2, 9, true, FOOD),
          new Leaf("Grocery > Drinks > Tea", "Tea", 3, 3, 19, true, FOOD),
          new Leaf("Grocery > Snacks > Chocolate", "Chocolate", 3, 1, 12, true, FOOD),
          new Leaf("Fashion > Shoes > Sneakers", "Sneakers", 4, 39, 199, false, FASHION),
          new Leaf("Fashion > Shoes > Boots", "Boots", 3, 59, 299, false, FASHION),
          new Leaf("Fashion > Clothing > T-Shirts", "T-Shirt", 4, 9, 49, false, FASHION),
          new Leaf("Fashion > Clothing > Jackets", "Jacket", 3, 49, 399, false, FASHION),
          new Leaf("Fashion > Accessories > Sunglasses", "Sunglasses", 2, 19, 249, false, FASHION),
          new Leaf("Sports > Tennis > Rackets", "Tennis Racket", 2, 39, 299, false, SPORT),
          new Leaf("Sports > Tennis > Tennis Balls", "Tennis Balls", 2, 4, 19, true, SPORT),
          new Leaf("Sports > Running > Running Shoes", "Running Shoes", 3, 59, 229, false, SPORT),
          new Leaf("Sports > Fitness > Yoga Mats", "Yoga Mat", 2, 15, 99, false, SPORT),
          new Leaf(
              "Toys > Building > Construction Sets", "Construction Set", 2, 15, 199, false, KIDS),
          new Leaf("Toys > Games > Board Games", "Board Game", 2, 12, 89, false, KIDS),
          new Leaf("Books > Fiction > Novels", "Novel", 3, 7, 29, false, BOOKS),
          new Leaf("Books > Non-fiction > Cookbooks", "Cookbook", 2, 12, 49, false, BOOKS),
          new Leaf("Pets > Dog > Dog Food", "Dog Food", 2, 9, 79, true, PETS),
          new Leaf("Pets > Dog > Dog Toys", "Dog Toy", 2, 4, 29, false, PETS));

  /** Anchor leaf → complement leaf: buying an anchor often brings its complement along. */
  private static final Map<String, String> COMPLEMENTS =
      Map.of(
          "Smartphone", "Phone Case",
          "Laptop", "Laptop Bag",
          "Coffee Machine", "Coffee Beans",
          "Shampoo", "Conditioner",
          "Tennis Racket", "Tennis Balls",
          "Pasta", "Pasta Sauce",
          "Dog Food", "Dog Toy");

  private StoreTaxonomy() {}

  static List<Leaf> leaves() {
    return LEAVES;
  }

  /** The complement leaf index of each leaf, or -1. */
  static int complementOf(int leaf) {
    String target = COMPLEMENTS.get(LEAVES.get(leaf).noun());
    if (target == null) {
      return -1;
    }
    for (int i = 0; i < LEAVES.size(); i++) {
      if (LEAVES.get(i).noun().equals(target)) {
        return i;
      }
    }
    throw new IllegalStateException("complement leaf not in taxonomy: " + target);
  }

  /**
   * Splits {@code products} over the leaves by share (each leaf at least 2): the first product
   * index of every leaf, plus the total as the last element.
   */
  static int[] leafStarts(int products) {
    double total = LEAVES.stream().mapToDouble(Leaf::share).sum();
    int n = LEAVES.size();
    int[] counts = new int[n];
    int assigned = 0;
    for (int i = 0; i < n; i++) {
      counts[i] = Math.max(2, (int) Math.floor(products * LEAVES.get(i).share() / total));
      assigned += counts[i];
    }
    // Hand out the rounding remainder (or take back the excess) one product at a time.
    int i = 0;
    while (assigned != products) {
      int step = assigned < products ? 1 : -1;
      if (step > 0 || counts[i % n] > 2) {
        counts[i % n] += step;
        assigned += step;
      }
      i++;
    }
    int[] starts = new int[n + 1];
    for (int k = 0; k < n; k++) {
      starts[k + 1] = starts[k] + counts[k];
    }
    return starts;
  }
}
