package org.segmentofone.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.segmentofone.audit.AuditFigures.DayCount;
import org.segmentofone.audit.Readiness.Measured;

class MeasuresTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);

  private static AuditFigures figures(
      LocalDate first, List<DayCount> daily, AuditFigures.Collected c, Map<String, Long> reasons) {
    return new AuditFigures(RUN, 10, first, daily, c, reasons, null, List.of(), null, Map.of());
  }

  private static AuditFigures.Collected collected(long events) {
    return new AuditFigures.Collected(
        events, 80, 76, 10, 9, Instant.parse("2026-11-22T21:30:00Z"), 1000, 30);
  }

  /** The same count of each type on every day of the window except those listed as missing. */
  private static List<DayCount> days(int views, int purchases, LocalDate... missing) {
    List<DayCount> out = new ArrayList<>();
    for (LocalDate d = RUN.minusDays(9); !d.isAfter(RUN); d = d.plusDays(1)) {
      if (List.of(missing).contains(d)) {
        continue;
      }
      out.add(new DayCount(d, "product_view", views));
      out.add(new DayCount(d, "purchase", purchases));
    }
    return out;
  }

  @Test
  void daysWithoutEventsCountsGapsFromTheFirstEventOrTheWindowStartWhicheverIsLater() {
    LocalDate gap = RUN.minusDays(3);
    Measured old =
        Measures.daysWithoutEvents(
            figures(RUN.minusDays(100), days(50, 5, gap), collected(10), Map.of()));
    assertThat(old.value()).isEqualTo(1);
    assertThat(old.detail()).isEqualTo("2026-11-19");

    // A store that started tracking 4 days ago has no gap before its first event.
    List<DayCount> young =
        days(50, 5).stream().filter(d -> !d.date().isBefore(RUN.minusDays(3))).toList();
    assertThat(
            Measures.daysWithoutEvents(figures(RUN.minusDays(3), young, collected(10), Map.of()))
                .value())
        .isZero();
  }

  @Test
  void theRunDatesVolumeIsJudgedPerTypeAgainstTheMedianDayBefore() {
    List<DayCount> daily = new ArrayList<>(days(100, 30));
    daily.removeIf(d -> d.date().equals(RUN) && d.type().equals("purchase"));
    daily.add(new DayCount(RUN, "purchase", 6));

    Measured m = Measures.latestDayRatio(daily, RUN, 7);

    assertThat(m.value()).isCloseTo(0.2, within(1e-9));
    assertThat(m.detail()).isEqualTo("purchase: 6 events vs 30 on a usual day");
  }

  @Test
  void typesTooSmallToJudgeAreSkippedAndAllEventsAreJudgedWhenNothingIsBigEnough() {
    // 5 purchases a day are too few to judge a drop to 1: views decide.
    List<DayCount> daily = new ArrayList<>(days(100, 5));
    daily.removeIf(d -> d.date().equals(RUN) && d.type().equals("purchase"));
    daily.add(new DayCount(RUN, "purchase", 1));
    assertThat(Measures.latestDayRatio(daily, RUN, 7).value()).isEqualTo(1.0);

    // Tiny store: every type is small, the total is compared (10 + 1 = 11 against 15).
    List<DayCount> tiny = new ArrayList<>(days(10, 5));
    tiny.removeIf(d -> d.date().equals(RUN) && d.type().equals("purchase"));
    tiny.add(new DayCount(RUN, "purchase", 1));
    Measured m = Measures.latestDayRatio(tiny, RUN, 7);
    assertThat(m.value()).isCloseTo(11 / 15.0, within(1e-9));
    assertThat(m.detail()).startsWith("all events: 11 events vs 15");
  }

  @Test
  void collectedChecksComeFromTheCountsAndTheQuarantineReasons() {
    Map<ReadinessCheck, Measured> m =
        Measures.of(
            figures(
                RUN.minusDays(100),
                days(50, 5),
                collected(190),
                Map.of("negative_price", 6L, "no_identifier", 4L)),
            7);

    assertThat(m.get(ReadinessCheck.QUARANTINE_RATE).value()).isCloseTo(10 / 200.0, within(1e-12));
    assertThat(m.get(ReadinessCheck.QUARANTINE_RATE).detail())
        .isEqualTo("negative_price 6, no_identifier 4");
    assertThat(m.get(ReadinessCheck.DUPLICATE_RATE).value()).isCloseTo(0.03, within(1e-12));
    assertThat(m.get(ReadinessCheck.FRESHNESS_HOURS).value()).isCloseTo(2.5, within(1e-9));
    assertThat(m.get(ReadinessCheck.CATALOG_MATCH_RATE).value()).isCloseTo(0.95, within(1e-12));
    assertThat(m.get(ReadinessCheck.PRICED_PURCHASE_SHARE).value()).isCloseTo(0.9, within(1e-12));
    assertThat(m.get(ReadinessCheck.PRICED_PURCHASE_SHARE).detail())
        .isEqualTo("1 of 10 without a price");
    assertThat(m.get(ReadinessCheck.CORE_EVENT_TYPES).value()).isEqualTo(2);
    assertThat(m.get(ReadinessCheck.CORE_EVENT_TYPES).detail()).isEqualTo("add_to_cart");
  }

  @Test
  void withoutAnIdentityMapOrConsumeTablesThoseSectionsCannotBeMeasured() {
    Map<ReadinessCheck, Measured> m =
        Measures.of(figures(RUN.minusDays(100), days(50, 5), collected(190), Map.of()), 7);

    assertThat(m.get(ReadinessCheck.KNOWN_EVENT_SHARE).value()).isNaN();
    assertThat(m.get(ReadinessCheck.KNOWN_EVENT_SHARE).detail()).contains("run connect first");
    assertThat(m.get(ReadinessCheck.DENSITY).value()).isNaN();
    assertThat(m.get(ReadinessCheck.DENSITY).detail()).contains("run consume first");
  }

  @Test
  void connectedAndConsumableChecksAreSharesOfTheirCounts() {
    AuditFigures f =
        new AuditFigures(
            RUN,
            10,
            RUN.minusDays(100),
            days(50, 5),
            collected(190),
            Map.of(),
            new AuditFigures.Connected(200, 50, 10, 40, 20, 8, 2, 1.75, 1.5, 1, 3, 9),
            List.of("anonymous_id kiosk-1 (shared_device, 40 customers)"),
            new AuditFigures.Consumable(40, 10, 120, 30, 60, 12, 80, 64),
            Map.of());

    Map<ReadinessCheck, Measured> m = Measures.of(f, 7);

    assertThat(m.get(ReadinessCheck.KNOWN_EVENT_SHARE).value()).isEqualTo(0.25);
    assertThat(m.get(ReadinessCheck.KNOWN_PERSON_SHARE).value()).isEqualTo(0.2);
    assertThat(m.get(ReadinessCheck.IDENTIFIERS_PER_PERSON).value()).isEqualTo(1.75);
    assertThat(m.get(ReadinessCheck.CROSS_DEVICE_SHARE).value()).isEqualTo(0.25);
    assertThat(m.get(ReadinessCheck.SHARED_IDENTIFIER_EVENT_SHARE).value()).isEqualTo(0.05);
    assertThat(m.get(ReadinessCheck.SHARED_IDENTIFIER_EVENT_SHARE).detail()).contains("kiosk-1");
    assertThat(m.get(ReadinessCheck.READY_PERSON_SHARE).value()).isEqualTo(0.25);
    assertThat(m.get(ReadinessCheck.INTERACTIONS_PER_PERSON).value()).isEqualTo(4.0);
    assertThat(m.get(ReadinessCheck.INTERACTIONS_PER_PRODUCT).value()).isEqualTo(2.0);
    assertThat(m.get(ReadinessCheck.DENSITY).value()).isCloseTo(120 / 1800.0, within(1e-12));
    assertThat(m.get(ReadinessCheck.PRODUCTS_WITH_SIGNAL_SHARE).value()).isEqualTo(0.15);
    assertThat(m.get(ReadinessCheck.CATALOG_SEEN_SHARE).value()).isEqualTo(0.8);
  }
}
