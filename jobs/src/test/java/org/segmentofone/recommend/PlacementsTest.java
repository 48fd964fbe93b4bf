package org.segmentofone.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.itemtoitem.HybridLists;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Neighbours;
import org.segmentofone.itemtoitem.Similarity;

/** The home placement end to end on a hand-built model: ladder → tiers → rules → reasons. */
class PlacementsTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 20);
  private static final int TOP_N = 3;

  private static final StructType FACTORS =
      new StructType()
          .add("id", DataTypes.IntegerType)
          .add("features", DataTypes.createArrayType(DataTypes.FloatType));
  private static final StructType INDEX =
      new StructType().add("product_id", DataTypes.StringType).add("idx", DataTypes.IntegerType);
  private static final StructType PERSON_INDEX =
      new StructType().add("person_id", DataTypes.StringType).add("idx", DataTypes.IntegerType);
  private static final StructType PAIRS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType);

  private static RecommendConfig config(RulesConfig home) {
    return new RecommendConfig(
        TOP_N,
        2,
        3,
        30,
        10,
        new RecommendConfig.TrendingConfig(14, 7),
        new RecommendConfig.SimilarConfig(5, 0, 0.5),
        new RecommendConfig.BoughtTogetherConfig(5, 180, 30, 2, 0.01, 1.0),
        home,
        RulesConfig.none(),
        RulesConfig.none());
  }

  private static Object[] product(String id, String category) {
    return new Object[] {
      id, category, "Brand", 10.0, true, Timestamp.valueOf("2025-01-01 00:00:00")
    };
  }

  private static final Dataset<Row> PRODUCTS =
      rows(
          RulesTest.PRODUCTS,
          product("phone", "Electronics > Phones"),
          product("case", "Electronics > Cases"),
          product("laptop", "Electronics > Laptops"),
          product("bag", "Electronics > Bags"),
          product("shampoo", "Beauty > Hair"),
          product("soap", "Beauty > Skin"),
          product("beans", "Home > Coffee"));

  private static Dataset<Row> homeLists(RulesConfig rules) {
    // Items 0..6 on the unit circle; "rich" (idx 0) points at phone and laptop.
    List<String> ids = List.of("phone", "case", "laptop", "bag", "shampoo", "soap", "beans");
    Object[][] items = new Object[ids.size()][];
    Object[][] index = new Object[ids.size()][];
    for (int i = 0; i < ids.size(); i++) {
      double angle = i * 0.4;
      items[i] = new Object[] {i, new float[] {(float) Math.cos(angle), (float) Math.sin(angle)}};
      index[i] = new Object[] {ids.get(i), i};
    }
    Dataset<Row> users = rows(FACTORS, new Object[] {0, new float[] {1f, 0.3f}});
    ALSModel als =
        new ALSModel("test", 2, users, rows(FACTORS, items)).setUserCol("user").setItemCol("item");
    Timestamp t = Timestamp.valueOf("2026-11-19 10:00:00");
    Dataset<Row> interactions =
        rows(
            HomeLadderTest.INTERACTIONS,
            new Object[] {"rich", "phone", 8.0, 1L, 1L, t},
            new Object[] {"rich", "case", 1.0, 0L, 0L, t},
            new Object[] {"rich", "shampoo", 1.0, 0L, 0L, t},
            new Object[] {"one", "phone", 1.0, 0L, 0L, t},
            new Object[] {"two", "soap", 1.0, 0L, 0L, t},
            new Object[] {"two", "shampoo", 1.0, 0L, 0L, t});
    HybridLists model =
        new HybridLists(
            als,
            rows(PERSON_INDEX, new Object[] {"rich", 0}),
            rows(INDEX, index),
            Neighbours.empty(org.segmentofone.TestSpark.session()),
            interactions,
            new HybridParams(Similarity.parse("k", "cosine"), 0, 0),
            10);
    Dataset<Row> profiles =
        rows(
            HomeLadderTest.PROFILE,
            new Object[] {"none", 0L, true, new String[] {}},
            new Object[] {"one", 1L, true, new String[] {"Electronics"}},
            new Object[] {"two", 2L, true, new String[] {"Beauty"}},
            new Object[] {"rich", 3L, true, new String[] {"Electronics"}},
            new Object[] {"private", 50L, false, new String[] {"Beauty"}});
    Dataset<Row> similar =
        rows(
            HomeLadderTest.SIMILAR,
            new Object[] {"phone", "case", 0.9},
            new Object[] {"soap", "shampoo", 0.8},
            new Object[] {"shampoo", "soap", 0.8});
    Dataset<Row> trending =
        rows(
            HomeLadderTest.TRENDING,
            new Object[] {"all", 1, "beans", 9.0, "trending"},
            new Object[] {"all", 2, "laptop", 8.0, "trending"},
            new Object[] {"all", 3, "bag", 7.0, "trending"},
            new Object[] {"all", 4, "phone", 6.0, "trending"},
            new Object[] {"category:Electronics", 1, "laptop", 8.0, "trending"},
            new Object[] {"category:Beauty", 1, "soap", 5.0, "trending"});
    Dataset<Row> purchased = rows(PAIRS, new Object[] {"rich", "phone"});
    Placements placements = new Placements(config(rules), PRODUCTS, RUN);
    Dataset<Row> rungs = HomeLadder.rungs(profiles, 3);
    Dataset<Row> candidates = placements.modelCandidates(model, rungs, purchased).cache();
    Dataset<Row> lists =
        placements.home(candidates, rungs, interactions, purchased, similar, trending).cache();
    return placements.explained(model, lists, interactions);
  }

  private static Map<String, List<String>> byPerson(Dataset<Row> lists) {
    return lists.orderBy("person_id", "rank").collectAsList().stream()
        .collect(
            Collectors.groupingBy(
                r -> r.<String>getAs("person_id"),
                Collectors.mapping(
                    r ->
                        r.<String>getAs("product_id")
                            + " "
                            + r.<String>getAs("source")
                            + " "
                            + r.<String>getAs("reason"),
                    Collectors.toList())));
  }

  @Test
  void everyRungGetsAFullListFromItsOwnTiers() {
    RulesConfig noRebuying =
        new RulesConfig(List.of(), false, true, List.of(), 0, 0, List.of(), List.of());
    Map<String, List<String>> got = byPerson(homeLists(noRebuying));
    // 3 events: the model (phone bought → left out); each pick explained by another product she
    // touched, the closest by factors (laptop is nearer the phone, bag nearer the shampoo).
    assertThat(got.get("rich")).hasSize(TOP_N);
    assertThat(got.get("rich"))
        .allSatisfy(
            row ->
                assertThat(row)
                    .matches("\\w+ als (bought:phone|viewed:case|viewed:shampoo)")
                    .doesNotStartWith("phone "));
    // 1 event: what is similar to the phone, then Electronics' trending, then the fill.
    assertThat(got.get("one"))
        .containsExactly(
            "case similar viewed:phone",
            "laptop category-trending category:Electronics",
            "beans trending trending:fill");
    // 2 events: soap and shampoo are each similar to the other, but both were touched, so no
    // similar product; Beauty's trending (a touched product may come back there), then the fill.
    assertThat(got.get("two"))
        .containsExactly(
            "soap category-trending category:Beauty",
            "beans trending trending:fill",
            "laptop trending trending:fill");
    assertThat(got.get("none"))
        .containsExactly(
            "beans trending trending:no_history",
            "laptop trending trending:no_history",
            "bag trending trending:no_history");
    assertThat(got.get("private"))
        .containsExactly(
            "beans trending trending:no_consent",
            "laptop trending trending:no_consent",
            "bag trending trending:no_consent");
  }

  @Test
  void aBoughtProductUnderARepeatableCategoryComesBackThroughTheModel() {
    RulesConfig rebuyPhones =
        new RulesConfig(
            List.of(), false, true, List.of("Electronics>Phones"), 0, 0, List.of(), List.of());
    assertThat(byPerson(homeLists(rebuyPhones)).get("rich"))
        .anySatisfy(row -> assertThat(row).startsWith("phone als "));
  }

  @Test
  void anExcludedCategoryLeavesEveryTierAndPinsLeadEveryList() {
    RulesConfig rules =
        new RulesConfig(List.of("Home"), false, true, List.of(), 0, 0, List.of(), List.of("soap"));
    Map<String, List<String>> got = byPerson(homeLists(rules));
    got.values()
        .forEach(
            list -> {
              assertThat(list.get(0)).startsWith("soap pinned");
              assertThat(list).hasSize(TOP_N);
              assertThat(list).noneMatch(row -> row.startsWith("beans "));
            });
  }
}
