package org.segmentofone.collect;

import java.time.LocalDate;
import java.util.List;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which raw dates one collect run reads: the requested dates (the run date, or a {@code --from}
 * range up to it), the look-back days (or the initial backfill on a first run), and older dates
 * whose files changed since they were collected. Pure: the caller lists folders and files.
 *
 * @param dates the dates to read, each replaced as a whole in {@code events}
 * @param missing requested dates without a raw partition folder
 * @param late older dates re-read because their files changed
 */
public record CollectWindow(
    NavigableSet<LocalDate> dates, List<LocalDate> missing, List<LocalDate> late) {

  /**
   * The first date of the regular window (before it, only changed dates are read): a {@code --from}
   * date when given (also on a first run), else the look-back, or on a first run the initial
   * backfill.
   */
  public static LocalDate regularStart(
      LocalDate runDate, Optional<LocalDate> from, boolean firstRun, CollectConfig cfg) {
    LocalDate lookback = runDate.minusDays(cfg.lookbackDays());
    if (from.isPresent()) {
      return from.get().isBefore(lookback) ? from.get() : lookback;
    }
    return firstRun ? runDate.minusDays(cfg.initialBackfillDays() - 1L) : lookback;
  }

  /** The oldest date whose changed files are still picked up. */
  public static LocalDate lateHorizon(LocalDate runDate, CollectConfig cfg) {
    return runDate.minusDays(cfg.lateHorizonDays());
  }

  public static CollectWindow plan(
      LocalDate runDate,
      Optional<LocalDate> from,
      boolean firstRun,
      CollectConfig cfg,
      NavigableSet<LocalDate> available,
      Set<LocalDate> changed) {
    if (from.isPresent() && from.get().isAfter(runDate)) {
      throw new IllegalArgumentException(
          "--from " + from.get() + " is after the run date " + runDate);
    }
    LocalDate start = regularStart(runDate, from, firstRun, cfg);
    TreeSet<LocalDate> dates = new TreeSet<>(available.subSet(start, true, runDate, true));
    TreeSet<LocalDate> late = new TreeSet<>();
    for (LocalDate d : changed) {
      if (d.isBefore(start) && !d.isBefore(lateHorizon(runDate, cfg)) && available.contains(d)) {
        late.add(d);
      }
    }
    dates.addAll(late);
    List<LocalDate> missing =
        from.orElse(runDate)
            .datesUntil(runDate.plusDays(1))
            .filter(d -> !available.contains(d))
            .toList();
    return new CollectWindow(dates, missing, List.copyOf(late));
  }
}
