package org.segmentofone.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.AppConfig;
import org.segmentofone.Pipeline;
import org.segmentofone.TestSpark;
import org.segmentofone.collect.CollectEventsJob;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.StageRunner.StageOutcome;
import org.segmentofone.common.Tables;

/** A realistic Segment export, imported, flows through the whole nightly. */
class ImportSegmentIT {
  private static final LocalDate END = LocalDate.parse("2026-11-22");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-23T06:00:00Z"), java.time.ZoneOffset.UTC);
  private static SparkSession spark;
  private static DeltaTables tables;
  private static ImportJob.Result imported;
  private static List<StageOutcome> nightly;

  @BeforeAll
  static void importAndRunNightly() {
    spark = TestSpark.session();
    Path base = TestSpark.tempDir("segment-it");
    Path export = base.resolve("export");
    SegmentExportWriter.write(export, 300, 30, END, 11);
    Path out = base.resolve("imported");
    AppConfig config =
        AppConfig.load(
            null,
            Map.of(
                "paths.raw-events",
                out.resolve("raw/events").toString(),
                "paths.catalog",
                out.resolve("raw/catalog").toString(),
                "paths.warehouse",
                base.resolve("warehouse").toString(),
                "paths.checkpoint",
                base.resolve("checkpoints").toString(),
                "train.rank",
                "8",
                "train.max-iter",
                "6",
                // The search is NightlyPipelineIT's subject, not the import's: the configured
                // values train as they are.
                "train.tuning.trials",
                "0"));
    ImportConfig cfg = config.imports().withOverrides("segment", export.toString(), out.toString());
    imported = new ImportJob(spark, cfg).run(new RunContext("import", END, CLOCK));
    tables = new DeltaTables(spark, config.paths());
    nightly = new Pipeline(spark, config).run("nightly", new RunContext("n1", END, CLOCK));
  }

  @Test
  void everyImportedEventIsCollectedAndOnlyPageCallsWereSkipped() {
    assertThat(imported.rejected()).containsOnlyKeys("unmapped:page");
    assertThat(imported.spanDays()).isEqualTo(30);
    CollectEventsJob.Result collect = (CollectEventsJob.Result) nightly.get(0).result();
    assertThat(collect.read()).isEqualTo(imported.events());
    assertThat(collect.accepted()).isEqualTo(imported.events());
    assertThat(collect.quarantined()).isZero();
    assertThat(tables.read(Tables.PRODUCTS).count())
        .isEqualTo(SegmentExportWriter.CATEGORIES * SegmentExportWriter.PRODUCTS_PER_CATEGORY);
  }

  @Test
  void aCustomersDevicesAndEmailResolveToOnePerson() {
    long persons =
        tables
            .read(Tables.IDENTITY_MAP)
            .where("id_type = 'user_id' AND id_value = 'cust-7'")
            .select("person_id")
            .distinct()
            .count();
    assertThat(persons).isEqualTo(1);
    String person =
        tables
            .read(Tables.IDENTITY_MAP)
            .where("id_type = 'user_id' AND id_value = 'cust-7'")
            .first()
            .getAs("person_id");
    assertThat(
            tables
                .read(Tables.IDENTITY_MAP)
                .where("person_id = '" + person + "' AND id_type = 'email_hash'")
                .count())
        .isEqualTo(1);
  }

  @Test
  void theNightlyPublishesRecommendationsForTheImportedShoppers() {
    assertThat(nightly).extracting(StageOutcome::stage).containsExactlyElementsOf(Pipeline.NIGHTLY);
    long persons = tables.read(Tables.PERSON_PROFILE).count();
    assertThat(persons).isGreaterThan(300);
    assertThat(
            tables
                .read(Tables.RECOMMENDATIONS)
                .where("source <> 'trending'")
                .select("person_id")
                .distinct()
                .count())
        .isGreaterThan(100);
  }
}
