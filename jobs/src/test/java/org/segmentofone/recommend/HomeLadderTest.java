package org.segmentofone.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class HomeLadderTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);
  static final StructType PROFILE =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_events", DataTypes.LongType)
          .add("consent", DataTypes.BooleanType)
          .add("top_categories", DataTypes.createArrayType(DataTypes.StringType));
  static final StructType INTERACTIONS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("confidence", DataTypes.DoubleType)
          .add("carts", DataTypes.LongType)
          .add("purchases", DataTypes.LongType)
          .add("last_event_time", DataTypes.TimestampType);
  static final StructType SIMILAR =
      new StructType()
          .add("anchor_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType);
  static final StructType TRENDING =
      new StructType()
          .add("scope", DataTypes.StringType)
          .add("rank", DataTypes.IntegerType)
          .add("product_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType)
          .add("source", DataTypes.StringType);

  private static Object[] profile(String id, long events, boolean consent, String... top) {
    return new Object[] {id, events, consent, top};
  }

  private static Map<String, String> rungs(Dataset<Row> ladder) {
    return ladder.collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.<String>getAs("person_id"),
                r ->
                    r.<String>getAs("rung")
                        + (r.<String>getAs("rung").equals(HomeLadder.RUNG_TRENDING)
                            ? " " + r.getAs("reason")
                            : "")));
  }

  @Test
  void theLadderBoundariesAreZeroOneTwoThreeEventsAndConsent() {
    Dataset<Row> profiles =
        rows(
            PROFILE,
            profile("none", 0, true),
            profile("one", 1, true, "Beauty"),
            profile("two", 2, true, "Beauty"),
            profile("three", 3, true, "Beauty"),
            profile("private", 50, false, "Beauty"));
    assertThat(rungs(HomeLadder.rungs(profiles, 3)))
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "none", "trending trending:no_history",
                "one", "similar",
                "two", "similar",
                "three", "model",
                "private", "trending trending:no_consent"));
  }

  @Test
  void modelPersonsTheModelCannotServeStepDownToSimilarItems() {
    Dataset<Row> ladder =
        HomeLadder.rungs(rows(PROFILE, profile("known", 5, true), profile("new", 5, true)), 3);
    Dataset<Row> served =
        rows(new StructType().add("person_id", DataTypes.StringType), new Object[] {"known"});
    assertThat(rungs(HomeLadder.demote(ladder, served)))
        .containsExactlyInAnyOrderEntriesOf(Map.of("known", "model", "new", "similar"));
  }

  @Test
  void similarItemsSumConfidenceTimesSimilarityAndNameTheTouchedProductThatWeighsMost() {
    Timestamp t = Timestamp.valueOf("2026-11-20 10:00:00");
    Dataset<Row> interactions =
        rows(
            INTERACTIONS,
            new Object[] {"ann", "phone", 1.0, 0L, 0L, t},
            new Object[] {"ann", "laptop", 4.0, 1L, 0L, t},
            new Object[] {"bob", "phone", 1.0, 0L, 0L, t});
    Dataset<Row> similar =
        rows(
            SIMILAR,
            new Object[] {"phone", "case", 0.9},
            new Object[] {"laptop", "case", 0.1},
            new Object[] {"laptop", "bag", 0.5},
            // ann touched the phone herself: never offered back as "similar"
            new Object[] {"laptop", "phone", 0.8});
    List<Row> out =
        HomeLadder.similar(
                rows(new StructType().add("person_id", DataTypes.StringType), new Object[] {"ann"}),
                interactions,
                similar)
            .orderBy("product_id")
            .collectAsList();
    assertThat(out)
        .extracting(
            r -> r.<String>getAs("product_id"),
            r -> r.<Double>getAs("score"),
            r -> r.<String>getAs("reason"),
            r -> r.<Integer>getAs("priority"))
        .containsExactly(
            tuple("bag", 2.0, "carted:laptop", 1),
            // 1 × 0.9 from the phone beats 4 × 0.1 from the laptop
            tuple("case", 1.0 * 0.9 + 4.0 * 0.1, "viewed:phone", 1));
  }

  private static final Dataset<Row> TRENDING_ROWS =
      rows(
          TRENDING,
          new Object[] {"all", 1, "phone", 9.0, "trending"},
          new Object[] {"all", 2, "pin", null, Rules.SOURCE_PINNED},
          new Object[] {"all", 3, "beans", 5.0, "trending"},
          new Object[] {"all", 4, "case", 2.0, "trending"},
          new Object[] {"category:Beauty", 1, "shampoo", 3.0, "trending"});

  @Test
  void thinHistoriesGetTheirTopCategorysTrendingAndEveryoneGetsTrendingBehind() {
    Dataset<Row> ladder =
        HomeLadder.rungs(
            rows(
                PROFILE,
                profile("thin", 1, true, "Beauty"),
                profile("rich", 9, true, "Beauty"),
                profile("private", 9, false)),
            3);
    assertThat(
            HomeLadder.categoryTrending(ladder.where("rung = 'similar'"), TRENDING_ROWS)
                .collectAsList())
        .extracting(
            r -> r.<String>getAs("person_id"),
            r -> r.<String>getAs("product_id"),
            r -> r.<String>getAs("source"),
            r -> r.<String>getAs("reason"))
        .containsExactly(tuple("thin", "shampoo", "category-trending", "category:Beauty"));
    // Trending-only persons get the whole list; the others the first 2 (the fill). Pins are
    // re-added by the rules, not here, and do not count towards the 2.
    List<Row> fill =
        HomeLadder.trending(ladder, TRENDING_ROWS, 2)
            .orderBy("person_id", "product_id")
            .collectAsList();
    assertThat(fill)
        .extracting(
            r -> r.<String>getAs("person_id"),
            r -> r.<String>getAs("product_id"),
            r -> r.<String>getAs("reason"))
        .containsExactly(
            tuple("private", "beans", "trending:no_consent"),
            tuple("private", "case", "trending:no_consent"),
            tuple("private", "phone", "trending:no_consent"),
            tuple("rich", "beans", "trending:fill"),
            tuple("rich", "phone", "trending:fill"),
            tuple("thin", "beans", "trending:fill"),
            tuple("thin", "phone", "trending:fill"));
  }

  @Test
  void aModelPickIsExplainedByTheTouchedProductWithTheClosestFactors() {
    StructType factors =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("features", DataTypes.createArrayType(DataTypes.FloatType));
    Dataset<Row> unit =
        rows(
            factors,
            new Object[] {"pick", new float[] {1f, 0f}},
            new Object[] {"near", new float[] {0.8f, 0.6f}},
            new Object[] {"far", new float[] {0f, 1f}},
            new Object[] {"other", new float[] {0.6f, 0.8f}});
    Timestamp old = Timestamp.valueOf("2026-01-01 00:00:00");
    Timestamp recent = Timestamp.valueOf("2026-11-20 00:00:00");
    Dataset<Row> interactions =
        rows(
            INTERACTIONS,
            new Object[] {"ann", "far", 1.0, 0L, 0L, recent},
            new Object[] {"ann", "near", 1.0, 0L, 1L, recent},
            // too old for a history of 2
            new Object[] {"ann", "other", 1.0, 0L, 0L, old},
            // the pick itself, touched most recently: a pick never explains itself
            new Object[] {"ann", "pick", 1.0, 0L, 0L, recent});
    StructType listSchema =
        new StructType()
            .add("person_id", DataTypes.StringType)
            .add("product_id", DataTypes.StringType)
            .add("source", DataTypes.StringType)
            .add("reason", DataTypes.StringType);
    Dataset<Row> lists =
        rows(
            listSchema,
            new Object[] {"ann", "pick", "hybrid", "als:collaborative"},
            new Object[] {"ann", "other", "trending", "trending:fill"});
    Map<String, String> reasons =
        Reasons.explain(lists, Reasons.history(interactions, 3), unit, "hybrid")
            .collectAsList()
            .stream()
            .collect(Collectors.toMap(r -> r.getString(1), r -> r.getString(3)));
    assertThat(reasons)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("pick", "bought:near", "other", "trending:fill"));
  }

  @Test
  void trendingWeighsRecentEventsMoreAndRanksEachTopCategory() {
    StructType events =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("event_date", DataTypes.DateType);
    StructType products =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("top_category", DataTypes.StringType);
    Dataset<Row> scores =
        Trending.scores(
            rows(
                events,
                new Object[] {"p1", "product_view", Date.valueOf(RUN)},
                new Object[] {"p1", "product_view", Date.valueOf(RUN)},
                new Object[] {"p2", "purchase", Date.valueOf(RUN.minusDays(7))},
                new Object[] {"p3", "product_view", Date.valueOf(RUN.minusDays(30))},
                new Object[] {"p3", "search", Date.valueOf(RUN)}),
            rows(
                products,
                new Object[] {"p1", "Home"},
                new Object[] {"p2", "Beauty"},
                new Object[] {"p3", "Home"}),
            Map.of("product_view", 1.0, "purchase", 8.0),
            14,
            7,
            RUN);
    assertThat(Trending.candidates(scores, 5).orderBy("scope", "product_id").collectAsList())
        .extracting(
            r -> r.<String>getAs("scope"),
            r -> r.<String>getAs("product_id"),
            r -> r.<Double>getAs("score"))
        .containsExactly(
            tuple("all", "p1", 2.0),
            tuple("all", "p2", 4.0),
            tuple("category:Beauty", "p2", 4.0),
            tuple("category:Home", "p1", 2.0));
  }
}
