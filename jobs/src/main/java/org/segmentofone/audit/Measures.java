package org.segmentofone.audit;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.segmentofone.audit.AuditFigures.DayCount;
import org.segmentofone.audit.Readiness.Measured;
import org.segmentofone.common.EventTypes;

/** The value of every check from the audit's figures. Pure: no Spark. */
public final class Measures {
  /** The event types every store should track. */
  static final List<String> CORE_TYPES =
      List.of(EventTypes.PRODUCT_VIEW, EventTypes.ADD_TO_CART, EventTypes.PURCHASE);

  /** A type is judged for a drop only when its usual day has at least this many events. */
  static final long MIN_USUAL_DAY = 20;

  private Measures() {}

  public static Map<ReadinessCheck, Measured> of(AuditFigures f, int baselineDays) {
    Map<ReadinessCheck, Measured> m = new EnumMap<>(ReadinessCheck.class);
    m.put(ReadinessCheck.DAYS_WITHOUT_EVENTS, daysWithoutEvents(f));
    m.put(
        ReadinessCheck.LATEST_DAY_VOLUME_RATIO,
        latestDayRatio(f.daily(), f.runDate(), baselineDays));
    collected(f, m);
    connected(f, m);
    consumable(f, m);
    return m;
  }

  /** Days from the window's start (or the first event, if later) to the run date with no event. */
  static Measured daysWithoutEvents(AuditFigures f) {
    LocalDate start = f.runDate().minusDays(f.windowDays() - 1L);
    if (f.firstEventDate() == null) {
      return Measured.missing("the events table is empty");
    }
    if (f.firstEventDate().isAfter(start)) {
      start = f.firstEventDate();
    }
    Set<LocalDate> seen = f.daily().stream().map(DayCount::date).collect(Collectors.toSet());
    List<LocalDate> missing = new ArrayList<>();
    for (LocalDate d = start; !d.isAfter(f.runDate()); d = d.plusDays(1)) {
      if (!seen.contains(d)) {
        missing.add(d);
      }
    }
    String detail =
        missing.isEmpty()
            ? "none"
            : missing.stream().limit(5).map(LocalDate::toString).collect(Collectors.joining(", "))
                + (missing.size() > 5 ? " and " + (missing.size() - 5) + " more" : "");
    return new Measured(missing.size(), detail);
  }

  /**
   * The run date's events of each well-used type over its median day of the {@code baselineDays}
   * before (days without events count as 0): the lowest ratio, naming the type. Types whose usual
   * day is too small to judge are skipped; when none is big enough, all events are compared.
   */
  static Measured latestDayRatio(List<DayCount> daily, LocalDate runDate, int baselineDays) {
    Map<String, Map<LocalDate, Long>> byType = new TreeMap<>();
    for (DayCount d : daily) {
      byType.computeIfAbsent(d.type(), t -> new TreeMap<>()).merge(d.date(), d.events(), Long::sum);
      byType
          .computeIfAbsent("all events", t -> new TreeMap<>())
          .merge(d.date(), d.events(), Long::sum);
    }
    String worstType = null;
    double worst = Double.POSITIVE_INFINITY;
    long worstToday = 0;
    double worstUsual = 0;
    for (boolean judgeAll : new boolean[] {false, true}) {
      for (Map.Entry<String, Map<LocalDate, Long>> e : byType.entrySet()) {
        if (e.getKey().equals("all events") != judgeAll) {
          continue;
        }
        double usual = median(e.getValue(), runDate, baselineDays);
        if (usual < MIN_USUAL_DAY && !judgeAll) {
          continue;
        }
        long today = e.getValue().getOrDefault(runDate, 0L);
        double ratio = usual == 0 ? (today > 0 ? 1.0 : 0.0) : today / usual;
        if (ratio < worst) {
          worst = ratio;
          worstType = e.getKey();
          worstToday = today;
          worstUsual = usual;
        }
      }
      if (worstType != null) {
        break;
      }
    }
    if (worstType == null) {
      return Measured.missing("no events in the window");
    }
    return new Measured(
        worst,
        String.format(
            Locale.ROOT,
            "%s: %d events vs %.0f on a usual day",
            worstType,
            worstToday,
            worstUsual));
  }

  private static double median(Map<LocalDate, Long> days, LocalDate runDate, int baselineDays) {
    List<Long> values = new ArrayList<>();
    for (int i = 1; i <= baselineDays; i++) {
      values.add(days.getOrDefault(runDate.minusDays(i), 0L));
    }
    values.sort(null);
    int n = values.size();
    return n % 2 == 1 ? values.get(n / 2) : (values.get(n / 2 - 1) + values.get(n / 2)) / 2.0;
  }

