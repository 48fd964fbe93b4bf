package org.segmentofone.cli;

import java.io.File;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.StageRunner.StageOutcome;

/** The short report printed at the end of a run: time per stage, rows per table, locations. */
public final class SummaryPrinter {
  private static final Set<String> NON_WAREHOUSE =
      Set.of("raw/events", "raw/catalog", "truth/persons");

  private SummaryPrinter() {}

  public static void print(
      PrintStream out,
      LocalDate runDate,
      String runId,
      List<StageOutcome> outcomes,
      PathsConfig paths,
      Duration total) {
    out.println();
    out.printf(
        "Segment of One — run date %s, run %s, finished in %.1f s%n", runDate, runId, secs(total));
    out.println();
    out.printf("  %-10s %9s %12s %12s  %s%n", "stage", "time", "rows in", "rows out", "result");
    Map<String, Long> tables = new LinkedHashMap<>();
    for (StageOutcome o : outcomes) {
      out.printf(
          "  %-10s %8.1fs %,12d %,12d  %s%n",
          o.stage(),
          secs(o.duration()),
          o.result().rowsIn(),
          o.result().rowsOut(),
          o.result().message());
      tables.putAll(o.result().tablesWritten());
    }
    out.println();
    List<String> reports = outcomes.stream().flatMap(o -> o.result().reports().stream()).toList();
    if (!reports.isEmpty()) {
      out.println("Reports (open in any browser, no network needed):");
      reports.forEach(r -> out.println("  " + r));
      out.println();
    }
    boolean warehouse = tables.keySet().stream().anyMatch(t -> !NON_WAREHOUSE.contains(t));
    if (warehouse) {
      String root = new File(paths.warehouse()).getAbsolutePath();
      out.printf("  %-20s %12s  %s%n", "table", "rows written", "location");
      tables.forEach(
          (name, rows) -> {
            if (!NON_WAREHOUSE.contains(name)) {
              out.printf("  %-20s %,12d  %s/%s%n", name, rows, root, name);
            }
          });
      out.println();
      out.println("Query them with Spark SQL (any Delta reader works), for example:");
      out.printf(
          "  SELECT * FROM delta.`%s/recommendations` WHERE run_date = '%s' LIMIT 20%n",
          root, runDate);
      out.printf("  SELECT stage, status, duration_ms, rows_out FROM delta.`%s/job_runs`%n", root);
    } else {
      tables.forEach((name, rows) -> out.printf("  %-20s %,12d%n", name, rows));
    }
  }

  private static double secs(Duration d) {
    return d.toMillis() / 1000.0;
  }
}
