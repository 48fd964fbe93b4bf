package org.segmentofone.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.segmentofone.TestSpark.rows;

import com.typesafe.config.ConfigFactory;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

class RulesTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 20);
  static final StructType PRODUCTS =
      new StructType()
          .add("product_id", DataTypes.StringType)
          .add("category", DataTypes.StringType)
          .add("brand", DataTypes.StringType)
          .add("price", DataTypes.DoubleType)
          .add("in_stock", DataTypes.BooleanType)
          .add("created_at", DataTypes.TimestampType);
  static final StructType CANDIDATES =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("priority", DataTypes.IntegerType)
          .add("source", DataTypes.StringType)
          .add("reason", DataTypes.StringType);
  private static final StructType PAIRS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType);

  private static Timestamp daysBefore(int days) {
    return Timestamp.valueOf(RUN.minusDays(days).atStartOfDay());
  }

  static final Dataset<Row> PRODUCT_ROWS =
      rows(
          PRODUCTS,
          new Object[] {
            "phone", "Electronics > Phones > Smartphones", "Voltra", 499.0, true, daysBefore(200)
          },
          new Object[] {
            "case", "Electronics > Phones > Phone Cases", "Voltra", 19.0, true, daysBefore(3)
          },
          new Object[] {
            "case2", "Electronics > Phones > Phone Cases", "Orbit", 25.0, true, daysBefore(100)
          },
          new Object[] {
            "gone", "Electronics > Audio > Speakers", "Orbit", 99.0, false, daysBefore(100)
          },
          new Object[] {
            "beans",
            "Home & Kitchen > Coffee > Coffee Beans",
            "Brewhaus",
            12.0,
            true,
            daysBefore(100)
          },
          new Object[] {"unpriced", "Books > Novels", "Quill Books", null, true, daysBefore(100)},
          new Object[] {"setx", "Electronics > Phonesets", "Orbit", 30.0, true, daysBefore(100)});

  private static Dataset<Row> candidates(Object[]... scored) {
    Object[][] rows = new Object[scored.length][];
    for (int i = 0; i < scored.length; i++) {
      rows[i] =
          new Object[] {scored[i][0], scored[i][1], scored[i][2], 1, "als", "als:collaborative"};
    }
    return rows(CANDIDATES, rows);
  }

  private static final Dataset<Row> ANN =
      candidates(
          new Object[] {"ann", "phone", 0.9},
          new Object[] {"ann", "case", 0.8},
          new Object[] {"ann", "case2", 0.7},
          new Object[] {"ann", "gone", 0.6},
          new Object[] {"ann", "beans", 0.5},
          new Object[] {"ann", "unpriced", 0.4},
          new Object[] {"ann", "setx", 0.3},
          new Object[] {"ann", "not-in-catalog", 0.95});
  private static final Dataset<Row> ANN_BOUGHT =
      rows(PAIRS, new Object[] {"ann", "phone"}, new Object[] {"ann", "beans"});

  private static RulesConfig rules(
      List<String> excluded,
      boolean stock,
      boolean purchased,
      List<String> repeatable,
      double floor,
      int perCategory,
      List<RulesConfig.Boost> boosts,
      List<String> pinned) {
    return new RulesConfig(
        excluded, stock, purchased, repeatable, floor, perCategory, boosts, pinned);
  }

  private static List<String> listed(RulesConfig rules) {
    return Rules.apply(ANN, "person_id", PRODUCT_ROWS, ANN_BOUGHT, rules, RUN, 20)
        .orderBy("rank")
        .collectAsList()
        .stream()
        .map(r -> r.<String>getAs("product_id"))
        .toList();
  }

  @Test
  void withoutRulesOnlyProductsMissingFromTheCatalogLeave() {
    assertThat(listed(RulesConfig.none()))
        .containsExactly("phone", "case", "case2", "gone", "beans", "unpriced", "setx");
  }

  @Test
  void anExcludedCategoryPrefixRemovesEveryLevelBelowItButNotALookalikeName() {
    assertThat(
            listed(
                rules(
                    List.of("Electronics > Phones", " Books "),
                    false,
                    false,
                    List.of(),
                    0,
                    0,
                    List.of(),
                    List.of())))
        .containsExactly("gone", "beans", "setx");
  }

  @Test
  void outOfStockProductsLeave() {
    assertThat(listed(rules(List.of(), true, false, List.of(), 0, 0, List.of(), List.of())))
        .containsExactly("phone", "case", "case2", "beans", "unpriced", "setx");
  }

  @Test
  void boughtProductsLeaveUnlessTheirCategoryIsRepeatable() {
    assertThat(listed(rules(List.of(), false, true, List.of(), 0, 0, List.of(), List.of())))
        .containsExactly("case", "case2", "gone", "unpriced", "setx");
    assertThat(
            listed(
                rules(
                    List.of(),
                    false,
                    true,
                    List.of("Home & Kitchen > Coffee"),
                    0,
                    0,
                    List.of(),
                    List.of())))
        .containsExactly("case", "case2", "gone", "beans", "unpriced", "setx");
  }

  @Test
  void thePriceFloorRemovesCheaperAndUnpricedProducts() {
    assertThat(listed(rules(List.of(), false, false, List.of(), 20, 0, List.of(), List.of())))
        .containsExactly("phone", "case2", "gone", "setx");
  }

  @Test
  void atMostMProductsOfOneCategoryKeepingTheBest() {
    assertThat(listed(rules(List.of(), false, false, List.of(), 0, 1, List.of(), List.of())))
        .containsExactly("phone", "case", "gone", "beans", "unpriced", "setx");
  }

  @Test
  void boostsMultiplyTheScoreOfMatchingProducts() {
    List<Row> out =
        Rules.apply(
                ANN,
                "person_id",
                PRODUCT_ROWS,
                ANN_BOUGHT,
                rules(
                    List.of(),
                    false,
                    false,
                    List.of(),
                    0,
                    0,
                    List.of(
                        // a brand in one category: only "beans" matches both
                        new RulesConfig.Boost("Brewhaus", "Home & Kitchen", 0, 2.0),
                        // new arrivals of the last 7 days: only "case" (3 days old)
                        new RulesConfig.Boost(null, null, 7, 1.5)),
                    List.of()),
                RUN,
                3)
            .orderBy("rank")
            .collectAsList();
    assertThat(out)
        .extracting(r -> r.<String>getAs("product_id"), r -> r.<Double>getAs("score"))
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("case", 0.8 * 1.5),
            org.assertj.core.api.Assertions.tuple("beans", 0.5 * 2.0),
            org.assertj.core.api.Assertions.tuple("phone", 0.9));
  }

  @Test
  void pinnedProductsComeFirstInTheirOrderButStillObeyTheOtherRules() {
    List<Row> out =
        Rules.apply(
                ANN,
                "person_id",
                PRODUCT_ROWS,
                ANN_BOUGHT,
                rules(
                    List.of(),
                    true,
                    false,
                    List.of(),
                    0,
                    0,
                    List.of(),
                    List.of("beans", "gone", "case2")),
                RUN,
                4)
            .orderBy("rank")
            .collectAsList();
    assertThat(out)
        .extracting(r -> r.<String>getAs("product_id"), r -> r.<String>getAs("source"))
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("beans", Rules.SOURCE_PINNED),
            org.assertj.core.api.Assertions.tuple("case2", Rules.SOURCE_PINNED),
            org.assertj.core.api.Assertions.tuple("phone", "als"),
            org.assertj.core.api.Assertions.tuple("case", "als"));
  }

  @Test
  void lowerPriorityTiersRankFirstWhateverTheirScore() {
    Dataset<Row> mixed =
        rows(
            CANDIDATES,
            new Object[] {"bob", "phone", 50.0, 3, "trending", "trending:few_events"},
            new Object[] {"bob", "case", 0.1, 1, "similar", "viewed:phone"},
            new Object[] {"bob", "case", 9.0, 3, "trending", "trending:few_events"},
            new Object[] {"bob", "beans", 7.0, 2, "category-trending", "category:Home"});
    assertThat(
            Rules.apply(mixed, "person_id", PRODUCT_ROWS, ANN_BOUGHT, RulesConfig.none(), RUN, 5)
                .orderBy("rank")
                .collectAsList())
        .extracting(r -> r.<String>getAs("product_id"), r -> r.<String>getAs("source"))
        .containsExactly(
            org.assertj.core.api.Assertions.tuple("case", "similar"),
            org.assertj.core.api.Assertions.tuple("beans", "category-trending"),
            org.assertj.core.api.Assertions.tuple("phone", "trending"));
  }

  @Test
  void rulesComeFromThePlacementOverTheDefaults() {
    ConfigReader c =
        new ConfigReader(
            ConfigFactory.parseString(
                """
                r {
                  default { excluded-categories = ["Adult"], exclude-out-of-stock = true,
                    exclude-purchased = true, repeatable-categories = [], price-floor = 0,
                    max-per-category = 0, boosts = [], pinned = [] }
                  pdp { exclude-purchased = false, max-per-category = 2,
                    boosts = [{ brand = "Orbit", factor = 1.2 }] }
                  bad { boosts = [{ factor = 2 }] }
                }
                """),
            "r");
    RulesConfig pdp = RulesConfig.from(c.sectionOver("pdp", "default"));
    assertThat(pdp.excludedCategories()).containsExactly("Adult");
    assertThat(pdp.excludePurchased()).isFalse();
    assertThat(pdp.maxPerCategory()).isEqualTo(2);
    assertThat(pdp.boosts()).containsExactly(new RulesConfig.Boost("Orbit", null, 0, 1.2));
    assertThatThrownBy(() -> RulesConfig.from(c.sectionOver("bad", "default")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("r.bad.boosts[0] needs at least one of brand, category, new-arrival-days");
  }
}
