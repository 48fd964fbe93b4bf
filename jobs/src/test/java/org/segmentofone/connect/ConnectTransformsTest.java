package org.segmentofone.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.segmentofone.TestSpark.rows;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Date;
import java.sql.Timestamp;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ConnectTransformsTest {
  /** At most 2 users per device and per email, 3 emails per device, within 30 days. */
  private static final ConnectConfig CFG =
      new ConnectConfig(
          List.of("", "undefined", "0", "null"),
          List.of(Pattern.compile("^test-.*")),
          2,
          3,
          2,
          30,
          20,
          7,
          false);

  private static final StructType EVENTS =
      new StructType()
          .add("event_time", DataTypes.TimestampType)
          .add("event_date", DataTypes.DateType)
          .add("user_id", DataTypes.StringType)
          .add("email_hash", DataTypes.StringType)
          .add("anonymous_id", DataTypes.StringType);

  private static final StructType MAP =
      new StructType()
          .add("id_type", DataTypes.StringType)
          .add("id_value", DataTypes.StringType)
          .add("person_id", DataTypes.StringType);

  /** An event on a day (time 10:00 plus the given minutes) with its identifiers. */
  private static Object[] ev(String day, int minute, String user, String email, String anon) {
    return new Object[] {
      Timestamp.valueOf(day + " 10:%02d:00".formatted(minute)), Date.valueOf(day), user, email, anon
    };
  }

  private static Object[] ev(String user, String email, String anon) {
    return ev("2026-11-20", 0, user, email, anon);
  }

  private record Resolved(Map<String, String> persons, List<Row> suspects) {
    String of(String key) {
      assertThat(persons).containsKey(key);
      return persons.get(key);
    }

    /** The suspects among these identifier values. */
    List<Row> suspectsAmong(String... values) {
      List<String> wanted = List.of(values);
      return suspects.stream().filter(r -> wanted.contains(r.<String>getAs("id_value"))).toList();
    }
  }

  private static Resolved resolve(Object[]... events) {
    IdentityGraph.Resolution r =
        IdentityGraph.resolve(ConnectTransforms.observations(rows(EVENTS, events)), CFG, false);
    try {
      Map<String, String> persons =
          r.map().collectAsList().stream()
              .collect(
                  Collectors.toMap(
                      x -> x.getString(0) + ":" + x.getString(1), x -> x.getString(2)));
      return new Resolved(persons, r.suspects().orderBy("id_type", "id_value").collectAsList());
    } finally {
      r.release();
    }
  }

  /**
   * Every scenario below uses identifiers of its own, so one resolution of all of them at once
   * answers each (persons are components; the shared-device limits are per identifier) while the
   * suite pays for one run of the graph rounds instead of one per test.
   */
  private static Resolved store;

  @BeforeAll
  static void resolveAllScenarios() {
    store =
        resolve(
            // one customer on two devices and an email, and a stranger
            ev(null, null, "phone"),
            ev("cust-1", null, "phone"),
            ev(null, "h1", "laptop"),
            ev("cust-1", "h1", null),
            ev(null, null, "stranger"),
            // no account: an email on two devices, and two lone devices
            ev(null, "h7", "tablet"),
            ev(null, "h7", "desktop"),
            ev(null, null, "b-phone"),
            ev(null, null, "a-phone"),
            // a kiosk
            ev("2026-11-20", 1, "cust-k1", null, "kiosk"),
            ev("2026-11-20", 2, "cust-k2", null, "kiosk"),
            ev("2026-11-20", 3, "cust-k3", null, "kiosk"),
            ev("2026-11-21", 4, "cust-k4", null, "kiosk"),
            ev("2026-11-21", 5, "cust-k5", null, "kiosk"),
            ev("2026-11-21", 6, null, null, "kiosk"),
            ev("cust-k1", null, "phone-k1"),
            ev("cust-k2", null, "phone-k2"),
            // a laptop that changed hands each quarter
            ev("2026-01-10", 0, "cust-d1", null, "laptop-d"),
            ev("2026-04-10", 0, "cust-d2", null, "laptop-d"),
            ev("2026-07-10", 0, "cust-d3", null, "laptop-d"),
            ev("2026-10-10", 0, "cust-d4", null, "laptop-d"),
            ev("2026-10-11", 0, null, null, "laptop-d"),
            // three customers within 30 days on one tablet; on another, the third a day later
            ev("2026-09-01", 0, "cust-e1", null, "tab-e"),
            ev("2026-09-16", 0, "cust-e2", null, "tab-e"),
            ev("2026-09-30", 0, "cust-e3", null, "tab-e"),
            ev("2026-09-01", 0, "cust-e4", null, "tab-e2"),
            ev("2026-09-16", 0, "cust-e5", null, "tab-e2"),
            ev("2026-10-01", 0, "cust-e6", null, "tab-e2"),
            // three customers on one email
            ev("2026-11-10", 0, "cust-s1", "h-s", null),
            ev("2026-11-11", 0, "cust-s2", "h-s", null),
            ev("2026-11-12", 0, "cust-s3", "h-s", "phone-s3"),
            // a shop-floor tablet where guests leave their emails, nobody logs in
            ev("2026-11-10", 0, null, "h-guest1", "kiosk-g"),
            ev("2026-11-10", 1, null, "h-guest2", "kiosk-g"),
            ev("2026-11-10", 2, null, "h-guest3", "kiosk-g"),
            ev("2026-11-10", 3, null, "h-guest4", "kiosk-g"),
            ev("2026-11-11", 0, null, "h-guest1", "home-guest1"),
            // two customers using one email
            ev("2026-11-01", 0, "cust-f1", "h-f", null),
            ev("2026-11-02", 0, "cust-f2", "h-f", null),
            ev("2026-11-03", 0, "cust-f1", null, "phone-fa"),
            ev("2026-11-03", 1, "cust-f2", null, "phone-fb"),
            ev("2026-11-04", 0, null, "h-f", "tablet-f"),
            // a couple's laptop
            ev("2026-11-05", 0, "cust-g2", null, "laptop-g"),
            ev("2026-11-06", 0, "cust-g1", null, "laptop-g"),
            ev("2026-11-06", 1, "cust-g1", "h-g1", "phone-g1"),
            ev("2026-11-07", 0, null, "h-g1", "work-pc-g"),
            // blocked values
            ev("cust-h1", null, "undefined"),
            ev("cust-h2", null, " UNDEFINED "),
            ev("cust-h3", null, "test-device"),
            ev("cust-h3", "0", null),
            ev("null", null, "phone-h4"),
            ev("cust-h5", "", "phone-h5"));
  }

  private static String personIdOf(String node) throws Exception {
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(node.getBytes(StandardCharsets.UTF_8));
    return "p-" + HexFormat.of().formatHex(digest).substring(0, 20);
  }

  @Test
  void devicesAndEmailsOfOneCustomerBecomeOnePersonNamedAfterTheCustomer() throws Exception {
    String person = personIdOf("user_id:cust-1");
    assertThat(store.of("user_id:cust-1")).isEqualTo(person);
    assertThat(store.of("anonymous_id:phone")).isEqualTo(person);
    assertThat(store.of("anonymous_id:laptop")).isEqualTo(person);
    assertThat(store.of("email_hash:h1")).isEqualTo(person);
    assertThat(store.of("anonymous_id:stranger")).isEqualTo(personIdOf("anonymous_id:stranger"));
    assertThat(store.suspectsAmong("phone", "laptop", "h1", "cust-1", "stranger")).isEmpty();
  }

  @Test
  void aPersonWithoutAccountIsNamedAfterItsEmailThenItsDevice() throws Exception {
    assertThat(store.of("anonymous_id:tablet")).isEqualTo(personIdOf("email_hash:h7"));
    assertThat(store.of("anonymous_id:desktop")).isEqualTo(personIdOf("email_hash:h7"));
    assertThat(store.of("anonymous_id:b-phone")).isEqualTo(personIdOf("anonymous_id:b-phone"));
    assertThat(store.of("anonymous_id:a-phone")).isEqualTo(personIdOf("anonymous_id:a-phone"));
  }

  @Test
  void aKioskUsedByManyCustomersMergesNobodyAndIsReportedAsShared() {
    List<String> customers =
        List.of("1", "2", "3", "4", "5").stream().map(n -> store.of("user_id:cust-k" + n)).toList();
    assertThat(customers).doesNotHaveDuplicates();
    assertThat(store.of("anonymous_id:kiosk")).isNotIn(customers);
    assertThat(store.of("anonymous_id:phone-k1")).isEqualTo(store.of("user_id:cust-k1"));
    assertThat(store.of("anonymous_id:phone-k2")).isEqualTo(store.of("user_id:cust-k2"));
    assertThat(store.suspectsAmong("kiosk", "phone-k1", "phone-k2"))
        .extracting(
            s -> s.getAs("id_type"),
            s -> s.getAs("id_value"),
            s -> s.getAs("reason"),
            s -> s.getAs("distinct_users"),
            s -> s.getAs("event_count"))
        .containsExactly(tuple("anonymous_id", "kiosk", "shared_device", 5L, 6L));
  }

  @Test
  void aDeviceThatChangedHandsOverMonthsIsNotSharedButLinksOnlyItsFirstCustomer() {
    // Four customers, one per quarter: never more than 2 within 30 days.
    assertThat(store.suspectsAmong("laptop-d")).isEmpty();
    List<String> customers =
        List.of("1", "2", "3", "4").stream().map(n -> store.of("user_id:cust-d" + n)).toList();
    assertThat(customers).doesNotHaveDuplicates();
    assertThat(store.of("anonymous_id:laptop-d")).isEqualTo(store.of("user_id:cust-d1"));
  }

  @Test
  void threeCustomersWithin30DaysMakeADeviceSharedButNotWhenSpread31Days() {
    assertThat(store.suspectsAmong("tab-e", "tab-e2"))
        .extracting(
            s -> s.getAs("id_value"), s -> s.getAs("reason"), s -> s.getAs("distinct_users"))
        .containsExactly(tuple("tab-e", "shared_device", 3L));
    assertThat(store.of("anonymous_id:tab-e2")).isEqualTo(store.of("user_id:cust-e4"));
  }

  @Test
  void anEmailUsedByMoreCustomersThanAllowedIsSharedAndLinksNobody() {
    assertThat(store.suspectsAmong("h-s"))
        .extracting(s -> s.getAs("id_type"), s -> s.getAs("reason"), s -> s.getAs("distinct_users"))
        .containsExactly(tuple("email_hash", "shared_email", 3L));
    assertThat(
            List.of(
                store.of("user_id:cust-s1"),
                store.of("user_id:cust-s2"),
                store.of("user_id:cust-s3"),
                store.of("email_hash:h-s")))
        .doesNotHaveDuplicates();
    assertThat(store.of("anonymous_id:phone-s3")).isEqualTo(store.of("user_id:cust-s3"));
  }

  @Test
  void aDeviceWhereManyGuestsLeftTheirEmailsIsSharedAndMergesNoGuests() {
    assertThat(store.suspectsAmong("kiosk-g"))
        .extracting(s -> s.getAs("reason"), s -> s.getAs("distinct_users"))
        .containsExactly(tuple("shared_device", 4L));
    assertThat(
            List.of(
                store.of("email_hash:h-guest1"),
                store.of("email_hash:h-guest2"),
                store.of("email_hash:h-guest3"),
                store.of("email_hash:h-guest4"),
                store.of("anonymous_id:kiosk-g")))
        .doesNotHaveDuplicates();
    assertThat(store.of("anonymous_id:home-guest1")).isEqualTo(store.of("email_hash:h-guest1"));
  }

  @Test
  void twoCustomersMeetingThroughAnEmailStayTwoPersonsAndTheEmailGoesToTheFirst() {
    String one = store.of("user_id:cust-f1");
    String two = store.of("user_id:cust-f2");
    assertThat(one).isNotEqualTo(two);
    assertThat(store.of("email_hash:h-f")).isEqualTo(one);
    assertThat(store.of("anonymous_id:phone-fa")).isEqualTo(one);
    assertThat(store.of("anonymous_id:phone-fb")).isEqualTo(two);
    // Reached only through the email: follows it.
    assertThat(store.of("anonymous_id:tablet-f")).isEqualTo(one);
    assertThat(store.suspectsAmong("h-f")).isEmpty();
  }

  @Test
  void aCoupleSharingALaptopIsSplitAroundTheirAccountsNeverOnePerson() {
    assertThat(store.of("user_id:cust-g1")).isNotEqualTo(store.of("user_id:cust-g2"));
    assertThat(store.of("anonymous_id:laptop-g")).isEqualTo(store.of("user_id:cust-g2"));
    assertThat(store.of("anonymous_id:phone-g1")).isEqualTo(store.of("user_id:cust-g1"));
    assertThat(store.of("anonymous_id:work-pc-g")).isEqualTo(store.of("user_id:cust-g1"));
    assertThat(store.of("email_hash:h-g1")).isEqualTo(store.of("user_id:cust-g1"));
  }

  @Test
  void noPersonHoldsTwoUserIds() {
    Map<String, Long> usersPerPerson =
        store.persons().entrySet().stream()
            .filter(e -> e.getKey().startsWith("user_id:"))
            .collect(Collectors.groupingBy(Map.Entry::getValue, Collectors.counting()));
    assertThat(usersPerPerson.values()).containsOnly(1L);
  }

  @Test
  void blockedValuesLinkNothingAndAreReportedWithTheirEvents() {
    assertThat(store.persons())
        .doesNotContainKeys(
            "anonymous_id:undefined",
            "anonymous_id:UNDEFINED",
            "anonymous_id:test-device",
            "email_hash:0",
            "email_hash:",
            "user_id:null");
    assertThat(
            List.of(
                store.of("user_id:cust-h1"),
                store.of("user_id:cust-h2"),
                store.of("user_id:cust-h3"),
                store.of("anonymous_id:phone-h4")))
        .doesNotHaveDuplicates();
    assertThat(store.of("anonymous_id:phone-h5")).isEqualTo(store.of("user_id:cust-h5"));
    assertThat(store.suspects().stream().filter(r -> r.getAs("reason").equals("blocked_value")))
        .extracting(s -> s.getAs("id_type"), s -> s.getAs("id_value"), s -> s.getAs("event_count"))
        .containsExactly(
            tuple("anonymous_id", "UNDEFINED", 1L),
            tuple("anonymous_id", "test-device", 1L),
            tuple("anonymous_id", "undefined", 1L),
            tuple("email_hash", "", 1L),
            tuple("email_hash", "0", 1L),
            tuple("user_id", "null", 1L));
  }

  @Test
  void personIdIsStableWhenTheGraphGrowsAroundIt() {
    String before = resolve(ev("cust-1", null, "phone")).of("user_id:cust-1");
    Resolved after =
        resolve(
            ev("cust-1", null, "phone"),
            ev(null, "h9", "phone"),
            ev(null, "h9", "tablet"),
            ev(null, null, "other"));
    assertThat(after.of("anonymous_id:tablet")).isEqualTo(before);
    assertThat(after.of("user_id:cust-1")).isEqualTo(before);
  }

  @Test
  void mergesSplitsAndRenamesBetweenTwoMapsAreRecordedOldToNew() {
    Dataset<Row> previous =
        rows(
            MAP,
            new Object[] {"anonymous_id", "1", "P1"},
            new Object[] {"anonymous_id", "2", "P1"},
            new Object[] {"anonymous_id", "3", "P2"},
            new Object[] {"anonymous_id", "4", "P3"},
            new Object[] {"anonymous_id", "5", "P3"},
            new Object[] {"anonymous_id", "6", "P4"},
            new Object[] {"anonymous_id", "7", "P5"},
            new Object[] {"anonymous_id", "8", "P8"});
    Dataset<Row> current =
        rows(
            MAP,
            new Object[] {"anonymous_id", "1", "P1"},
            new Object[] {"anonymous_id", "2", "P1"},
            new Object[] {"anonymous_id", "3", "P1"},
            new Object[] {"anonymous_id", "4", "P3"},
            new Object[] {"anonymous_id", "5", "P6"},
            new Object[] {"anonymous_id", "6", "P7"},
            new Object[] {"user_id", "u6", "P7"},
            new Object[] {"anonymous_id", "7", "P5"});
    assertThat(ConnectTransforms.merges(previous, current).orderBy("old_person_id").collectAsList())
        .extracting(
            m -> m.getAs("old_person_id"),
            m -> m.getAs("new_person_id"),
            m -> m.getAs("identifiers"),
            m -> m.getAs("change"))
        .containsExactly(
            tuple("P2", "P1", 1L, "merged"),
            tuple("P3", "P6", 1L, "split"),
            tuple("P4", "P7", 1L, "renamed"));
  }
}
