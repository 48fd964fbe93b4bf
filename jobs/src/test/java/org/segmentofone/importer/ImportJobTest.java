package org.segmentofone.importer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.segmentofone.TestSpark;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.RunContext;

/** Each importer on a tiny invented fixture: the exact events, rejects and catalog. */
class ImportJobTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-24T06:00:00Z"), java.time.ZoneOffset.UTC);
  private final SparkSession spark = TestSpark.session();

  /** The Segment export fixture (our own test data, kept under test resources). */
  private static String fixture(String name) {
    try {
      return Path.of(ImportJobTest.class.getResource("/fixtures/" + name).toURI()).toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes invented rows in a public dataset's file format into a fresh folder (the importers find
   * files by the dataset's own names, e.g. u.data): the project keeps no copy of any dataset.
   */
  private static String written(String name, Map<String, String> files) {
    Path dir = TestSpark.tempDir("fixture-" + name);
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Files.writeString(dir.resolve(f.getKey()), f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.toString();
  }

  private static String movielens100k() {
    return written(
        "ml100k",
        Map.of(
            "u.data",
            """
            1	10	5	1700000000
            1	20	3	1700000060
            2	10	4	1700003600
            2	30	1	1700003660
            3	40	?	1700007200
            """,
            "u.item",
            """
            10|Paper Kites (1995)|01-Jan-1995||http://example.org/10|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0
            20|Iron Harbour (1995)|01-Jan-1995||http://example.org/20|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0
            30|Three Doors (1995)|01-Jan-1995||http://example.org/30|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0
            """));
  }

  private static String movielensCsv() {
    return written(
        "mlcsv",
        Map.of(
            "ratings.csv",
            """
            userId,movieId,rating,timestamp
            7,100,4.5,1700000000
            7,200,3.5,1700000001
            """,
            "movies.csv",
            """
            movieId,title,genres
            100,A Film (1999),Comedy|Drama
            200,B Film (2000),Horror
            """));
  }

  private static String amazonSequences() {
    return written("az", Map.of("sequences.txt", "1 11 12 13\n2 12\n3\n"));
  }

  private static String groceries() {
    return written(
        "gr",
        Map.of(
            "baskets.csv",
            """
            Member_number,Date,itemDescription
            9001,21-07-2015,oat bread
            9001,21-07-2015,goat cheese
            9001,21-07-2015,goat cheese
            9002,05-01-2015,Goat Cheese
            9002,2015/01/05,plum jam
            """));
  }

  private static String diginetica() {
    return written(
        "dg",
        Map.of(
            "item-views.csv",
            """
            sessionId;userId;itemId;timeframe;eventdate
            1;NA;700101;526309;2016-05-09
            1;NA;700102;1031018;2016-05-09
            2;278;700103;0;2016-05-10
            3;278;700101;5000;2016-05-11
            4;NA;999;abc;2016-05-11
            """));
  }

  private ImportJob.Result importing(String format, String input, Path out) {
    ImportConfig cfg =
        new ImportConfig(format, input, out.toString(), 4.0, LocalDate.parse("2026-11-22"), 24);
    return new ImportJob(spark, cfg)
        .run(new RunContext("import", LocalDate.parse("2026-11-24"), CLOCK));
  }

  private Map<String, Row> events(Path out) {
    return spark.read().parquet(out.resolve("raw/events").toString()).collectAsList().stream()
        .collect(
            Collectors.toMap(
                r ->
                    r.getAs("event_id") == null
                        ? "<no id>:" + r.getAs("product_id")
                        : r.getAs("event_id"),
                r -> r));
  }

  private Map<String, Row> catalog(Path out) {
    return spark.read().parquet(out.resolve("raw/catalog").toString()).collectAsList().stream()
        .collect(Collectors.toMap(r -> r.getAs("product_id"), r -> r));
  }

  private static Instant time(Row r) {
    return r.<Timestamp>getAs("event_time").toInstant();
  }

  @Test
  void segmentTrackAndIdentifyCallsBecomeContractEvents() {
    Path out = TestSpark.tempDir("import-segment");
    ImportJob.Result r = importing("segment", fixture("segment"), out);
    Map<String, Row> ev = events(out);
    assertThat(ev.keySet())
        .containsExactlyInAnyOrder(
            "id-1",
            "msg-1",
            "msg-2",
            "msg-3",
            "msg-4",
            "msg-5:0",
            "msg-5:1",
            "msg-6",
            "msg-10",
            "msg-11",
            "msg-12",
            "<no id>:sku-mug",
            "<no id>:sku-kettle");
    assertThat(ev.get("id-1").<String>getAs("event_type")).isEqualTo("identify");
    assertThat(ev.get("id-1").<String>getAs("user_id")).isEqualTo("cust-100");
    assertThat(ev.get("id-1").<String>getAs("email")).isEqualTo("Jane.Doe@Example.com");
    Row view = ev.get("msg-1");
    assertThat(view.<String>getAs("event_type")).isEqualTo("product_view");
    assertThat(view.<String>getAs("session_id")).isEqualTo("sess-1");
    assertThat(view.<String>getAs("device_type")).isEqualTo("ios");
    assertThat(view.<Double>getAs("price")).isEqualTo(12.5);
    assertThat(time(view)).isEqualTo(Instant.parse("2026-11-02T09:00:00Z"));
    Row add = ev.get("msg-2");
    assertThat(add.<String>getAs("event_type")).isEqualTo("add_to_cart");
    assertThat(add.<Double>getAs("price")).isEqualTo(12.5); // sent as the string "12.50"
    assertThat(add.<Integer>getAs("quantity")).isEqualTo(2);
    assertThat(ev.get("msg-3").<String>getAs("event_type")).isEqualTo("remove_from_cart");
    assertThat(ev.get("msg-4").<String>getAs("search_query")).isEqualTo("teapot");
    Row line2 = ev.get("msg-5:1");
    assertThat(line2.<String>getAs("event_type")).isEqualTo("purchase");
    assertThat(line2.<String>getAs("order_id")).isEqualTo("ord-77");
    assertThat(line2.<String>getAs("product_id")).isEqualTo("sku-teapot");
    assertThat(line2.<Double>getAs("price")).isEqualTo(35.0);
    assertThat(line2.<String>getAs("email")).isEqualTo("jane.doe@example.com");
    // An order without products is kept: collect quarantines it as a purchase without product.
    assertThat(ev.get("msg-6").<String>getAs("product_id")).isNull();
    assertThat(ev.get("msg-10").<String>getAs("event_type")).isEqualTo("rec_impression");
    Row click = ev.get("msg-11");
    assertThat(click.<String>getAs("event_type")).isEqualTo("rec_click");
    assertThat(click.<String>getAs("rec_id")).isEqualTo("rec-1");
    assertThat(click.<String>getAs("arm")).isEqualTo("treatment");
    Row numericUser = ev.get("msg-12");
    assertThat(numericUser.<String>getAs("user_id")).isEqualTo("4242");
    assertThat(numericUser.<Boolean>getAs("consent_personalization")).isFalse();
    assertThat(time(numericUser)).isEqualTo(Instant.parse("2026-11-02T20:00:00Z"));

    assertThat(r.rejected())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "malformed_json", 1L,
                "unmapped:page", 1L,
                "unmapped:track:Checkout Started", 1L,
                "unparseable_timestamp", 1L));
    List<String> rejected =
        spark
            .read()
            .json(out.resolve("rejected").toString())
            .select("raw")
            .as(org.apache.spark.sql.Encoders.STRING())
            .collectAsList();
    assertThat(rejected).hasSize(4).noneMatch(s -> s.contains("@example"));

    Map<String, Row> cat = catalog(out);
    assertThat(cat).containsOnlyKeys("sku-mug", "sku-teapot", "sku-kettle");
    assertThat(cat.get("sku-mug").<String>getAs("category")).isEqualTo("Home > Kitchen");
    assertThat(cat.get("sku-teapot").<String>getAs("brand")).isEqualTo("Kettleworks");
    assertThat(cat.get("sku-kettle").<Double>getAs("price")).isEqualTo(49.9);
    assertThat(r.firstDate()).isEqualTo(LocalDate.parse("2026-11-02"));
  }

  @Test
  void movielensRatingsSplitIntoPurchasesAndViewsWithGenresAsCategories() {
    Path out = TestSpark.tempDir("import-ml");
    ImportJob.Result r = importing("movielens", movielens100k(), out);
    Map<String, Row> ev = events(out);
    assertThat(ev).containsOnlyKeys("ml:1:10", "ml:1:20", "ml:2:10", "ml:2:30");
    assertThat(ev.get("ml:1:10").<String>getAs("event_type")).isEqualTo("purchase");
    assertThat(ev.get("ml:1:10").<String>getAs("order_id")).isEqualTo("ml:1:10");
    assertThat(ev.get("ml:2:10").<String>getAs("event_type")).isEqualTo("purchase"); // rating 4
    assertThat(ev.get("ml:1:20").<String>getAs("event_type")).isEqualTo("product_view");
    assertThat(time(ev.get("ml:1:10"))).isEqualTo(Instant.ofEpochSecond(1700000000));
    assertThat(r.rejected()).containsExactly(Map.entry("unparseable_rating", 1L));
    Map<String, Row> cat = catalog(out);
    assertThat(cat.get("10").<String>getAs("category")).isEqualTo("Movies > Animation");
    assertThat(cat.get("20").<String>getAs("category")).isEqualTo("Movies > Action");
    assertThat(cat.get("30").<String>getAs("title")).isEqualTo("Three Doors (1995)");
    assertThat(cat.get("30").<Timestamp>getAs("created_at").toInstant())
        .isEqualTo(Instant.parse("1995-01-01T00:00:00Z"));
  }

  @Test
  void movielensCsvRatingsUseHalfStarsAndMoviesCsv() {
    Path out = TestSpark.tempDir("import-mlcsv");
    importing("movielens", movielensCsv() + "/ratings.csv", out);
    Map<String, Row> ev = events(out);
    assertThat(ev.get("ml:7:100").<String>getAs("event_type")).isEqualTo("purchase");
    assertThat(ev.get("ml:7:200").<String>getAs("event_type")).isEqualTo("product_view");
    assertThat(catalog(out).get("100").<String>getAs("category")).isEqualTo("Movies > Comedy");
  }

  @Test
  void amazonSequencesKeepTheirOrderAndEndOnTheConfiguredDay() {
    Path out = TestSpark.tempDir("import-az");
    ImportJob.Result r = importing("amazon-seq", amazonSequences(), out);
    Map<String, Row> ev = events(out);
    assertThat(ev).containsOnlyKeys("az:1:0", "az:1:1", "az:1:2", "az:2:0");
    assertThat(ev.get("az:1:2").<String>getAs("product_id")).isEqualTo("13");
    assertThat(time(ev.get("az:1:2"))).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
    assertThat(time(ev.get("az:1:0"))).isEqualTo(Instant.parse("2026-11-20T12:00:00Z"));
    assertThat(time(ev.get("az:2:0"))).isEqualTo(Instant.parse("2026-11-22T12:00:00Z"));
    assertThat(ev.get("az:1:1").<String>getAs("event_type")).isEqualTo("purchase");
    assertThat(r.rejected()).containsExactly(Map.entry("user_without_items", 1L));
    assertThat(catalog(out)).containsOnlyKeys("11", "12", "13");
  }

  @Test
  void groceriesBecomeBasketsWithQuantities() {
    Path out = TestSpark.tempDir("import-gr");
    ImportJob.Result r = importing("groceries", groceries(), out);
    Map<String, Row> ev = events(out);
    assertThat(ev)
        .containsOnlyKeys(
            "gr:9001:21-07-2015:oat-bread",
            "gr:9001:21-07-2015:goat-cheese",
            "gr:9002:05-01-2015:goat-cheese");
    Row cheese = ev.get("gr:9001:21-07-2015:goat-cheese");
    assertThat(cheese.<Integer>getAs("quantity")).isEqualTo(2);
    assertThat(cheese.<String>getAs("order_id")).isEqualTo("gr:9001:21-07-2015");
    assertThat(time(cheese)).isEqualTo(Instant.parse("2015-07-21T12:00:00Z"));
    assertThat(r.rejected()).containsExactly(Map.entry("unparseable_date", 1L));
    assertThat(catalog(out)).containsOnlyKeys("oat-bread", "goat-cheese", "plum-jam");
  }

  @Test
  void digineticaSessionsAreDevicesAndUserIdsLinkThem() {
    Path out = TestSpark.tempDir("import-dg");
    ImportJob.Result r = importing("diginetica", diginetica(), out);
    Map<String, Row> ev = events(out);
    assertThat(ev).hasSize(4);
    Row first = ev.get("dg:1:700101:526309");
    assertThat(first.<String>getAs("anonymous_id")).isEqualTo("dg-s1");
    assertThat(first.<String>getAs("user_id")).isNull();
    assertThat(time(first)).isEqualTo(Instant.parse("2016-05-09T00:08:46.309Z"));
    assertThat(ev.get("dg:2:700103:0").<String>getAs("user_id")).isEqualTo("278");
    assertThat(r.rejected()).containsExactly(Map.entry("unparseable_time", 1L));
  }

  @Test
  void anUnknownFormatOrAMissingInputIsAClearError() {
    Path out = TestSpark.tempDir("import-bad");
    assertThatThrownBy(() -> importing("csv", groceries(), out))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("segment, movielens, amazon-seq, groceries, diginetica");
    assertThatThrownBy(() -> importing("groceries", "/no/such/file.csv", out))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("/no/such/file.csv");
  }
}
