package org.segmentofone.audit;

import static org.apache.spark.sql.functions.col;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.segmentofone.audit.AuditFigures.DayCount;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.JobRunsTable;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.ReportFiles;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ResolveIdentitiesJob;

/**
 * {@code audit}: is the data Collected, Connected and Consumable? Measures the window of events up
 * to the run date, the quarantine, collect's duplicates, the run date's identity map and the
 * consume tables; writes one {@code audit_checks} row per check and verdict for the run date
 * (replacing a retried run's rows) and the HTML report with its JSON twin.
 */
public final class AuditReadinessJob implements Job<AuditReadinessJob.Result> {
  private final SparkSession spark;
  private final PathsConfig paths;
  private final AuditConfig cfg;
  private final int coldStartEvents;
  private final DeltaTables tables;

  /** The verdicts, the rows written and where the report went. */
  public record Result(
      long windowEvents, List<Check> checks, long rowsWritten, String report, String json)
      implements JobResult {
    @Override
    public long rowsIn() {
      return windowEvents;
    }

    @Override
    public long rowsOut() {
      return rowsWritten;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      return Map.of(Tables.AUDIT_CHECKS.name(), rowsWritten);
    }

    @Override
    public String message() {
      StringBuilder s = new StringBuilder();
      for (Check c : checks) {
        if (c.check().equals(Readiness.VERDICT)) {
          s.append(s.isEmpty() ? "" : ", ")
              .append(c.section())
              .append(' ')
              .append(c.status().label());
        }
      }
      return "readiness " + s + "; report " + report;
    }

    @Override
    public List<String> reports() {
      return List.of(report, json);
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m = new LinkedHashMap<>();
      for (Check.Status st : Check.Status.values()) {
        m.put(
            st.label(),
            checks.stream()
                .filter(c -> !c.check().equals(Readiness.VERDICT) && c.status() == st)
                .count());
      }
      return m;
    }
  }

