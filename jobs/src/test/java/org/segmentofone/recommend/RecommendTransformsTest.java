package org.segmentofone.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class RecommendTransformsTest {
  private static final StructType CANDIDATES =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("score", DataTypes.FloatType);
  private static final StructType INTERACTIONS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType);
  private static final StructType PRODUCTS =
      new StructType()
          .add("product_id", DataTypes.StringType)
          .add("in_stock", DataTypes.BooleanType);

  private final Dataset<Row> products =
      rows(
          PRODUCTS,
          new Object[] {"p1", true},
          new Object[] {"p2", true},
          new Object[] {"p3", false},
          new Object[] {"p4", true});
  private final Dataset<Row> purchased = rows(INTERACTIONS, new Object[] {"ann", "p1"});
  private final Dataset<Row> candidates =
      rows(
          CANDIDATES,
          new Object[] {"ann", "p1", 0.9f},
          new Object[] {"ann", "p2", 0.8f},
          new Object[] {"ann", "p3", 0.7f},
          new Object[] {"ann", "p4", 0.6f},
          new Object[] {"ann", "p9", 0.5f},
          new Object[] {"bob", "p1", 0.4f});

  private static List<String> productsOf(Dataset<Row> df, String person) {
    return df.where("person_id = '" + person + "'").orderBy("rank").collectAsList().stream()
        .map(r -> r.<String>getAs("product_id"))
        .toList();
  }

  @Test
  void alreadyBoughtProductsAreLeftOut() {
    Dataset<Row> out =
        RecommendTransforms.topN(
            RecommendTransforms.applyRules(candidates, purchased, products, true, false), 10);
    assertThat(productsOf(out, "ann")).containsExactly("p2", "p3", "p4", "p9");
    assertThat(productsOf(out, "bob")).containsExactly("p1");
  }

  @Test
  void outOfStockAndUnknownProductsAreLeftOut() {
    Dataset<Row> out =
        RecommendTransforms.topN(
            RecommendTransforms.applyRules(candidates, purchased, products, false, true), 10);
    assertThat(productsOf(out, "ann")).containsExactly("p1", "p2", "p4");
  }

  @Test
  void topNKeepsTheBestScoresPerPerson() {
    Dataset<Row> out = RecommendTransforms.topN(candidates, 2);
    assertThat(productsOf(out, "ann")).containsExactly("p1", "p2");
    assertThat(out.where("person_id = 'ann'").collectAsList())
        .extracting(r -> r.<Integer>getAs("rank"))
        .containsExactly(1, 2);
  }

  @Test
  void theLadderSendsThinHistoriesAndWithdrawnConsentToTrending() {
    StructType profile =
        new StructType()
            .add("person_id", DataTypes.StringType)
            .add("product_events", DataTypes.LongType)
            .add("consent", DataTypes.BooleanType);
    Map<String, String> got =
        RecommendTransforms.ladder(
                rows(
                    profile,
                    new Object[] {"rich", 3L, true},
                    new Object[] {"thin", 2L, true},
                    new Object[] {"private", 50L, false}),
                3)
            .collectAsList()
            .stream()
            .collect(
                Collectors.toMap(
                    r -> r.getString(0), r -> r.getBoolean(1) ? "als" : r.getString(2)));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("rich", "als", "thin", "trending:few_events", "private", "trending:no_consent"));
  }

  @Test
  void trendingWeighsRecentEventsMoreAndSkipsOutOfStock() {
    LocalDate run = LocalDate.of(2026, 11, 22);
    StructType events =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("event_type", DataTypes.StringType)
            .add("event_date", DataTypes.DateType);
    Object[][] rows = {
      {"p1", "product_view", Date.valueOf(run)},
      {"p1", "product_view", Date.valueOf(run)},
      {"p2", "purchase", Date.valueOf(run.minusDays(7))},
      {"p3", "purchase", Date.valueOf(run)},
      {"p4", "product_view", Date.valueOf(run.minusDays(30))},
      {"p4", "search", Date.valueOf(run)}
    };
    List<Row> out =
        RecommendTransforms.trending(
                rows(events, rows),
                products,
                Map.of("product_view", 1.0, "purchase", 8.0),
                14,
                7,
                run,
                10)
            .orderBy("rank")
            .collectAsList();
    assertThat(out).extracting(r -> r.<String>getAs("product_id")).containsExactly("p2", "p1");
    assertThat(out).extracting(r -> r.<Double>getAs("score")).containsExactly(4.0, 2.0);
  }
}
