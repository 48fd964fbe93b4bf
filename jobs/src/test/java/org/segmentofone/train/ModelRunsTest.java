package org.segmentofone.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Date;
import java.time.LocalDate;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Tables;

class ModelRunsTest {
  private static final LocalDate DAY = LocalDate.parse("2026-11-30");
  private static final String SPACE = "space-of-tonight";
  private static ModelRuns runs;

  /**
   * The 25th searched another space (an older grid) and was published; the 26th searched and was
   * published; the 27th searched another space again (a one-off grid); the 28th reused the 26th's
   * search (no search of its own); the 29th searched and was refused; the 30th searched and is not
   * judged yet.
   */
  @BeforeAll
  static void writeNights() {
    DeltaTables tables =
        new DeltaTables(TestSpark.session(), TestSpark.paths(TestSpark.tempDir("model-runs")));
    tables.overwrite(
        TestSpark.rows(
            Tables.MODEL_RUNS.schema(),
            run(DAY.minusDays(5), TrainModelJob.STATUS_PUBLISHED, 7, "older-grid"),
            run(DAY.minusDays(4), TrainModelJob.STATUS_PUBLISHED, 7, SPACE),
            run(DAY.minusDays(3), TrainModelJob.STATUS_APPROVED, 7, "one-off-grid"),
            run(DAY.minusDays(2), TrainModelJob.STATUS_APPROVED, 0, SPACE),
            run(DAY.minusDays(1), TrainModelJob.STATUS_REFUSED, 7, SPACE),
            run(DAY, TrainModelJob.STATUS_TRAINED, 7, SPACE)),
        Tables.MODEL_RUNS);
    runs = new ModelRuns(tables);
  }

  @Test
  void aRerunOfADateFindsThatDatesSearchBeforeTheGateJudgedIt() {
    assertThat(runs.lastSearched(DAY, SPACE)).map(ModelRunsTest::date).contains(DAY);
  }

  @Test
  void laterNightsSkipRefusedSearchesRunsWithoutASearchAndSearchesNotYetJudged() {
    // The 29th's search was refused, the 28th searched nothing: the 26th's is the last one.
    assertThat(runs.lastSearched(DAY.minusDays(1), SPACE))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(4));
    // A rerun of the 28th, which reused a search of its own: the 26th's again.
    assertThat(runs.lastSearched(DAY.minusDays(2), SPACE))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(4));
    // The 30th's search is not judged yet: the 31st must not build on it.
    assertThat(runs.lastSearched(DAY.plusDays(1), SPACE))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(4));
    assertThat(runs.lastSearched(DAY.minusDays(6), SPACE)).isEmpty();
  }

  @Test
  void onlyASearchOfTheSameSpaceCountsNotTheNewestOfAnother() {
    // The 27th searched a one-off grid: the 26th's search of tonight's space is still found.
    assertThat(runs.lastSearched(DAY.minusDays(2), SPACE))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(4));
    assertThat(runs.lastSearched(DAY.minusDays(4), "older-grid"))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(5));
    assertThat(runs.lastSearched(DAY, "a-grid-never-searched")).isEmpty();
  }

  @Test
  void theLastPublishedIsStrictlyBeforeTheRunDate() {
    assertThat(runs.lastPublished(DAY)).map(ModelRunsTest::date).contains(DAY.minusDays(4));
    assertThat(runs.lastPublished(DAY.minusDays(4)))
        .map(ModelRunsTest::date)
        .contains(DAY.minusDays(5));
    assertThat(runs.lastPublished(DAY.minusDays(5))).isEmpty();
  }

  private static LocalDate date(Row r) {
    return r.<Date>getAs("run_date").toLocalDate();
  }

  private static Object[] run(LocalDate day, String status, int candidates, String space) {
    StructType schema = Tables.MODEL_RUNS.schema();
    Object[] values = new Object[schema.size()];
    values[schema.fieldIndex("version")] = day.toString();
    values[schema.fieldIndex("run_date")] = Date.valueOf(day);
    values[schema.fieldIndex("run_id")] = "run-" + day;
    values[schema.fieldIndex("path")] = "models/" + day;
    values[schema.fieldIndex("status")] = status;
    values[schema.fieldIndex("tuning_candidates")] = candidates;
    values[schema.fieldIndex("search_space")] = space;
    values[schema.fieldIndex("created_at")] =
        java.sql.Timestamp.valueOf(day.atStartOfDay().plusHours(3));
    return values;
  }
}