  public AuditReadinessJob(
      SparkSession spark, PathsConfig paths, AuditConfig cfg, int coldStartEvents) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.coldStartEvents = coldStartEvents;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "audit";
  }

  @Override
  public Result run(RunContext run) {
    LocalDate day = run.runDate();
    AuditFigures figures = figures(day);
    List<Check> checks =
        Readiness.assess(Measures.of(figures, cfg.volumeBaselineDays()), cfg, coldStartEvents);
    long written =
        tables.replaceWhere(rows(checks, day), Tables.AUDIT_CHECKS, "run_date = '" + day + "'");
    String dir = cfg.reportDir().isBlank() ? paths.table("reports/audit") : cfg.reportDir();
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    String json =
        ReportFiles.write(hadoop, dir + "/" + day + ".json", AuditReport.json(figures, checks));
    String report =
        ReportFiles.write(hadoop, dir + "/" + day + ".html", AuditReport.html(figures, checks));
    long windowEvents = figures.collected().events();
    return new Result(windowEvents, checks, written, report, json);
  }

  /** Measures everything the checks and charts need; only small aggregates reach the driver. */
  AuditFigures figures(LocalDate day) {
    Dataset<Row> events = tables.read(Tables.EVENTS);
    Dataset<Row> window = AuditTransforms.window(events, day, cfg.windowDays()).persist();
    try {
      List<DayCount> daily = new ArrayList<>();
      for (Row r : AuditTransforms.dailyVolume(window).collectAsList()) {
        daily.add(new DayCount(r.getDate(0).toLocalDate(), r.getString(1), r.getLong(2)));
      }
      Row first = AuditTransforms.firstEventDate(events).head();
      Dataset<Row> products = tables.readOrEmpty(Tables.PRODUCTS);
      Row c = AuditTransforms.collectedCounts(window, products).head();
      Row dup =
          AuditTransforms.duplicates(tables.readOrEmpty(JobRunsTable.SPEC), day, cfg.windowDays())
              .head();
      Timestamp newest = c.getTimestamp(5);
      AuditFigures.Collected collected =
          new AuditFigures.Collected(
              c.getLong(0),
              c.getLong(1),
              c.getLong(2),
              c.getLong(3),
              c.getLong(4),
              newest == null ? null : newest.toInstant(),
              dup.getLong(0),
              dup.getLong(1));
      Map<String, Long> reasons = new TreeMap<>();
      for (Row r :
          AuditTransforms.quarantineReasons(
                  tables.readOrEmpty(Tables.QUARANTINE), day, cfg.windowDays())
              .collectAsList()) {
        reasons.put(r.getString(0), r.getLong(1));
      }
      AuditFigures.Connected connected = null;
      List<String> shared = new ArrayList<>();
      if (tables.partitionDates(Tables.IDENTITY_MAP, "run_date").contains(day)) {
        Dataset<Row> suspects =
            tables
                .readOrEmpty(Tables.IDENTITY_SUSPECTS)
                .where(col("run_date").equalTo(Date.valueOf(day)));
        Row k =
            AuditTransforms.connectedCounts(
                    window, ResolveIdentitiesJob.mapFor(tables, day), suspects)
                .head();
        connected =
            new AuditFigures.Connected(
                k.getLong(0),
                k.getLong(1),
                k.getLong(2),
                k.getLong(3),
                k.getLong(4),
                k.getLong(5),
                k.getLong(6),
                k.isNullAt(7) ? 0 : k.getDouble(7),
                k.isNullAt(8) ? 0 : k.getDouble(8),
                k.isNullAt(9) ? 0 : ((Number) k.get(9)).longValue(),
                k.isNullAt(10) ? 0 : ((Number) k.get(10)).longValue(),
                k.isNullAt(11) ? 0 : ((Number) k.get(11)).longValue());
        for (Row s : AuditTransforms.topSuspects(suspects, 3).collectAsList()) {
          shared.add(
              "%s %s (%s, %d customers)"
                  .formatted(
                      s.getString(0),
                      s.getString(1),
                      s.getString(2),
                      s.isNullAt(3) ? 0 : s.getLong(3)));
        }
      }
      AuditFigures.Consumable consumable = null;
      Map<Integer, Long> histogram = new TreeMap<>();
      if (tables.exists(Tables.PERSON_PROFILE) && tables.exists(Tables.INTERACTIONS)) {
        Dataset<Row> profiles = tables.read(Tables.PERSON_PROFILE);
        Row s =
            AuditTransforms.consumableCounts(
                    profiles,
                    tables.read(Tables.INTERACTIONS),
                    products,
                    events,
                    coldStartEvents,
                    cfg.signalPersons())
                .head();
        consumable =
            new AuditFigures.Consumable(
                s.getLong(0),
                s.getLong(1),
                s.getLong(2),
                s.getLong(3),
                s.getLong(4),
                s.getLong(5),
                s.getLong(6),
                s.getLong(7));
        for (Row r : AuditTransforms.productEventHistogram(profiles).collectAsList()) {
          histogram.put(r.getInt(0), r.getLong(1));
        }
      }
      Date firstDate = first.getDate(0);
      return new AuditFigures(
          day,
          cfg.windowDays(),
          firstDate == null ? null : firstDate.toLocalDate(),
          daily,
          collected,
          reasons,
          connected,
          shared,
          consumable,
          histogram);
    } finally {
      window.unpersist();
    }
  }

  private Dataset<Row> rows(List<Check> checks, LocalDate day) {
    List<Row> rows = new ArrayList<>();
    for (Check c : checks) {
      rows.add(
          RowFactory.create(
              Date.valueOf(day),
              c.section(),
              c.check(),
              Double.isNaN(c.value()) ? null : c.value(),
              c.unit(),
              c.better().label(),
              c.warn(),
              c.fail(),
              c.status().label(),
              c.advice(),
              c.detail()));
    }
    return spark.createDataFrame(rows, Tables.AUDIT_CHECKS.schema());
  }
}
