package org.segmentofone.lookup.store;

import io.delta.kernel.types.DateType;
import io.delta.kernel.types.StringType;
import io.delta.kernel.types.TimestampType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The model whose lists are served: the newest {@code published} row of {@code model_runs}.
 * Recommend replaces the four list tables one after another and marks the model published after the
 * last, so its run date names one consistent night (docs/tables.md).
 *
 * @param createdAt when the model was trained (the snapshot's age counts from it); the end of the
 *     run date when the row has none
 */
public record PublishedRun(String version, LocalDate runDate, Instant createdAt) {
  static final String STATUS_PUBLISHED = "published";

  static PublishedRun read(DeltaTable modelRuns) {
    modelRuns.require("version", StringType.STRING);
    modelRuns.require("status", StringType.STRING);
    modelRuns.require("run_date", DateType.DATE);
    modelRuns.require("created_at", TimestampType.TIMESTAMP);
    PublishedRun[] best = {null};
    modelRuns.scan(
        null,
        List.of("version", "status", "run_date", "created_at"),
        (b, i) -> {
          if (b.getColumnVector(1).isNullAt(i)
              || !STATUS_PUBLISHED.equals(Cells.text(b, 1, i, modelRuns))) {
            return;
          }
          LocalDate day = LocalDate.ofEpochDay(b.getColumnVector(2).getInt(i));
          Instant created =
              b.getColumnVector(3).isNullAt(i)
                  ? day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                  : micros(b.getColumnVector(3).getLong(i));
          PublishedRun run = new PublishedRun(Cells.text(b, 0, i, modelRuns), day, created);
          if (best[0] == null || run.newerThan(best[0])) {
            best[0] = run;
          }
        });
    if (best[0] == null) {
      throw new LoadException(
          "model_runs has no published model yet: run the nightly until recommend publishes one");
    }
    return best[0];
  }

  private boolean newerThan(PublishedRun o) {
    int byDate = runDate.compareTo(o.runDate);
    return byDate != 0 ? byDate > 0 : createdAt.isAfter(o.createdAt);
  }

  private static Instant micros(long micros) {
    return Instant.ofEpochSecond(
        Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1000L);
  }
}
