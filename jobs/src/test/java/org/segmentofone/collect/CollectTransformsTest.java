package org.segmentofone.collect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.segmentofone.TestSpark.rows;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class CollectTransformsTest {
  private static final String SALT = "pepper";
  private static final CollectTransforms.Rules RULES =
      new CollectTransforms.Rules(
          60, 30, 40, 1000, 10, java.time.Instant.parse("2026-11-24T00:00:00Z"));
  private static final Date DAY = Date.valueOf("2026-11-22");

  /** A raw schema as a tracker might send it: price as a string, no email_hash, an extra column. */
  private static final StructType RAW =
      new StructType()
          .add("event_id", DataTypes.StringType)
          .add("event_time", DataTypes.TimestampType)
          .add("event_type", DataTypes.StringType)
          .add("anonymous_id", DataTypes.StringType)
          .add("user_id", DataTypes.StringType)
          .add("email", DataTypes.StringType)
          .add("product_id", DataTypes.StringType)
          .add("quantity", DataTypes.IntegerType)
          .add("price", DataTypes.StringType)
          .add("order_id", DataTypes.StringType)
          .add("tracker_version", DataTypes.StringType)
          .add("event_date", DataTypes.DateType)
          .add("source_file", DataTypes.StringType);

  private static Object[] raw(
      String id,
      String time,
      String type,
      String anon,
      String user,
      String email,
      String product,
      Integer qty,
      String price,
      String order) {
    return new Object[] {
      id,
      time == null ? null : Timestamp.valueOf(time),
      type,
      anon,
      user,
      email,
      product,
      qty,
      price,
      order,
      "v2",
      DAY,
      "file:/raw/event_date=2026-11-22/part-0.parquet"
    };
  }

  private static Map<String, String> reasons(Dataset<Row> validated) {
    return validated.collectAsList().stream()
        .collect(
            Collectors.toMap(
                r -> r.getAs("event_id") == null ? "<null>" : r.getAs("event_id"),
                r -> r.getAs("reason") == null ? "ok" : r.getAs("reason")));
  }

  @Test
  void eachBrokenRuleGivesItsOwnReason() {
    Dataset<Row> in =
        rows(
            RAW,
            raw(
                "ok",
                "2026-11-22 10:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                "9.99",
                null),
            raw(
                null,
                "2026-11-22 10:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                "9.99",
                null),
            raw("no-type", "2026-11-22 10:00:00", null, "a1", null, null, "p1", null, null, null),
            raw(
                "bad-type",
                "2026-11-22 10:00:00",
                "page_view_v2",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "bad-price-type",
                "2026-11-22 10:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                "ten",
                null),
            raw("no-time", null, "product_view", "a1", null, null, "p1", null, null, null),
            raw(
                "future",
                "2026-11-23 01:30:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "skew-ok",
                "2026-11-23 00:30:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "nobody",
                "2026-11-22 10:00:00",
                "product_view",
                " ",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "no-product",
                "2026-11-22 10:00:00",
                "add_to_cart",
                "a1",
                null,
                null,
                "",
                1,
                null,
                null),
            raw(
                "no-order",
                "2026-11-22 10:00:00",
                "purchase",
                "a1",
                null,
                null,
                "p1",
                1,
                "5",
                null),
            raw(
                "negative",
                "2026-11-22 10:00:00",
                "purchase",
                "a1",
                null,
                null,
                "p1",
                1,
                "-5",
                "o1"),
            raw(
                "absurd",
                "2026-11-22 10:00:00",
                "purchase",
                "a1",
                null,
                null,
                "p1",
                1,
                "5000",
                "o1"),
            raw(
                "zero-qty",
                "2026-11-22 10:00:00",
                "add_to_cart",
                "a1",
                null,
                null,
                "p1",
                0,
                "5",
                null),
            raw(
                "huge",
                "2026-11-22 10:00:00",
                "search",
                "a".repeat(41),
                null,
                null,
                null,
                null,
                null,
                null),
            raw(
                "search-ok",
                "2026-11-22 10:00:00",
                "search",
                null,
                "u1",
                null,
                null,
                null,
                null,
                null));
    Map<String, String> got =
        reasons(CollectTransforms.validate(CollectTransforms.conform(in, SALT), RULES));
    assertThat(got)
        .containsExactlyInAnyOrderEntriesOf(
            Map.ofEntries(
                Map.entry("ok", "ok"),
                Map.entry("<null>", "missing_event_id"),
                Map.entry("no-type", "missing_event_type"),
                Map.entry("bad-type", "unknown_event_type"),
                Map.entry("bad-price-type", "wrong_type:price"),
                Map.entry("no-time", "missing_event_time"),
                Map.entry("future", "future_event_time"),
                Map.entry("skew-ok", "ok"),
                Map.entry("nobody", "no_identifier"),
                Map.entry("no-product", "missing_product_id"),
                Map.entry("no-order", "purchase_without_order_id"),
                Map.entry("negative", "negative_price"),
                Map.entry("absurd", "absurd_price"),
                Map.entry("zero-qty", "bad_quantity"),
                Map.entry("huge", "oversized_field:anonymous_id"),
                Map.entry("search-ok", "ok")));
  }

  @Test
  void rawEmailsAreNormalisedAndHashedAndNeverKept() {
    Dataset<Row> in =
        rows(
            RAW,
            raw(
                "e1",
                "2026-11-22 10:00:00",
                "identify",
                "a1",
                null,
                "  Ann@Example.COM ",
                null,
                null,
                null,
                null),
            raw(
                "e2",
                "2026-11-22 10:00:00",
                "identify",
                "a2",
                null,
                "ann@example.com",
                null,
                null,
                null,
                null));
    List<Row> out = CollectTransforms.conform(in, SALT).collectAsList();
    String expected = sha256Hex(SALT + "ann@example.com");
    assertThat(out).extracting(r -> r.<String>getAs("email_hash")).containsOnly(expected);
    assertThat(List.of(CollectTransforms.conform(in, SALT).columns())).doesNotContain("email");
    assertThat(out)
        .extracting(r -> r.<String>getAs("raw"))
        .allSatisfy(json -> assertThat(json).doesNotContainIgnoringCase("ann@").contains(expected));
  }

  @Test
  void missingOptionalColumnsBecomeNullAndExtraColumnsAreIgnored() {
    Dataset<Row> in =
        rows(
            RAW,
            raw(
                "e1",
                "2026-11-22 10:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                "12.50",
                null));
    Row r = CollectTransforms.conform(in, SALT).head();
    assertThat(r.<Double>getAs("price")).isEqualTo(12.5);
    assertThat((Object) r.getAs("session_id")).isNull();
    assertThat(List.of(r.schema().fieldNames())).doesNotContain("tracker_version");
  }

  @Test
  void duplicatesWithinTheBatchAndAgainstStoredIdsAreCountedNotKept() {
    Dataset<Row> in =
        rows(
            RAW,
            raw(
                "e1",
                "2026-11-22 10:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "e1",
                "2026-11-22 10:00:05",
                "product_view",
                "a1",
                null,
                null,
                "p1",
                null,
                null,
                null),
            raw(
                "e2",
                "2026-11-22 11:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p2",
                null,
                null,
                null),
            raw(
                "e3",
                "2026-11-22 12:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p3",
                null,
                null,
                null),
            raw(
                null,
                "2026-11-22 12:00:00",
                "product_view",
                "a1",
                null,
                null,
                "p3",
                null,
                null,
                null));
    Dataset<Row> stored =
        rows(new StructType().add("event_id", DataTypes.StringType), new Object[] {"e3"});
    Dataset<Row> classified =
        CollectTransforms.classify(
            CollectTransforms.validate(CollectTransforms.conform(in, SALT), RULES), stored);
    Map<String, Long> byStatus =
        classified.groupBy("status").count().collectAsList().stream()
            .collect(Collectors.toMap(r -> r.getString(0), r -> r.getLong(1)));
    assertThat(byStatus)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("accepted", 2L, "duplicate", 2L, "quarantined", 1L));
    Row keptE1 = classified.where("event_id = 'e1' AND status = 'accepted'").head();
    assertThat(keptE1.<Timestamp>getAs("event_time"))
        .isEqualTo(Timestamp.valueOf("2026-11-22 10:00:00"));
  }

  @Test
  void catalogRowsWithoutIdNegativePriceOrRepeatedIdAreQuarantined() {
    StructType catalog =
        new StructType()
            .add("product_id", DataTypes.StringType)
            .add("title", DataTypes.StringType)
            .add("category", DataTypes.StringType)
            .add("brand", DataTypes.StringType)
            .add("price", DataTypes.DoubleType)
            .add("in_stock", DataTypes.BooleanType)
            .add("created_at", DataTypes.TimestampType);
    Timestamp older = Timestamp.valueOf("2026-01-01 00:00:00");
    Timestamp newer = Timestamp.valueOf("2026-06-01 00:00:00");
    Dataset<Row> out =
        CollectTransforms.catalogWithReason(
            rows(
                catalog,
                new Object[] {"p1", "Old name", "Beauty > Hair > Shampoo", "B", 5.0, true, older},
                new Object[] {"p1", "New name", "Beauty > Hair > Shampoo", "B", 5.0, true, newer},
                new Object[] {
                  "p2", "Pan", "Home & Kitchen > Cookware > Pans", "H", -1.0, true, older
                },
                new Object[] {null, "Ghost", "Toys", "T", 1.0, true, older}));
    Map<String, String> byTitle =
        out.collectAsList().stream()
            .collect(
                Collectors.toMap(
                    r -> r.<String>getAs("title"),
                    r ->
                        r.getAs("reason") == null
                            ? "ok:" + r.getAs("top_category")
                            : r.getAs("reason")));
    assertThat(byTitle)
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "New name", "ok:Beauty",
                "Old name", "catalog_duplicate_product_id",
                "Pan", "catalog_negative_price",
                "Ghost", "catalog_missing_product_id"));
  }

  private static String sha256Hex(String s) {
    try {
      byte[] d =
          java.security.MessageDigest.getInstance("SHA-256")
              .digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
