package org.segmentofone.audit;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Everything the audit measured for one run date, as small values on the driver: the input of the
 * readiness rules ({@link Measures}) and of the report's charts. A section whose tables are missing
 * is null.
 */
public record AuditFigures(
    LocalDate runDate,
    int windowDays,
    LocalDate firstEventDate,
    List<DayCount> daily,
    Collected collected,
    Map<String, Long> quarantineReasons,
    Connected connected,
    List<String> sharedIdentifiers,
    Consumable consumable,
    Map<Integer, Long> productEventHistogram) {

  /** Events of one type on one day. */
  public record DayCount(LocalDate date, String type, long events) {}

  /** Volume and validity over the window. */
  public record Collected(
      long events,
      long productEvents,
      long catalogMatched,
      long purchases,
      long pricedPurchases,
      Instant newestEventTime,
      long collectRead,
      long collectDuplicates) {}

  /** How events join up into persons over the window. */
  public record Connected(
      long events,
      long knownEvents,
      long sharedEvents,
      long persons,
      long linkedPersons,
      long knownPersons,
      long crossDevicePersons,
      double meanIdentifiers,
      double meanDevicesKnown,
      long medianIdentifiers,
      long p95Identifiers,
      long maxIdentifiers) {}

  /** What the model can learn from. */
  public record Consumable(
      long persons,
      long readyPersons,
      long interactions,
      long interactionPersons,
      long interactionProducts,
      long productsWithSignal,
      long catalogProducts,
      long catalogSeen) {}
}
