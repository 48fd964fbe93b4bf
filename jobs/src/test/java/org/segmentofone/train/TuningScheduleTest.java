package org.segmentofone.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.AppConfig;
import org.segmentofone.common.Tables;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Similarity;

class TuningScheduleTest {
  private static final LocalDate MONDAY = LocalDate.parse("2026-11-30");
  private static final String SPACE = "0123456789abcdef";
  private static final String DEFAULTS_SPACE = "2518389e6a25da29";
  private static final TuningSchedule.Searched SEARCHED =
      new TuningSchedule.Searched(
          MONDAY,
          new AlsParams(64, 0.05, 5.0, true),
          new HybridParams(Similarity.parse("k", "cosine:0.25"), 7.0, 0.4),
          SPACE,
          13,
          0.31,
          0.33);

  @Test
  void theNightsUntilEveryDaysHavePassedReuseTheLastSearch() {
    TuningSchedule weekly = new TuningSchedule(7);
    for (int day = 1; day < 7; day++) {
      assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(day), SPACE))
          .as("day %d", day)
          .contains(SEARCHED);
    }
    assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(7), SPACE)).isEmpty();
    assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(30), SPACE)).isEmpty();
  }

  @Test
  void aRerunOfTheDateThatSearchedReusesThatSearchEvenWhenEveryNightSearches() {
    assertThat(new TuningSchedule(7).reuse(Optional.of(SEARCHED), MONDAY, SPACE))
        .contains(SEARCHED);
    assertThat(new TuningSchedule(1).reuse(Optional.of(SEARCHED), MONDAY, SPACE))
        .contains(SEARCHED);
    assertThat(SEARCHED.ranOn(MONDAY)).isTrue();
    assertThat(SEARCHED.ranOn(MONDAY.plusDays(1))).isFalse();
  }

  @Test
  void aFirstNightEveryDaysOneOnTheNextNightEveryDaysZeroOrAnotherSpaceSearches() {
    assertThat(new TuningSchedule(7).reuse(Optional.empty(), MONDAY, SPACE)).isEmpty();
    assertThat(new TuningSchedule(1).reuse(Optional.of(SEARCHED), MONDAY.plusDays(1), SPACE))
        .isEmpty();
    assertThat(new TuningSchedule(0).reuse(Optional.of(SEARCHED), MONDAY, SPACE)).isEmpty();
    assertThat(new TuningSchedule(7).reuse(Optional.of(SEARCHED), MONDAY.plusDays(1), "other"))
        .isEmpty();
    // A row of an older release has no fingerprint: a search is due.
    TuningSchedule.Searched unknown =
        new TuningSchedule.Searched(
            MONDAY, SEARCHED.als(), SEARCHED.hybrid(), null, 13, 0.31, 0.33);
    assertThat(new TuningSchedule(7).reuse(Optional.of(unknown), MONDAY.plusDays(1), SPACE))
        .isEmpty();
    // A search dated after the run date (a backfill of an older date) is not the night's.
    assertThat(new TuningSchedule(7).reuse(Optional.of(SEARCHED), MONDAY.minusDays(1), SPACE))
        .isEmpty();
  }

  @Test
  void aSearchedModelRunRowGivesBackTheValuesItChoseAndWhatItRecorded() {
    Row row = modelRun("cosine:0.25", 0.4);
    assertThat(TuningSchedule.Searched.of(row)).contains(SEARCHED);
  }

  @Test
  void aRowWrittenBeforeTheHybridColumnsIsNoSearchToReuse() {
    assertThat(TuningSchedule.Searched.of(modelRun(null, null))).isEmpty();
  }

  @Test
  void theSpaceChangesWithWhatDecidesTheSearchButNotWithHowOftenItRuns() {
    String base = space(Map.of());
    assertThat(base).hasSize(16).isEqualTo(space(Map.of()));
    assertThat(space(Map.of("train.tuning.every-days", "1"))).isEqualTo(base);
    assertThat(space(Map.of("recommend.top-n", "7"))).as("not a search setting").isEqualTo(base);
    // What only the final models use; num-blocks 0 resolves to the cluster's cores.
    assertThat(space(Map.of("train.max-iter", "30"))).isEqualTo(base);
    assertThat(space(Map.of("train.checkpoint-interval", "3"))).isEqualTo(base);
    AppConfig c = AppConfig.load(null, Map.of());
    for (int cores : new int[] {2, 8, 64}) {
      assertThat(
              TuningSchedule.space(
                  c.train().withBlocks(cores),
                  c.hybrid(),
                  c.consume(),
                  c.evaluate(),
                  c.recommend().minEvents()))
          .as("%d cores", cores)
          .isEqualTo(base);
    }
    for (Map.Entry<String, String> change :
        Map.of(
                "train.tuning.ranks", "[8]",
                "train.tuning.seed", "12",
                "train.rank", "48",
                "hybrid.tuning.blend-weights", "[0.5]",
                "consume.weights.product_view", "0.5",
                "evaluate.max-test-persons", "99",
                "recommend.min-events", "9")
            .entrySet()) {
      assertThat(space(Map.ofEntries(change))).as(change.getKey()).isNotEqualTo(base);
    }
  }

  /**
   * The fingerprint of the shipped defaults, as any JVM in any locale computes it. It changes when
   * a default search setting or the fingerprint's text changes (every store then searches once on
   * its next run): update the value here on purpose, never to make the test pass.
   */
  @Test
  void theDefaultsFingerprintIsTheSameInEveryJvmAndLocale() {
    java.util.Locale before = java.util.Locale.getDefault();
    try {
      java.util.Locale.setDefault(java.util.Locale.forLanguageTag("ar-EG"));
      assertThat(space(Map.of())).isEqualTo(DEFAULTS_SPACE);
    } finally {
      java.util.Locale.setDefault(before);
    }
    assertThat(space(Map.of())).isEqualTo(DEFAULTS_SPACE);
  }

  private static String space(Map<String, String> overrides) {
    AppConfig c = AppConfig.load(null, overrides);
    return TuningSchedule.space(
        c.train(), c.hybrid(), c.consume(), c.evaluate(), c.recommend().minEvents());
  }

  private static Row modelRun(String similarity, Double blendWeight) {
    StructType schema = Tables.MODEL_RUNS.schema();
    Object[] values = new Object[schema.size()];
    values[schema.fieldIndex("run_date")] = Date.valueOf(MONDAY);
    values[schema.fieldIndex("rank")] = 64;
    values[schema.fieldIndex("reg_param")] = 0.05;
    values[schema.fieldIndex("alpha")] = 5.0;
    values[schema.fieldIndex("log_scale")] = true;
    values[schema.fieldIndex("similarity")] = similarity;
    values[schema.fieldIndex("recency_half_life_days")] = 7.0;
    values[schema.fieldIndex("blend_weight")] = blendWeight;
    values[schema.fieldIndex("search_space")] = SPACE;
    values[schema.fieldIndex("tuning_candidates")] = 13;
    values[schema.fieldIndex("validation_ndcg")] = 0.31;
    values[schema.fieldIndex("hybrid_validation_ndcg")] = 0.33;
    return new GenericRowWithSchema(values, schema);
  }
}
