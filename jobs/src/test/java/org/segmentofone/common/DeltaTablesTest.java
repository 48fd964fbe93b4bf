package org.segmentofone.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;

class DeltaTablesTest {
  private static final TableSpec SPEC =
      new TableSpec(
          "things",
          new StructType()
              .add("name", DataTypes.StringType)
              .add("n", DataTypes.LongType)
              .add("day", DataTypes.DateType),
          List.of("day"));

  private final DeltaTables tables =
      new DeltaTables(TestSpark.session(), TestSpark.paths(TestSpark.tempDir("delta")));

  private static Dataset<Row> day(String date, int rows) {
    Object[][] r = new Object[rows][];
    for (int i = 0; i < rows; i++) {
      r[i] = new Object[] {"x" + i, (long) i, Date.valueOf(date)};
    }
    return TestSpark.rows(SPEC.schema(), r);
  }

  @Test
  void rewritingADateReplacesItInsteadOfAppending() {
    assertThat(tables.replaceWhere(day("2026-11-21", 3), SPEC, "day = '2026-11-21'")).isEqualTo(3);
    assertThat(tables.replaceWhere(day("2026-11-22", 4), SPEC, "day = '2026-11-22'")).isEqualTo(4);
    assertThat(tables.replaceWhere(day("2026-11-22", 4), SPEC, "day = '2026-11-22'")).isEqualTo(4);
    assertThat(tables.read(SPEC).count()).isEqualTo(7);
  }

  @Test
  void aTableWrittenUnpartitionedByAnOlderReleaseIsRewrittenToTheContractLayout() {
    TableSpec unpartitioned = new TableSpec(SPEC.name(), SPEC.schema(), List.of());
    tables.overwrite(day("2026-11-20", 5), unpartitioned);
    DeltaTables upgraded = tables;
    assertThat(upgraded.replaceWhere(day("2026-11-21", 2), SPEC, "day = '2026-11-21'"))
        .isEqualTo(2);
    assertThat(upgraded.partitionDates(SPEC, "day"))
        .containsExactly(java.time.LocalDate.parse("2026-11-21"));
    assertThat(upgraded.replaceWhere(day("2026-11-22", 3), SPEC, "day = '2026-11-22'"))
        .isEqualTo(3);
    assertThat(upgraded.read(SPEC).count()).isEqualTo(5);
  }

  @Test
  void writesExactlyTheContractColumnsInOrder() {
    Dataset<Row> extra =
        day("2026-11-20", 1).withColumn("noise", org.apache.spark.sql.functions.lit(1));
    tables.overwrite(extra.select("day", "noise", "n", "name"), SPEC);
    assertThat(tables.read(SPEC).columns()).containsExactly("name", "n", "day");
  }

  @Test
  void aResultWithoutAContractColumnIsRefused() {
    assertThatThrownBy(() -> tables.overwrite(day("2026-11-20", 1).drop("n"), SPEC))
        .isInstanceOf(TableContractException.class)
        .hasMessage("cannot write things: the result lacks column n");
  }

  @Test
  void readingAMissingTableSaysWhichStageWritesIt() {
    assertThatThrownBy(() -> tables.read(Tables.EVENTS))
        .isInstanceOf(TableContractException.class)
        .hasMessageStartingWith("table events does not exist at ")
        .hasMessageEndingWith("(run the stage that writes it first)");
  }

  @Test
  void aNullableColumnAddedToTheContractReadsAsNullUntilTheNextWriteAddsIt() {
    TableSpec older =
        new TableSpec(
            SPEC.name(),
            new StructType().add("name", DataTypes.StringType).add("day", DataTypes.DateType),
            SPEC.partitionColumns());
    tables.replaceWhere(day("2026-11-20", 2).drop("n"), older, "day = '2026-11-20'");

    Dataset<Row> read = tables.read(SPEC);
    assertThat(read.columns()).containsExactly("name", "n", "day");
    assertThat(read.where("n IS NULL").count()).isEqualTo(2);
    tables.replaceWhere(day("2026-11-21", 1), SPEC, "day = '2026-11-21'");
    assertThat(tables.read(SPEC).where("n IS NOT NULL").count()).isEqualTo(1);
    assertThat(tables.read(SPEC).count()).isEqualTo(3);
  }

  @Test
  void aStoredTableWithoutARequiredContractColumnFailsTheSchemaCheck() {
    TableSpec required =
        new TableSpec(
            "things",
            new StructType().add("name", DataTypes.StringType).add("n", DataTypes.LongType, false),
            List.of());
    assertThatThrownBy(
            () ->
                DeltaTables.checkSchema(
                    required, new StructType().add("name", DataTypes.StringType)))
        .hasMessage("table things lacks column n of its contract");
  }

  @Test
  void aStoredTableWithADriftedTypeFailsTheSchemaCheck() {
    StructType drifted =
        new StructType()
            .add("name", DataTypes.StringType)
            .add("n", DataTypes.StringType)
            .add("day", DataTypes.DateType);
    assertThatThrownBy(() -> DeltaTables.checkSchema(SPEC, drifted))
        .hasMessage("table things column n is string, the contract says bigint");
  }
}
