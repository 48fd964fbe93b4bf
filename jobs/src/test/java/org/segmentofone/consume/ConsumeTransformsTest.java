package org.segmentofone.consume;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class ConsumeTransformsTest {
  private static final LocalDate RUN = LocalDate.of(2026, 11, 22);
  private static final ConsumeConfig CFG =
      new ConsumeConfig(
          Map.of(
              "product_view", 1.0, "add_to_cart", 4.0, "remove_from_cart", -2.0, "purchase", 8.0),
          30,
          5,
          10,
          365);
  private static final StructType PERSON_EVENTS =
      new StructType()
          .add("person_id", DataTypes.StringType)
          .add("event_type", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("event_date", DataTypes.DateType)
          .add("event_time", DataTypes.TimestampType)
          .add("consent_personalization", DataTypes.BooleanType)
          .add("order_id", DataTypes.StringType)
          .add("price", DataTypes.DoubleType)
          .add("quantity", DataTypes.IntegerType);

  private static Object[] ev(
      String person, String type, String product, int daysAgo, Boolean consent) {
    LocalDate d = RUN.minusDays(daysAgo);
    return new Object[] {
      person,
      type,
      product,
      Date.valueOf(d),
      Timestamp.valueOf(d.atTime(12, 0)),
      consent,
      type.equals("purchase") ? "o-" + person + daysAgo : null,
      10.0,
      2
    };
  }

  private static Map<String, Double> confidence(Dataset<Row> events) {
    return ConsumeTransforms.interactions(events, ConsumeTransforms.consent(events), CFG, RUN)
        .collectAsList()
        .stream()
        .collect(
            Collectors.toMap(
                r -> r.getString(0) + "/" + r.getString(1), r -> r.<Double>getAs("confidence")));
  }

  @Test
  void confidenceIsWeightedAndHalvedEveryHalfLife() {
    Dataset<Row> events =
        rows(
            PERSON_EVENTS,
            ev("ann", "product_view", "p1", 0, true),
            ev("ann", "product_view", "p1", 0, true),
            ev("ann", "purchase", "p1", 30, true),
            ev("ann", "add_to_cart", "p2", 60, true));
    Map<String, Double> c = confidence(events);
    assertThat(c.get("ann/p1")).isCloseTo(2 * 1.0 + 8.0 * 0.5, within(1e-9));
    assertThat(c.get("ann/p2")).isCloseTo(4.0 * 0.25, within(1e-9));
  }

  @Test
  void aReloadStormIsCappedPerDay() {
    Object[][] storm = new Object[12][];
    for (int i = 0; i < 12; i++) {
      storm[i] = ev("bot", "product_view", "p1", 0, true);
    }
    assertThat(confidence(rows(PERSON_EVENTS, storm)).get("bot/p1")).isEqualTo(5.0);
  }

  @Test
  void aPersonsBusyDayIsScaledDownToThePersonDailyCap() {
    Object[][] rows = new Object[43][];
    for (int i = 0; i < 40; i++) {
      rows[i] = ev("bot", "product_view", "p" + i, 0, true);
    }
    rows[40] = ev("bot", "product_view", "p0", 1, true);
    rows[41] = ev("ann", "product_view", "p1", 0, true);
    rows[42] = ev("ann", "add_to_cart", "p1", 0, true);
    Map<String, Double> c = confidence(rows(PERSON_EVENTS, rows));
    // 40 events that day against a cap of 10: each counts a quarter; the day before is untouched.
    assertThat(c.get("bot/p5")).isCloseTo(0.25, within(1e-9));
    assertThat(c.get("bot/p0")).isCloseTo(0.25 + Math.pow(0.5, 1 / 30.0), within(1e-9));
    assertThat(c.get("ann/p1")).isCloseTo(1.0 + 4.0, within(1e-9));
  }

  @Test
  void removingFromCartSubtractsAndNonPositiveConfidenceIsDropped() {
    Dataset<Row> events =
        rows(
            PERSON_EVENTS,
            ev("bob", "add_to_cart", "p1", 0, true),
            ev("bob", "remove_from_cart", "p1", 0, true),
            ev("bob", "product_view", "p2", 0, true),
            ev("bob", "remove_from_cart", "p2", 0, true));
    Map<String, Double> c = confidence(events);
    assertThat(c).containsOnlyKeys("bob/p1");
    assertThat(c.get("bob/p1")).isEqualTo(2.0);
  }

  @Test
  void personsWhoWithdrewConsentAreLeftOut() {
    Dataset<Row> events =
        rows(
            PERSON_EVENTS,
            ev("cat", "product_view", "p1", 5, true),
            ev("cat", "product_view", "p2", 1, false),
            ev("dan", "product_view", "p1", 1, null));
    assertThat(confidence(events)).containsOnlyKeys("dan/p1");
  }

  @Test
  void eventsAfterTheRunDateAreNotSeen() {
    Dataset<Row> events =
        rows(
            PERSON_EVENTS,
            ev("eve", "purchase", "p1", -1, true),
            ev("eve", "product_view", "p2", 0, true));
    assertThat(confidence(events)).containsOnlyKeys("eve/p2");
  }

  @Test
  void profilesCountTypesOrdersRevenueAndTopCategories() {
    Dataset<Row> events =
        rows(
            PERSON_EVENTS,
            ev("ann", "product_view", "p1", 3, true),
            ev("ann", "product_view", "p2", 2, true),
            ev("ann", "product_view", "p3", 2, true),
            ev("ann", "purchase", "p2", 1, true),
            ev("ann", "search", null, 1, true));
    Dataset<Row> products =
        rows(
            new StructType()
                .add("product_id", DataTypes.StringType)
                .add("top_category", DataTypes.StringType),
            new Object[] {"p1", "Books"},
            new Object[] {"p2", "Beauty"},
            new Object[] {"p3", "Beauty"});
    Row p =
        ConsumeTransforms.profiles(events, products, ConsumeTransforms.consent(events), 365, RUN)
            .head();
    assertThat(p.<Long>getAs("events")).isEqualTo(5L);
    assertThat(p.<Long>getAs("product_events")).isEqualTo(4L);
    assertThat(p.<Long>getAs("views")).isEqualTo(3L);
    assertThat(p.<Long>getAs("purchases")).isEqualTo(1L);
    assertThat(p.<Long>getAs("searches")).isEqualTo(1L);
    assertThat(p.<Long>getAs("orders")).isEqualTo(1L);
    assertThat(p.<Double>getAs("revenue")).isEqualTo(20.0);
    assertThat(p.getList(p.fieldIndex("top_categories"))).containsExactly("Beauty", "Books");
    assertThat(p.<Boolean>getAs("consent")).isTrue();
  }

  @Test
  void eventsAreAttributedToThePersonOfTheirBestIdentifier() {
    StructType events =
        new StructType()
            .add("event_id", DataTypes.StringType)
            .add("user_id", DataTypes.StringType)
            .add("email_hash", DataTypes.StringType)
            .add("anonymous_id", DataTypes.StringType);
    StructType map =
        new StructType()
            .add("id_type", DataTypes.StringType)
            .add("id_value", DataTypes.StringType)
            .add("person_id", DataTypes.StringType);
    Dataset<Row> out =
        ConsumeTransforms.withPerson(
            rows(
                events,
                new Object[] {"e1", "cust-1", null, "kiosk"},
                new Object[] {"e2", null, null, "kiosk"},
                new Object[] {"e3", null, "h1", "phone"},
                new Object[] {"e4", null, null, "undefined"}),
            rows(
                map,
                new Object[] {"user_id", "cust-1", "p-cust"},
                new Object[] {"anonymous_id", "kiosk", "p-kiosk"},
                new Object[] {"email_hash", "h1", "p-mail"},
                new Object[] {"anonymous_id", "phone", "p-phone"}));
    Map<String, String> got =
        out.collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.<String>getAs("event_id"), r -> r.<String>getAs("person_id")));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("e1", "p-cust", "e2", "p-kiosk", "e3", "p-mail"));
    assertThat(List.of(out.columns())).contains("anonymous_id", "person_id");
  }
}
