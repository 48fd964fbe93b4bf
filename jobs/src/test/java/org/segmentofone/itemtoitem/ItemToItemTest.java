package org.segmentofone.itemtoitem;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.data.Offset.offset;
import static org.segmentofone.TestSpark.rows;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.ConfigException;

class ItemToItemTest {
  private static final StructType COUNTS =
      new StructType()
          .add("co", DataTypes.LongType)
          .add("n_product", DataTypes.LongType)
          .add("n_neighbour", DataTypes.LongType);
  private static final StructType HISTORIES =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType);
  private static final StructType INTERACTIONS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("confidence", DataTypes.DoubleType)
          .add("last_event_time", DataTypes.TimestampType);
  private static final StructType NEIGHBOURS =
      new StructType()
          .add("product_id", DataTypes.StringType)
          .add("neighbour_id", DataTypes.StringType)
          .add("similarity", DataTypes.DoubleType);

  private static double similarity(String measure, long co, long nProduct, long nNeighbour) {
    Similarity s = Similarity.parse("hybrid.similarity", measure);
    return rows(COUNTS, new Object[] {co, nProduct, nNeighbour})
        .select(s.of(col("co"), col("n_product"), col("n_neighbour")))
        .head()
        .getDouble(0);
  }

  @Test
  void eachSimilarityMeasureMatchesItsHandComputedValue() {
    // 2 persons had both, 4 had the product, 3 the neighbour.
    assertThat(similarity("jaccard", 2, 4, 3)).isCloseTo(2.0 / (4 + 3 - 2), offset(1e-12));
    assertThat(similarity("lift", 2, 4, 3)).isCloseTo(2.0 / 12, offset(1e-12));
    assertThat(similarity("cosine", 2, 4, 3)).isCloseTo(2 / Math.sqrt(12), offset(1e-12));
    // Asymmetric: 2 / (4^0.25 × 3^0.75) = 0.620403...
    assertThat(similarity("cosine:0.25", 2, 4, 3)).isCloseTo(0.6204032394, offset(1e-9));
    // a = 0.5 is the plain cosine; a = 0 is co / n_neighbour (the share of the neighbour's persons)
    assertThat(similarity("cosine:0.5", 2, 4, 3)).isCloseTo(2 / Math.sqrt(12), offset(1e-12));
    assertThat(similarity("cosine:0", 2, 4, 3)).isCloseTo(2.0 / 3, offset(1e-12));
  }

  @Test
  void aBadSimilarityInConfigIsRefusedWithTheKeyAndTheValue() {
    assertThatThrownBy(() -> Similarity.parse("hybrid.similarity", "pearson"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "hybrid.similarity must be jaccard, lift, cosine or cosine:<a> with a in [0, 1], got 'pearson'");
    assertThatThrownBy(() -> Similarity.parse("hybrid.similarity", "cosine:1.5"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("got 'cosine:1.5'");
    assertThatThrownBy(() -> Similarity.parse("hybrid.similarity", "lift:0.3"))
        .isInstanceOf(ConfigException.class)
        .hasMessage("hybrid.similarity: only cosine takes an exponent, got 'lift:0.3'");
    assertThat(Similarity.parse("k", "cosine:0.25").label()).isEqualTo("cosine:0.25");
    assertThat(Similarity.parse("k", "cosine").label()).isEqualTo("cosine");
  }

  private static final Dataset<Row> HISTORY =
      rows(
          HISTORIES,
          new Object[] {"p1", "a"},
          new Object[] {"p1", "b"},
          new Object[] {"p1", "c"},
          new Object[] {"p2", "a"},
          new Object[] {"p2", "b"},
          new Object[] {"p3", "b"},
          new Object[] {"p3", "d"});

  @Test
  void coOccurrenceCountsThePersonsWhoHadBothAndEach() {
    List<Row> co =
        ItemToItem.coOccurrence(HISTORY, 1).orderBy("product_id", "neighbour_id").collectAsList();
    assertThat(co)
        .extracting(
            r -> r.getString(0),
            r -> r.getString(1),
            r -> r.getLong(2),
            r -> r.getLong(3),
            r -> r.getLong(4))
        .containsExactly(
            tuple("a", "b", 2L, 2L, 3L),
            tuple("a", "c", 1L, 2L, 1L),
            tuple("b", "a", 2L, 3L, 2L),
            tuple("b", "c", 1L, 3L, 1L),
            tuple("b", "d", 1L, 3L, 1L),
            tuple("c", "a", 1L, 1L, 2L),
            tuple("c", "b", 1L, 1L, 3L),
            tuple("d", "b", 1L, 1L, 3L));
    assertThat(ItemToItem.coOccurrence(HISTORY, 2).count()).isEqualTo(2);
  }

  @Test
  void eachProductKeepsOnlyItsMostSimilarNeighbours() {
    // Jaccard: a~b 2/3, a~c 1/2; b~a 2/3, b~c 1/3, b~d 1/3 (tie: by neighbour id).
    List<Row> top =
        ItemToItem.neighbours(
                ItemToItem.coOccurrence(HISTORY, 1), new Similarity("jaccard", 0.5), 2)
            .where(col("product_id").isin("a", "b"))
            .orderBy("product_id", "rank")
            .collectAsList();
    assertThat(top)
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getInt(3))
        .containsExactly(
            tuple("a", "b", 1), tuple("a", "c", 2), tuple("b", "a", 1), tuple("b", "c", 2));
    assertThat(top.get(0).getDouble(2)).isCloseTo(2.0 / 3, offset(1e-12));
  }

  @Test
  void aPopularProductScoresOnlyForTheProductsMostSimilarToItButStaysInEveryList() {
    // Jaccard towards b: a 2/3, c 1/3, d 1/3; with a fan-out of 2, d (the tie lost by id) keeps b
    // as a neighbour (its product page) but b no longer scores d for persons.
    Dataset<Row> capped =
        ItemToItem.neighbours(
            ItemToItem.coOccurrence(HISTORY, 1), new Similarity("jaccard", 0.5), 10, 2);
    assertThat(capped.where(col("neighbour_id").equalTo("b")).orderBy("product_id").collectAsList())
        .extracting(r -> r.getString(0), r -> r.<Boolean>getAs(ItemToItem.SCORING))
        .containsExactly(tuple("a", true), tuple("c", true), tuple("d", false));
    Dataset<Row> touchedB = rows(INTERACTIONS, interaction("p9", "b", 1.0, "2026-11-20T00:00:00Z"));
    assertThat(
            ItemToItem.scores(ItemToItem.affinity(touchedB, 0), capped)
                .orderBy("product_id")
                .collectAsList())
        .extracting(r -> r.getString(1))
        .containsExactly("a", "c");
  }

  @Test
  void theNumberedBuildGivesTheSameTableAsTheIdPairsOneForEverySimilarity() {
    // 60 persons, up to 8 of 25 products each (seeded): many ties in counts and similarity.
    java.util.Random random = new java.util.Random(5);
    List<Object[]> history = new java.util.ArrayList<>();
    for (int person = 0; person < 60; person++) {
      int products = 1 + random.nextInt(8);
      for (int i = 0; i < products; i++) {
        history.add(new Object[] {"p" + person, "item-" + random.nextInt(25)});
      }
    }
    Dataset<Row> h = rows(HISTORIES, history.toArray(Object[][]::new));
    // Every measure, and once without the pairs a single person had.
    List<Object[]> cases =
        List.of(
            new Object[] {"jaccard", 1},
            new Object[] {"lift", 1},
            new Object[] {"cosine", 1},
            new Object[] {"cosine:0.25", 1},
            new Object[] {"jaccard", 2});
    for (Object[] c : cases) {
      Similarity similarity = Similarity.parse("k", (String) c[0]);
      int minCo = (Integer) c[1];
      Dataset<Row> byIds =
          ItemToItem.neighbours(ItemToItem.coOccurrence(h, minCo), similarity, 4, 3);
      Dataset<Row> numbered = ItemToItem.neighbours(h, minCo, similarity, 4, 3);
      assertThat(byIds.count()).as("%s, min co %d", c[0], minCo).isPositive();
      assertThat(byIds.exceptAll(numbered).count() + numbered.exceptAll(byIds).count())
          .as("%s, min co %d", c[0], minCo)
          .isZero();
    }
  }

  private static Object[] interaction(String person, String product, double c, String time) {
    return new Object[] {person, product, c, Timestamp.from(Instant.parse(time))};
  }

  @Test
  void aHistoryKeepsEachPersonsMostRecentProducts() {
    Dataset<Row> interactions =
        rows(
            INTERACTIONS,
            interaction("p1", "old", 1, "2026-11-01T00:00:00Z"),
            interaction("p1", "new", 1, "2026-11-20T00:00:00Z"),
            interaction("p1", "mid", 1, "2026-11-10T00:00:00Z"),
            interaction("p2", "x", 1, "2026-10-01T00:00:00Z"));
    assertThat(
            ItemToItem.histories(interactions, 2)
                .orderBy("person_id", "product_id")
                .collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1))
        .containsExactly(tuple("p1", "mid"), tuple("p1", "new"), tuple("p2", "x"));
  }

  @Test
  void recencyHalvesAffinityPerHalfLifeBeforeThePersonsOwnLatestInteraction() {
    Dataset<Row> interactions =
        rows(
            INTERACTIONS,
            interaction("p1", "a", 4, "2026-11-20T12:00:00Z"),
            interaction("p1", "b", 4, "2026-11-18T12:00:00Z"),
            // p2's latest is weeks older than p1's: its own latest still weighs fully.
            interaction("p2", "c", 3, "2026-10-01T00:00:00Z"));
    assertThat(ItemToItem.affinity(interactions, 1).orderBy("product_id").collectAsList())
        .extracting(r -> r.getString(1), r -> r.getDouble(2))
        .containsExactly(tuple("a", 4.0), tuple("b", 1.0), tuple("c", 3.0));
    assertThat(ItemToItem.affinity(interactions, 0).orderBy("product_id").collectAsList())
        .extracting(r -> r.getDouble(2))
        .containsExactly(4.0, 4.0, 3.0);
  }

  @Test
  void aScoreSumsAffinityTimesSimilarityOverTheNeighboursThePersonTouched() {
    Dataset<Row> affinity =
        rows(
                INTERACTIONS,
                interaction("p1", "a", 2, "2026-11-20T00:00:00Z"),
                interaction("p1", "b", 1, "2026-11-20T00:00:00Z"),
                interaction("p2", "b", 3, "2026-11-20T00:00:00Z"))
            .select(col("person_id"), col("product_id"), col("confidence").as("affinity"));
    Dataset<Row> neighbours =
        rows(
            NEIGHBOURS,
            new Object[] {"c", "a", 0.5},
            new Object[] {"c", "b", 0.25},
            new Object[] {"d", "b", 0.8},
            new Object[] {"a", "b", 0.1},
            new Object[] {"e", "z", 0.9});
    // p1: c = 2×0.5 + 1×0.25 = 1.25, d = 1×0.8, a = 1×0.1; p2: d = 2.4, c = 0.75, a = 0.3.
    List<Row> scores =
        ItemToItem.scores(affinity, neighbours).orderBy("person_id", "product_id").collectAsList();
    assertThat(scores)
        .extracting(
            r -> r.getString(0), r -> r.getString(1), r -> Math.round(r.getDouble(2) * 1e9) / 1e9)
        .containsExactly(
            tuple("p1", "a", 0.1),
            tuple("p1", "c", 1.25),
            tuple("p1", "d", 0.8),
            tuple("p2", "a", 0.3),
            tuple("p2", "c", 0.75),
            tuple("p2", "d", 2.4));
    Dataset<Row> exclude = rows(HISTORIES, new Object[] {"p1", "c"});
    Dataset<Row> persons = rows(HISTORIES, new Object[] {"p1", "x"}).select("person_id");
    assertThat(ItemToItem.topK(affinity, neighbours, persons, exclude, 1).collectAsList())
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getInt(3))
        .containsExactly(tuple("p1", "d", 1));
  }

  @Test
  void theBroadcastPlanGivesTheJoinPlansListsTiesByProductIdExclusionsAndAll() {
    Dataset<Row> affinity =
        rows(
                INTERACTIONS,
                interaction("p1", "a", 2, "2026-11-20T00:00:00Z"),
                interaction("p1", "b", 1, "2026-11-20T00:00:00Z"),
                interaction("p2", "b", 3, "2026-11-20T00:00:00Z"),
                interaction("p3", "q", 1, "2026-11-20T00:00:00Z"),
                interaction("p4", "a", 1, "2026-11-20T00:00:00Z"))
            .select(col("person_id"), col("product_id"), col("confidence").as("affinity"));
    // p1 ties c and e at 1.0 (c wins by id); p3 touched nothing with neighbours; p4 is not asked.
    Dataset<Row> neighbours =
        rows(
            NEIGHBOURS,
            new Object[] {"e", "a", 0.5},
            new Object[] {"c", "a", 0.25},
            new Object[] {"c", "b", 0.5},
            new Object[] {"d", "b", 0.8},
            new Object[] {"a", "b", 0.1},
            new Object[] {"f", "b", 0.05});
    Dataset<Row> exclude = rows(HISTORIES, new Object[] {"p2", "d"}, new Object[] {"p1", "zz"});
    Dataset<Row> persons =
        rows(
                HISTORIES,
                new Object[] {"p1", "x"},
                new Object[] {"p2", "x"},
                new Object[] {"p3", "x"})
            .select("person_id");
    List<Row> broadcast =
        ItemToItem.topK(affinity, neighbours, persons, exclude, 3, Long.MAX_VALUE)
            .orderBy("person_id", "rank")
            .collectAsList();
    List<Row> joined =
        ItemToItem.topK(affinity, neighbours, persons, exclude, 3, 0)
            .orderBy("person_id", "rank")
            .collectAsList();
    assertThat(broadcast)
        .extracting(
            r -> r.getString(0),
            r -> r.getString(1),
            r -> Math.round(r.getDouble(2) * 1e9) / 1e9,
            r -> r.getInt(3))
        .containsExactly(
            tuple("p1", "c", 1.0, 1),
            tuple("p1", "e", 1.0, 2),
            tuple("p1", "d", 0.8, 3),
            tuple("p2", "c", 1.5, 1),
            tuple("p2", "a", 0.3, 2),
            tuple("p2", "f", 0.15, 3));
    assertThat(joined)
        .extracting(r -> r.getString(0), r -> r.getString(1), r -> r.getInt(3))
        .containsExactlyElementsOf(
            broadcast.stream()
                .map(r -> tuple(r.getString(0), r.getString(1), r.getInt(3)))
                .toList());
  }

  private static final StructType LISTS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("score", DataTypes.DoubleType);

  @Test
  void theBlendScalesEachListPerPersonThenMixesThemByTheWeight() {
    Dataset<Row> als =
        rows(
            LISTS,
            new Object[] {"p1", "a", 0.9},
            new Object[] {"p1", "b", 0.5},
            new Object[] {"p1", "c", 0.1},
            new Object[] {"p2", "a", -0.2});
    Dataset<Row> items =
        rows(
            LISTS,
            new Object[] {"p1", "c", 30.0},
            new Object[] {"p1", "d", 10.0},
            new Object[] {"p1", "b", 20.0});
    // p1 ALS scaled: a 1, b 0.5, c 0; item-to-item scaled: c 1, b 0.5, d 0.
    // w = 0.25: a 0.75, b 0.5, c 0.25, d 0; p2's only candidate scales to 1.
    List<Row> blended =
        Hybrid.blend(als, items, 0.25).orderBy("person_id", "product_id").collectAsList();
    assertThat(blended)
        .extracting(
            r -> r.getString(0),
            r -> r.getString(1),
            r -> Math.round(r.getDouble(2) * 1e9) / 1e9,
            r -> r.getDouble(3),
            r -> r.getDouble(4))
        .containsExactly(
            tuple("p1", "a", 0.75, 1.0, 0.0),
            tuple("p1", "b", 0.5, 0.5, 0.5),
            tuple("p1", "c", 0.25, 0.0, 1.0),
            tuple("p1", "d", 0.0, 0.0, 0.0),
            tuple("p2", "a", 0.75, 1.0, 0.0));
    // The weight's ends: ALS alone and item-to-item alone.
    assertThat(
            Hybrid.blend(als, items, 0)
                .where(col("person_id").equalTo(lit("p1")))
                .orderBy(col("score").desc())
                .collectAsList())
        .extracting(r -> r.getString(1))
        .startsWith("a", "b");
    assertThat(
            Hybrid.blend(als, items, 1)
                .where(col("person_id").equalTo(lit("p1")))
                .orderBy(col("score").desc())
                .collectAsList())
        .extracting(r -> r.getString(1))
        .startsWith("c", "b");
    assertThatThrownBy(() -> Hybrid.blend(als, items, 1.5))
        .hasMessage("blend weight must be in [0, 1], got 1.5");
  }

  private static final org.segmentofone.train.AlsParams ALS =
      new org.segmentofone.train.AlsParams(16, 0.1, 1.0, true);

  @Test
  void theBestHybridCandidateWinsAndATieGoesToTheEarlierOne() {
    HybridParams alone = new HybridParams(new Similarity("cosine", 0.5), 0, 0);
    HybridParams blend = new HybridParams(new Similarity("jaccard", 0.5), 1, 0.3);
    HybridParams other = new HybridParams(new Similarity("lift", 0.5), 0, 0.5);
    assertThat(
            HybridTuner.best(
                    List.of(
                        new HybridTuner.Candidate(0, ALS, alone, 0.30, 1),
                        new HybridTuner.Candidate(1, ALS, blend, 0.30, 1),
                        new HybridTuner.Candidate(2, ALS, other, 0.29, 1)))
                .params())
        .isEqualTo(alone);
    assertThat(
            HybridTuner.best(
                    List.of(
                        new HybridTuner.Candidate(0, ALS, alone, 0.30, 1),
                        new HybridTuner.Candidate(1, ALS, blend, 0.31, 1)))
                .params())
        .isEqualTo(blend);
  }
}
