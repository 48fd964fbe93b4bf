package org.segmentofone.measure;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The windows of each experiment: the experiment window from launch for {@code window-days} (cut at
 * the run date) and the baseline, a window of the same length just before launch.
 */
public final class ExperimentWindows {
  private ExperimentWindows() {}

  /**
   * One window: experiment, period ({@code experiment} or {@code baseline}), first and last day.
   */
  public record Span(String experiment, String period, LocalDate start, LocalDate end) {
    public int days() {
      return (int) ChronoUnit.DAYS.between(start, end) + 1;
    }
  }

  /**
   * Both windows of every experiment; {@code seen} holds each experiment's first impression date,
   * {@code launchDates} (config) wins over it. Experiments launched after the run date get none.
   */
  public static List<Span> of(
      Map<String, LocalDate> seen,
      Map<String, LocalDate> launchDates,
      int windowDays,
      LocalDate runDate) {
    List<Span> out = new ArrayList<>();
    for (Map.Entry<String, LocalDate> e : seen.entrySet()) {
      LocalDate launch = launchDates.getOrDefault(e.getKey(), e.getValue());
      if (launch.isAfter(runDate)) {
        continue;
      }
      LocalDate last = launch.plusDays(windowDays - 1L);
      LocalDate end = last.isAfter(runDate) ? runDate : last;
      long length = ChronoUnit.DAYS.between(launch, end) + 1;
      out.add(new Span(e.getKey(), MeasureTransforms.EXPERIMENT, launch, end));
      out.add(
          new Span(
              e.getKey(),
              MeasureTransforms.BASELINE,
              launch.minusDays(length),
              launch.minusDays(1)));
    }
    return out;
  }
}
