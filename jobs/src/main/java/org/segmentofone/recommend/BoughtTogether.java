package org.segmentofone.recommend;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sort_array;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.segmentofone.common.EventTypes;
import org.segmentofone.itemtoitem.ItemToItem;

/**
 * The cart placement: association rules "bought a → also bought b" from co-purchases in one order,
 * counted pairwise (FPGrowth mines every itemset size, but a cart widget needs pairs, and pair
 * counts with a basket-size cap stay linear in the orders).
 */
public final class BoughtTogether {
  public static final String SOURCE = "bought_together";
  public static final String REASON_PREFIX = "bought_with:";

  private BoughtTogether() {}

  /**
   * Distinct products per order ({@code order_id}, else the session) among purchases of the last
   * {@code days} days up to the run date; orders of more than {@code maxBasket} products are left
   * out (bulk and B2B orders say little about what goes together). Columns {@code basket_id,
   * product_id}.
   */
  public static Dataset<Row> baskets(
      Dataset<Row> events, LocalDate runDate, int days, int maxBasket) {
    Dataset<Row> lines =
        events
            .where(col("event_type").equalTo(EventTypes.PURCHASE))
            .where(col("product_id").isNotNull())
            .where(
                col("event_date")
                    .gt(lit(Date.valueOf(runDate.minusDays(days))))
                    .and(col("event_date").leq(lit(Date.valueOf(runDate)))))
            .select(coalesce(col("order_id"), col("session_id")).as("basket_id"), col("product_id"))
            .where(col("basket_id").isNotNull())
            .distinct();
    Dataset<Row> small =
        lines
            .groupBy("basket_id")
            .agg(count(lit(1)).as("size"))
            .where(col("size").leq(maxBasket))
            .select("basket_id");
    return lines.join(small, "basket_id");
  }

  /**
   * Rules a → b with at least {@code minOrders} orders holding both: {@code orders} (both), support
   * (share of all orders), confidence P(b | a) and lift confidence / P(b). Columns {@code
   * product_id, complement_id, orders, support, confidence, lift}.
   */
  public static Dataset<Row> rules(
      Dataset<Row> baskets, int minOrders, double minConfidence, double minLift) {
    Dataset<Row> total = baskets.agg(countDistinct("basket_id").as("total"));
    // An order is a "person" whose history is its products: the pair counts are co-occurrence.
    Dataset<Row> pairs =
        ItemToItem.coOccurrence(
            baskets.select(col("basket_id").as("person_id"), col("product_id")), minOrders);
    return pairs
        .crossJoin(total)
        .select(
            col("product_id"),
            col("neighbour_id").as("complement_id"),
            col("co").as("orders"),
            col("co").divide(col("total")).as("support"),
            col("co").divide(col("n_product")).as("confidence"),
            col("co")
                .multiply(col("total"))
                .divide(col("n_product").multiply(col("n_neighbour")))
                .as("lift"))
        .where(col("confidence").geq(minConfidence).and(col("lift").geq(minLift)));
  }

  /** Rules as cart rule candidates: key {@code anchor_id}, scored by confidence. */
  public static Dataset<Row> candidates(Dataset<Row> rules) {
    return rules.select(
        col("product_id").as("anchor_id"),
        col("complement_id").as("product_id"),
        col("confidence").as("score"),
        lit(1).as("priority"),
        lit(SOURCE).as("source"),
        concat(lit(REASON_PREFIX), col("product_id")).as("reason"));
  }

  /**
   * Complements of a whole cart from the published rules: a product's score is the chance that at
   * least one cart item brings it along, 1 − Π (1 − confidence), over the cart items that have a
   * rule to it; products already in the cart are left out. Columns {@code product_id, score,
   * because} (the cart products that lead to it).
   *
   * @param rules {@code product_id, complement_id, confidence} (the {@code bought_together} table)
   * @param cart {@code product_id}
   */
  public static Dataset<Row> forCart(Dataset<Row> rules, Dataset<Row> cart) {
    Dataset<Row> inCart = cart.select("product_id").distinct();
    return rules
        .join(inCart, "product_id")
        .groupBy(col("complement_id"))
        .agg(
            collect_list(lit(1.0).minus(col("confidence"))).as("misses"),
            sort_array(collect_set(col("product_id"))).as("because"))
        .select(
            col("complement_id").as("product_id"),
            expr("1D - aggregate(misses, 1D, (acc, m) -> acc * m)").as("score"),
            col("because"))
        .join(inCart, "product_id", "left_anti");
  }
}
