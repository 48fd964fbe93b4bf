package org.segmentofone.lookup.api;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.segmentofone.lookup.store.RankedLists;
import org.segmentofone.lookup.store.Snapshot;

/**
 * Complements of a whole cart, as {@code BoughtTogether.forCart} of the jobs combines the cart
 * rules: a product's score is the chance that at least one cart item brings it along, 1 − Π(1 −
 * confidence) over the cart items with a rule to it; products in the cart are left out.
 * Merchandiser pins come first (in their list order), then the highest score, then the product id.
 */
final class CartCombiner {
  static final String PINNED = "pinned";

  /**
   * One complement: its product code and id, the combined score (NaN when only pins lead to it),
   * whether it is pinned (and its best pin position), and the cart products that lead to it.
   */
  record Complement(
      int product, String productId, double score, int pinRank, TreeSet<String> because) {
    boolean pinned() {
      return pinRank < Integer.MAX_VALUE;
    }
  }

  private CartCombiner() {}

  static List<Complement> combine(Snapshot s, List<Integer> cart) {
    RankedLists rules = s.complements();
    int pinned = s.labels().find(PINNED);
    Map<Integer, double[]> misses = new LinkedHashMap<>();
    Map<Integer, int[]> pins = new LinkedHashMap<>();
    Map<Integer, TreeSet<String>> because = new LinkedHashMap<>();
    for (int anchor : cart) {
      for (int row = rules.begin(anchor); row < rules.end(anchor); row++) {
        int c = rules.item(row);
        if (cart.contains(c)) {
          continue;
        }
        // [product of (1 - confidence), rules counted]
        double[] m = misses.computeIfAbsent(c, k -> new double[] {1, 0});
        float confidence = rules.extra(row);
        if (!Float.isNaN(confidence)) {
          m[0] *= 1 - confidence;
          m[1]++;
        }
        int[] pin = pins.computeIfAbsent(c, k -> new int[] {Integer.MAX_VALUE});
        if (rules.label(row) == pinned) {
          pin[0] = Math.min(pin[0], row - rules.begin(anchor) + 1);
        }
        because.computeIfAbsent(c, k -> new TreeSet<>()).add(s.products().get(anchor));
      }
    }
    List<Complement> out = new ArrayList<>();
    misses.forEach(
        (c, m) ->
            out.add(
                new Complement(
                    c,
                    s.products().get(c),
                    m[1] > 0 ? 1 - m[0] : Double.NaN,
                    pins.get(c)[0],
                    because.get(c))));
    out.sort(
        Comparator.comparingInt(Complement::pinRank)
            .thenComparing(Complement::score, CartCombiner::higherFirst)
            .thenComparing(Complement::productId));
    return out;
  }

  /** Descending, NaN (no rule, only a pin) last. */
  private static int higherFirst(double a, double b) {
    return Double.compare(Double.isNaN(b) ? -1 : b, Double.isNaN(a) ? -1 : a);
  }
}