  private static void collected(AuditFigures f, Map<ReadinessCheck, Measured> m) {
    AuditFigures.Collected c = f.collected();
    long quarantined = f.quarantineReasons().values().stream().mapToLong(Long::longValue).sum();
    String reasons =
        f.quarantineReasons().entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
            .limit(3)
            .map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", "));
    m.put(
        ReadinessCheck.QUARANTINE_RATE,
        new Measured(
            share(quarantined, c.events() + quarantined), reasons.isEmpty() ? "none" : reasons));
    m.put(
        ReadinessCheck.DUPLICATE_RATE,
        c.collectRead() == 0
            ? Measured.missing("no collect run recorded in job_runs for the window")
            : new Measured(
                share(c.collectDuplicates(), c.collectRead()),
                c.collectDuplicates() + " of " + c.collectRead() + " rows read"));
    m.put(
        ReadinessCheck.FRESHNESS_HOURS,
        c.newestEventTime() == null
            ? Measured.missing("no events in the window")
            : new Measured(
                Duration.between(
                            c.newestEventTime(),
                            f.runDate().plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant())
                        .toSeconds()
                    / 3600.0,
                "newest event at " + c.newestEventTime()));
    m.put(
        ReadinessCheck.CATALOG_MATCH_RATE,
        c.productEvents() == 0
            ? Measured.missing("no product events in the window")
            : new Measured(
                share(c.catalogMatched(), c.productEvents()),
                (c.productEvents() - c.catalogMatched())
                    + " product events name unknown products"));
    m.put(
        ReadinessCheck.PRICED_PURCHASE_SHARE,
        c.purchases() == 0
            ? new Measured(0, "no purchase events in the window")
            : new Measured(
                share(c.pricedPurchases(), c.purchases()),
                (c.purchases() - c.pricedPurchases())
                    + " of "
                    + c.purchases()
                    + " without a price"));
    Set<String> types = new TreeSet<>();
    f.daily().forEach(d -> types.add(d.type()));
    List<String> missing = CORE_TYPES.stream().filter(t -> !types.contains(t)).toList();
    m.put(
        ReadinessCheck.CORE_EVENT_TYPES,
        new Measured(
            CORE_TYPES.size() - missing.size(),
            missing.isEmpty() ? "none" : String.join(", ", missing)));
  }

  private static void connected(AuditFigures f, Map<ReadinessCheck, Measured> m) {
    AuditFigures.Connected c = f.connected();
    if (c == null) {
      for (ReadinessCheck rc : ReadinessCheck.values()) {
        if (rc.section().equals("connected")) {
          m.put(rc, Measured.missing("no identity_map for the run date (run connect first)"));
        }
      }
      return;
    }
    m.put(
        ReadinessCheck.KNOWN_EVENT_SHARE,
        new Measured(
            share(c.knownEvents(), c.events()), c.knownEvents() + " of " + c.events() + " events"));
    m.put(
        ReadinessCheck.KNOWN_PERSON_SHARE,
        new Measured(
            share(c.knownPersons(), c.persons()),
            c.knownPersons() + " of " + c.persons() + " persons"));
    m.put(
        ReadinessCheck.IDENTIFIERS_PER_PERSON,
        new Measured(
            c.persons() == 0 ? 0 : c.meanIdentifiers(),
            "median %d, 95th percentile %d, most %d"
                .formatted(c.medianIdentifiers(), c.p95Identifiers(), c.maxIdentifiers())));
    m.put(
        ReadinessCheck.CROSS_DEVICE_SHARE,
        new Measured(
            share(c.crossDevicePersons(), c.knownPersons()),
            String.format(
                Locale.ROOT,
                "%d of %d known persons; %.2f devices per known person",
                c.crossDevicePersons(),
                c.knownPersons(),
                c.meanDevicesKnown())));
    m.put(
        ReadinessCheck.SHARED_IDENTIFIER_EVENT_SHARE,
        new Measured(
            share(c.sharedEvents(), c.events()),
            f.sharedIdentifiers().isEmpty()
                ? "none held back"
                : String.join(", ", f.sharedIdentifiers())));
  }

  private static void consumable(AuditFigures f, Map<ReadinessCheck, Measured> m) {
    AuditFigures.Consumable c = f.consumable();
    if (c == null) {
      for (ReadinessCheck rc : ReadinessCheck.values()) {
        if (rc.section().equals("consumable")) {
          m.put(rc, Measured.missing("no person_profile or interactions (run consume first)"));
        }
      }
      return;
    }
    m.put(
        ReadinessCheck.READY_PERSON_SHARE,
        new Measured(
            share(c.readyPersons(), c.persons()),
            c.readyPersons() + " of " + c.persons() + " persons"));
    m.put(
        ReadinessCheck.INTERACTIONS_PER_PERSON,
        new Measured(
            ratio(c.interactions(), c.interactionPersons()), c.interactions() + " interactions"));
    m.put(
        ReadinessCheck.INTERACTIONS_PER_PRODUCT,
        new Measured(
            ratio(c.interactions(), c.interactionProducts()),
            c.interactionProducts() + " products interacted with"));
    m.put(
        ReadinessCheck.DENSITY,
        new Measured(
            ratio(c.interactions(), (double) c.interactionPersons() * c.interactionProducts()),
            c.interactionPersons() + " persons × " + c.interactionProducts() + " products"));
    m.put(
        ReadinessCheck.PRODUCTS_WITH_SIGNAL_SHARE,
        new Measured(
            share(c.productsWithSignal(), c.catalogProducts()),
            c.productsWithSignal() + " of " + c.catalogProducts() + " catalog products"));
    m.put(
        ReadinessCheck.CATALOG_SEEN_SHARE,
        new Measured(
            share(c.catalogSeen(), c.catalogProducts()),
            c.catalogSeen() + " of " + c.catalogProducts() + " catalog products"));
  }

  static double share(long part, long whole) {
    return whole == 0 ? 0 : (double) part / whole;
  }

  private static double ratio(double part, double whole) {
    return whole == 0 ? 0 : part / whole;
  }
}
