package org.segmentofone.measure;

import java.time.LocalDate;

/**
 * One row of {@code experiment_readouts} (without the run date): a metric of one arm in one window
 * up to {@code asOf}. Lift fields are NaN for the control arm and for totals; {@code daysNeeded} is
 * -1 when unknown.
 */
public record ReadoutRow(
    String experiment,
    String period,
    LocalDate windowStart,
    LocalDate windowEnd,
    LocalDate asOf,
    int days,
    String arm,
    String metric,
    double value,
    double ciLow,
    double ciHigh,
    double controlValue,
    double lift,
    double liftLow,
    double liftHigh,
    double pValue,
    double mde,
    long daysNeeded,
    long persons,
    long sessions,
    long mixedPersons,
    double srmPValue) {

  public boolean isFinal() {
    return asOf.equals(windowEnd);
  }
}
