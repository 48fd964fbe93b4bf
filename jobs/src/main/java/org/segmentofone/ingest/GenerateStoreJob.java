package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.RawEvents;
import org.segmentofone.common.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code generate}: writes a synthetic store — raw events (Parquet by event_date), the catalog, and
 * ground truth under {@code truth/}, kept apart from the input. Re-running replaces it.
 */
public final class GenerateStoreJob implements Job<GenerateStoreJob.Result> {
  private static final Logger LOG = LoggerFactory.getLogger(GenerateStoreJob.class);
  private static final long PILOT_PERSONS = 4_000;

  private final SparkSession spark;
  private final GenerateConfig cfg;

  /** Counts of what was written and where. */
  public record Result(
      String output,
      long events,
      long persons,
      long products,
      long sessions,
      double eventsPerSession)
      implements JobResult {
    @Override
    public long rowsIn() {
      return 0;
    }

    @Override
    public long rowsOut() {
      return events;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("raw/events", events);
      m.put("raw/catalog", products);
      m.put("truth/persons", persons);
      return m;
    }

    @Override
    public String message() {
      return "generated %d events for %d persons and %d products in %s"
          .formatted(events, persons, products, output);
    }
  }

  public GenerateStoreJob(SparkSession spark, GenerateConfig cfg) {
    this.spark = spark;
    this.cfg = cfg;
  }

  @Override
  public String stage() {
    return "generate";
  }

  @Override
  public Result run(RunContext run) {
    StoreGenerator gen = new StoreGenerator(cfg);
    double perSession = eventsPerSession(gen);
    double meanSessions = Math.max(1.0, cfg.events() / (cfg.persons() * perSession));
    LOG.info(
        "generating ~{} events: {} persons x {} sessions x {} events per session, {} products",
        cfg.events(),
        cfg.persons(),
        String.format("%.2f", meanSessions),
        String.format("%.2f", perSession),
        cfg.products());

    Dataset<Row> persons = gen.persons(spark, cfg.persons(), meanSessions);
    Dataset<Row> sessions = gen.sessions(persons);
    Dataset<Row> events =
        gen.withDefects(gen.cleanEvents(sessions, gen.productDim(spark)))
            .drop("person_key", "planted_defect");

    String out = cfg.output();
    int files = cfg.filesPerDay();
    events
        .repartition(
            cfg.days() * files,
            col(RawEvents.EVENT_DATE),
            pmod(xxhash64(col(RawEvents.EVENT_ID)), lit(files)))
        .sortWithinPartitions(RawEvents.EVENT_TIME)
        .write()
        .mode(SaveMode.Overwrite)
        .partitionBy(RawEvents.EVENT_DATE)
        .parquet(out + "/raw/events");
    gen.catalog(spark).coalesce(1).write().mode(SaveMode.Overwrite).parquet(out + "/raw/catalog");

    writeTruth(gen.truthPersons(persons), out + "/truth/persons");
    writeTruth(gen.truthIdentities(persons, sessions), out + "/truth/identities");
    writeTruth(gen.truthSharedDevices(spark), out + "/truth/shared_devices");
    writeTruth(gen.complements(spark), out + "/truth/complements");
    writeTruth(gen.truthExperiments(sessions), out + "/truth/experiments");

    // Parquet footers hold the row counts: these reads do not scan the data.
    long written = spark.read().parquet(out + "/raw/events").count();
    long sessionCount =
        spark
            .read()
            .parquet(out + "/truth/persons")
            .agg(org.apache.spark.sql.functions.sum("sessions"))
            .head()
            .getLong(0);
    return new Result(out, written, cfg.persons(), cfg.products(), sessionCount, perSession);
  }

  /** Mean events per session, measured on a small pilot so the event target can be hit. */
  private double eventsPerSession(StoreGenerator gen) {
    Dataset<Row> pilot =
        gen.sessions(gen.persons(spark, Math.min(PILOT_PERSONS, cfg.persons()), 5));
    Row r =
        gen.cleanEvents(pilot, gen.productDim(spark))
            .agg(
                org.apache.spark.sql.functions.count(lit(1)),
                org.apache.spark.sql.functions.countDistinct(col("session_id")))
            .head();
    return (double) r.getLong(0) / Math.max(1L, r.getLong(1));
  }

  private static void writeTruth(Dataset<Row> df, String path) {
    df.coalesce(1).write().mode(SaveMode.Overwrite).parquet(path);
  }
}
