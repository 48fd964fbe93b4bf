package org.segmentofone.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.common.Tables;
import org.segmentofone.itemtoitem.HybridParams;
import org.segmentofone.itemtoitem.Similarity;

class TuningScheduleTest {
  private static final LocalDate MONDAY = LocalDate.parse("2026-11-30");
  private static final TuningSchedule.Searched SEARCHED =
      new TuningSchedule.Searched(
          MONDAY,
          new AlsParams(64, 0.05, 5.0, true),
          new HybridParams(Similarity.parse("k", "cosine:0.25"), 7.0, 0.4));

  @Test
  void theNightsUntilEveryDaysHavePassedReuseTheLastSearch() {
    TuningSchedule weekly = new TuningSchedule(7);
    for (int day = 1; day < 7; day++) {
      assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(day)))
          .as("day %d", day)
          .contains(SEARCHED);
    }
    assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(7))).isEmpty();
    assertThat(weekly.reuse(Optional.of(SEARCHED), MONDAY.plusDays(30))).isEmpty();
  }

  @Test
  void aFirstNightOrARerunOfTheSearchDateOrEveryDaysOneSearches() {
    assertThat(new TuningSchedule(7).reuse(Optional.empty(), MONDAY)).isEmpty();
    // A rerun of the date that searched searches again (the same inputs give the same choice).
    assertThat(new TuningSchedule(7).reuse(Optional.of(SEARCHED), MONDAY)).isEmpty();
    assertThat(new TuningSchedule(1).reuse(Optional.of(SEARCHED), MONDAY.plusDays(1))).isEmpty();
  }

  @Test
  void aSearchedModelRunRowGivesBackTheValuesItChose() {
    Row row = modelRun("cosine:0.25", 0.4);
    assertThat(TuningSchedule.Searched.of(row)).contains(SEARCHED);
  }

  @Test
  void aRowWrittenBeforeTheHybridColumnsIsNoSearchToReuse() {
    assertThat(TuningSchedule.Searched.of(modelRun(null, null))).isEmpty();
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
    return new GenericRowWithSchema(values, schema);
  }
}
