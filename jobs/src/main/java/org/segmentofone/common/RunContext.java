package org.segmentofone.common;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Who and when of one run: its id, the logical run date (Airflow's {@code ds}) and the clock. Jobs
 * take time only from here, so tests can fix it. {@code collectFrom} is the first date of a
 * backfill range ({@code --from}): collect then reads every date from it up to the run date.
 */
public record RunContext(
    String runId, LocalDate runDate, Clock clock, Optional<LocalDate> collectFrom) {

  public RunContext(String runId, LocalDate runDate, Clock clock) {
    this(runId, runDate, clock, Optional.empty());
  }

  /** The first instant after the run date (its end), in UTC. */
  public Instant runDateEnd() {
    return runDate.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
  }

  public Instant now() {
    return clock.instant();
  }
}
