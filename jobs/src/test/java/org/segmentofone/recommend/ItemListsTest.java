package org.segmentofone.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** The product page's similar products and the cart's bought-together rules. */
class ItemListsTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);

  @Test
  void similarByFactorsIsTheCosineNearestOtherProduct() {
    StructType factors =
        new StructType()
            .add("id", DataTypes.IntegerType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType));
    // Lengths differ on purpose: cosine, not the dot product, decides.
    Dataset<Row> items =
        rows(
            factors,
            new Object[] {0, new float[] {10f, 0f}},
            new Object[] {1, new float[] {1f, 0.1f}},
            new Object[] {2, new float[] {5f, 5f}},
            new Object[] {3, new float[] {0f, 2f}});
    StructType index =
        new StructType().add("product_id", DataTypes.StringType).add("idx", DataTypes.IntegerType);
    Dataset<Row> productIndex =
        rows(
            index,
            new Object[] {"a", 0},
            new Object[] {"b", 1},
            new Object[] {"c", 2},
            new Object[] {"d", 3});
    ALSModel model = new ALSModel("test", 2, items, items);
    List<Row> out =
        SimilarProducts.byFactors(model, productIndex, 1).orderBy("anchor_id").collectAsList();
    assertThat(out)
        .extracting(r -> r.<String>getAs("anchor_id"), r -> r.<String>getAs("product_id"))
        .containsExactly(tuple("a", "b"), tuple("b", "a"), tuple("c", "b"), tuple("d", "c"));
    assertThat(out.get(0).<Double>getAs("similarity")).isCloseTo(1 / Math.sqrt(1.01), offset(1e-6));
  }

  @Test
  void theSimilarBlendScalesEachPartPerProductAndNamesTheStrongerOne() {
    StructType pairs =
        new StructType()
            .add("anchor_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("similarity", DataTypes.DoubleType);
    StructType neighbours =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("neighbour_id", DataTypes.StringType)
            .add("similarity", DataTypes.DoubleType);
    Dataset<Row> blended =
        SimilarProducts.blend(
            rows(pairs, new Object[] {"a", "b", 0.9}, new Object[] {"a", "c", 0.5}),
            rows(neighbours, new Object[] {"a", "c", 0.2}, new Object[] {"a", "d", 0.1}),
            0.25);
    assertThat(SimilarProducts.candidates(blended, 0.25).orderBy("product_id").collectAsList())
        .extracting(
            r -> r.<String>getAs("product_id"),
            r -> r.<Double>getAs("score"),
            r -> r.<String>getAs("reason"))
        .containsExactly(
            tuple("b", 0.75, SimilarProducts.REASON_FACTORS),
            tuple("c", 0.25, SimilarProducts.REASON_CO_VIEWS),
            tuple("d", 0.0, SimilarProducts.REASON_FACTORS));
  }

  private static final StructType EVENTS =
      new StructType()
          .add("event_type", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("session_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("event_date", DataTypes.DateType);

  private static Object[] bought(String order, String product) {
    return new Object[] {"purchase", order, "s-" + order, product, Date.valueOf(RUN)};
  }

  @Test
  void boughtTogetherRulesHaveHandComputedSupportConfidenceAndLift() {
    Dataset<Row> events =
        rows(
            EVENTS,
            bought("o1", "phone"),
            bought("o1", "case"),
            bought("o2", "phone"),
            bought("o2", "case"),
            bought("o3", "phone"),
            bought("o4", "case"),
            bought("o4", "pasta"),
            bought("o5", "pasta"),
            // a second line of the same product in an order counts once
            bought("o1", "case"),
            // no order id: the session is the basket
            new Object[] {"purchase", null, "s9", "phone", Date.valueOf(RUN)},
            new Object[] {"purchase", null, "s9", "case", Date.valueOf(RUN)},
            // too old, a view, and a bulk order above the basket cap are all left out
            new Object[] {"purchase", "o0", null, "pasta", Date.valueOf(RUN.minusDays(400))},
            new Object[] {"product_view", "o1", null, "pasta", Date.valueOf(RUN)},
            bought("bulk", "phone"),
            bought("bulk", "case"),
            bought("bulk", "pasta"),
            bought("bulk", "tea"));
    Dataset<Row> baskets = BoughtTogether.baskets(events, RUN, 180, 3);
    List<Row> rules =
        BoughtTogether.rules(baskets, 2, 0.0, 0.0).orderBy("product_id").collectAsList();
    // 6 orders (o1..o5, s9): phone in 4, case in 4 (o1, o2, o4, s9), both in 3.
    assertThat(rules)
        .extracting(
            r -> r.<String>getAs("product_id"),
            r -> r.<String>getAs("complement_id"),
            r -> r.<Long>getAs("orders"))
        .containsExactly(tuple("case", "phone", 3L), tuple("phone", "case", 3L));
    Row phone = rules.get(1);
    assertThat(phone.<Double>getAs("support")).isCloseTo(3.0 / 6, offset(1e-12));
    assertThat(phone.<Double>getAs("confidence")).isCloseTo(3.0 / 4, offset(1e-12));
    assertThat(phone.<Double>getAs("lift")).isCloseTo((3.0 / 4) / (4.0 / 6), offset(1e-12));
    // A minimum lift above 1.125 drops both.
    assertThat(BoughtTogether.rules(baskets, 2, 0.0, 1.2).count()).isZero();
  }

  @Test
  void aCartOfSeveralProductsCombinesTheirRulesAndSkipsWhatIsInTheCart() {
    StructType rules =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("complement_id", DataTypes.StringType)
            .add("confidence", DataTypes.DoubleType);
    StructType cart = new StructType().add("product_id", DataTypes.StringType);
    List<Row> out =
        BoughtTogether.forCart(
                rows(
                    rules,
                    new Object[] {"phone", "case", 0.5},
                    new Object[] {"laptop", "case", 0.4},
                    new Object[] {"laptop", "bag", 0.3},
                    new Object[] {"phone", "laptop", 0.2},
                    new Object[] {"tea", "cup", 0.9}),
                rows(cart, new Object[] {"phone"}, new Object[] {"laptop"}))
            .orderBy("product_id")
            .collectAsList();
    assertThat(out)
        .extracting(r -> r.<String>getAs("product_id"), r -> r.getList(r.fieldIndex("because")))
        .containsExactly(
            tuple("bag", List.of("laptop")), tuple("case", List.of("laptop", "phone")));
    assertThat(out.get(1).<Double>getAs("score")).isCloseTo(1 - 0.5 * 0.6, offset(1e-12));
    assertThat(out.get(0).<Double>getAs("score")).isCloseTo(0.3, offset(1e-12));
  }
}
