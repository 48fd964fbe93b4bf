package org.segmentofone.measure;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.ReportFiles;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.connect.ResolveIdentitiesJob;
import org.segmentofone.consume.ConsumeTransforms;

/**
 * {@code measure}: did personalisation pay off? Per experiment (from {@code rec_impression}'s
 * experiment and arm), its window and a baseline before launch, the metrics of each arm with
 * intervals and the lift over control, day by day since launch; writes {@code experiment_readouts}
 * for the run date (replacing a retried run's rows) and the HTML report with its JSON twin.
 */
public final class MeasureExperimentsJob implements Job<MeasureExperimentsJob.Result> {
  private static final StructType WINDOWS =
      new StructType()
          .add("experiment", DataTypes.StringType, false)
          .add("period", DataTypes.StringType, false)
          .add("start", DataTypes.DateType, false)
          .add("end", DataTypes.DateType, false);

  private final SparkSession spark;
  private final PathsConfig paths;
  private final MeasureConfig cfg;
  private final DeltaTables tables;

  /** The verdicts, the rows written and where the report went. */
  public record Result(
      long events, List<Verdict> verdicts, long rowsWritten, String report, String json)
      implements JobResult {
    @Override
    public long rowsIn() {
      return events;
    }

    @Override
    public long rowsOut() {
      return rowsWritten;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      return Map.of(Tables.EXPERIMENT_READOUTS.name(), rowsWritten);
    }

    @Override
    public String message() {
      StringBuilder s = new StringBuilder();
      for (Verdict v : verdicts) {
        String headline = v.headline().replaceAll("\\.$", "");
        s.append(s.isEmpty() ? "" : "; ").append(v.experiment()).append(": ").append(headline);
      }
      return (verdicts.isEmpty() ? "no experiment in the events" : s) + "; report " + report;
    }

    @Override
    public List<String> reports() {
      return List.of(report, json);
    }

    @Override
    public Map<String, Long> metrics() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("experiments", (long) verdicts.size());
      m.put("significant", verdicts.stream().filter(Verdict::significant).count());
      m.put("srm_alerts", verdicts.stream().filter(Verdict::srmAlert).count());
      return m;
    }
  }

  public MeasureExperimentsJob(SparkSession spark, PathsConfig paths, MeasureConfig cfg) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "measure";
  }

  @Override
  public Result run(RunContext run) {
    LocalDate day = run.runDate();
    Dataset<Row> events = MeasureTransforms.upTo(tables.read(Tables.EVENTS), day);
    Dataset<Row> personEvents =
        ConsumeTransforms.withPerson(events, ResolveIdentitiesJob.mapFor(tables, day)).persist();
    try {
      Map<String, LocalDate> seen = new TreeMap<>();
      for (Row r : MeasureTransforms.launches(personEvents).collectAsList()) {
        seen.put(r.getString(0), r.getDate(1).toLocalDate());
      }
      List<ExperimentWindows.Span> spans =
          ExperimentWindows.of(seen, cfg.launchDates(), cfg.windowDays(), day);
      List<ReadoutRow> rows = readouts(personEvents, spans);
      List<Verdict> verdicts = Verdict.all(rows, cfg);
      long written =
          tables.replaceWhere(
              toFrame(rows, day), Tables.EXPERIMENT_READOUTS, "run_date = '" + day + "'");
      String dir = cfg.reportDir().isBlank() ? paths.table("reports/measure") : cfg.reportDir();
      Configuration hadoop = spark.sparkContext().hadoopConfiguration();
      String json =
          ReportFiles.write(
              hadoop, dir + "/" + day + ".json", MeasureJson.of(day, rows, verdicts, cfg));
      String html =
          ReportFiles.write(
              hadoop, dir + "/" + day + ".html", MeasureReport.html(day, rows, verdicts, cfg));
      long eventCount = seen.isEmpty() ? 0 : personEvents.count();
      return new Result(eventCount, verdicts, written, html, json);
    } finally {
      personEvents.unpersist();
    }
  }

  /** The readout rows of every window and day; only the arms' sums reach the driver. */
  private List<ReadoutRow> readouts(Dataset<Row> personEvents, List<ExperimentWindows.Span> spans) {
    if (spans.isEmpty()) {
      return List.of();
    }
    List<Row> w = new ArrayList<>();
    for (ExperimentWindows.Span s : spans) {
      w.add(
          RowFactory.create(
              s.experiment(), s.period(), Date.valueOf(s.start()), Date.valueOf(s.end())));
    }
    Dataset<Row> windows = spark.createDataFrame(w, WINDOWS);
    Dataset<Row> assignments = MeasureTransforms.assignments(personEvents, windows).persist();
    try {
      Map<String, Long> mixed = new HashMap<>();
      for (Row r : MeasureTransforms.mixedPersons(assignments).collectAsList()) {
        mixed.put(r.getString(0), r.getLong(1));
      }
      Dataset<Row> sessions =
          MeasureTransforms.sessions(personEvents, cfg.attributionWindowHours());
      Map<String, ExperimentWindows.Span> spanOf = new HashMap<>();
      spans.forEach(s -> spanOf.put(s.experiment() + "|" + s.period(), s));
      Map<String, Map<String, ArmSums>> byWindow = new TreeMap<>();
      Map<String, Readouts.Window> keys = new HashMap<>();
      for (Row r : MeasureTransforms.armSums(sessions, assignments, windows).collectAsList()) {
        ExperimentWindows.Span s = spanOf.get(r.getAs("experiment") + "|" + r.getAs("period"));
        Readouts.Window key =
            new Readouts.Window(
                s.experiment(),
                s.period(),
                s.start(),
                s.end(),
                r.<Date>getAs("as_of").toLocalDate());
        String k = key.experiment() + "|" + key.period() + "|" + key.asOf();
        keys.put(k, key);
        byWindow.computeIfAbsent(k, x -> new TreeMap<>()).put(r.getAs("arm"), ArmSums.fromRow(r));
      }
      List<ReadoutRow> rows = new ArrayList<>();
      for (Map.Entry<String, Map<String, ArmSums>> e : byWindow.entrySet()) {
        Readouts.Window key = keys.get(e.getKey());
        rows.addAll(Readouts.of(key, e.getValue(), mixed.getOrDefault(key.experiment(), 0L), cfg));
      }
      return rows;
    } finally {
      assignments.unpersist();
    }
  }

  private Dataset<Row> toFrame(List<ReadoutRow> rows, LocalDate day) {
    List<Row> out = new ArrayList<>();
    for (ReadoutRow r : rows) {
      out.add(
          RowFactory.create(
              Date.valueOf(day),
              r.experiment(),
              r.period(),
              Date.valueOf(r.windowStart()),
              Date.valueOf(r.windowEnd()),
              Date.valueOf(r.asOf()),
              r.days(),
              r.arm(),
              r.metric(),
              num(r.value()),
              num(r.ciLow()),
              num(r.ciHigh()),
              num(r.controlValue()),
              num(r.lift()),
              num(r.liftLow()),
              num(r.liftHigh()),
              num(r.pValue()),
              num(r.mde()),
              r.daysNeeded() < 0 ? null : r.daysNeeded(),
              r.persons(),
              r.sessions(),
              r.mixedPersons(),
              num(r.srmPValue())));
    }
    return spark.createDataFrame(out, Tables.EXPERIMENT_READOUTS.schema());
  }

  private static Double num(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : v;
  }
}
