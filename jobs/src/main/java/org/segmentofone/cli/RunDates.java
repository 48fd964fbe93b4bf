package org.segmentofone.cli;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.segmentofone.common.RunDateRule;

/** Chooses the run date: --run-date, else the config rule (yesterday, latest input, fixed). */
public final class RunDates {
  private RunDates() {}

  public static LocalDate resolve(
      Optional<LocalDate> flag,
      RunDateRule rule,
      Clock clock,
      Supplier<TreeMap<LocalDate, String>> rawPartitions) {
    if (flag.isPresent()) {
      return flag.get();
    }
    return switch (rule.kind()) {
      case FIXED -> rule.fixed().orElseThrow();
      case YESTERDAY -> LocalDate.now(clock.withZone(ZoneOffset.UTC)).minusDays(1);
      case LATEST_INPUT -> {
        TreeMap<LocalDate, String> parts = rawPartitions.get();
        if (parts.isEmpty()) {
          throw new UsageException(
              "run.date = latest-input, but the raw events folder has no event_date= partitions");
        }
        yield parts.lastKey();
      }
    };
  }
}
