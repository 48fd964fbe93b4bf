package org.segmentofone.consume;

import static org.apache.spark.sql.functions.col;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ResolveIdentitiesJob;

/**
 * {@code consume}: {@code events}, {@code identity_map} and {@code products} in; implicit feedback
 * {@code interactions} (consenting persons only) and {@code person_profile} out, both rebuilt for
 * the run date.
 */
public final class BuildInteractionsJob implements Job<BuildInteractionsJob.Result> {
  private final ConsumeConfig cfg;
  private final DeltaTables tables;

  /** Sizes of the feedback and profile tables. */
  public record Result(long interactions, long persons, long withoutConsent) implements JobResult {
    @Override
    public long rowsIn() {
      return persons;
    }

    @Override
    public long rowsOut() {
      return interactions;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("interactions", interactions);
      m.put("person_profile", persons);
      return m;
    }

    @Override
    public String message() {
      return "%d (person, product) interactions for %d persons; %d without consent left out"
          .formatted(interactions, persons, withoutConsent);
    }
  }

  public BuildInteractionsJob(SparkSession spark, PathsConfig paths, ConsumeConfig cfg) {
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
  }

  /**
   * Events up to the run date with the {@code person_id} of that night's identity map: what consume
   * turns into feedback, and what train and evaluate split in time.
   */
  public static Dataset<Row> personEvents(DeltaTables tables, LocalDate runDate) {
    return ConsumeTransforms.withPerson(
            tables.read(Tables.EVENTS), ResolveIdentitiesJob.mapFor(tables, runDate))
        .where(col("event_date").leq(java.sql.Date.valueOf(runDate)));
  }

  @Override
  public String stage() {
    return "consume";
  }

  @Override
  public Result run(RunContext run) {
    Dataset<Row> personEvents =
        personEvents(tables, run.runDate()).persist(StorageLevel.MEMORY_AND_DISK());
    try {
      Dataset<Row> consent = ConsumeTransforms.consent(personEvents).cache();
      long interactions =
          tables.overwrite(
              ConsumeTransforms.interactions(personEvents, consent, cfg, run.runDate()),
              Tables.INTERACTIONS);
      long persons =
          tables.overwrite(
              ConsumeTransforms.profiles(
                  personEvents,
                  tables.read(Tables.PRODUCTS),
                  consent,
                  cfg.windowDays(),
                  run.runDate()),
              Tables.PERSON_PROFILE);
      long withoutConsent = consent.where(col("consent").unary_$bang()).count();
      consent.unpersist();
      return new Result(interactions, persons, withoutConsent);
    } finally {
      personEvents.unpersist();
    }
  }
}
