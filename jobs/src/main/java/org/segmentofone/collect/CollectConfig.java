package org.segmentofone.collect;

import org.segmentofone.common.ConfigReader;

/** Validation limits and the collection window (config section {@code collect}). */
public record CollectConfig(
    int lookbackDays,
    int initialBackfillDays,
    int lateHorizonDays,
    boolean requirePartitions,
    int dedupeDays,
    int maxClockSkewMinutes,
    int maxEventAgeDays,
    double maxRejectRate,
    int maxStringLength,
    double maxPrice,
    int maxQuantity,
    String emailSalt) {

  public static CollectConfig from(ConfigReader c) {
    return new CollectConfig(
        c.intAtLeast("lookback-days", 0),
        c.intAtLeast("initial-backfill-days", 1),
        c.intAtLeast("late-horizon-days", 0),
        c.bool("require-partitions"),
        c.intAtLeast("dedupe-days", 0),
        c.intAtLeast("max-clock-skew-minutes", 0),
        c.intAtLeast("max-event-age-days", 0),
        c.fraction("max-reject-rate"),
        c.intAtLeast("max-string-length", 8),
        c.positive("max-price"),
        c.intAtLeast("max-quantity", 1),
        c.nonBlank("email-salt"));
  }

  @Override
  public String toString() {
    return ("CollectConfig[lookbackDays=%d, initialBackfillDays=%d, lateHorizonDays=%d,"
            + " requirePartitions=%s, dedupeDays=%d, maxClockSkewMinutes=%d, maxEventAgeDays=%d,"
            + " maxRejectRate=%s, maxStringLength=%d, maxPrice=%s, maxQuantity=%d,"
            + " emailSalt=<redacted>]")
        .formatted(
            lookbackDays,
            initialBackfillDays,
            lateHorizonDays,
            requirePartitions,
            dedupeDays,
            maxClockSkewMinutes,
            maxEventAgeDays,
            maxRejectRate,
            maxStringLength,
            maxPrice,
            maxQuantity);
  }
}
