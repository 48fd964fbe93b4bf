package org.segmentofone.lookup;

import static org.segmentofone.lookup.TestWarehouse.row;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.segmentofone.common.Tables;

/**
 * The published night of the tests, 2026-11-22, in every table the lookup reads. With salt {@code
 * test-salt} and holdout share 0.5, p-dave falls in control and every other person in treatment.
 */
public final class Night {
  public static final String DAY = "2026-11-22";
  public static final String KEY = "test-key-0123456789abcdef";
  public static final String OTHER_KEY = "second-key-0123456789";

  /** When the night's model was trained; the tests' clock reads an hour later. */
  public static final Instant TRAINED = Instant.parse("2026-11-23T02:00:00Z");

  public static final Clock CLOCK = Clock.fixed(TRAINED.plusSeconds(3600), ZoneOffset.UTC);

  private static TestWarehouse template;

  private Night() {}

  /** A new warehouse holding {@link #write the night} (written once per JVM, then copied). */
  public static synchronized TestWarehouse warehouse(String name) {
    if (template == null) {
      template = new TestWarehouse("night");
      write(template);
    }
    return TestWarehouse.copyOf(template, name);
  }

  /** Everything of {@link #DAY}, with its model published (trained at {@link #TRAINED}). */
  public static void write(TestWarehouse w) {
    home(w, DAY, "prod-a");
    w.replace(
        Tables.SIMILAR_PRODUCTS,
        DAY,
        List.of(
            similar("prod-a", 2, "prod-c", 0.5, "similar:co_views"),
            similar("prod-a", 1, "prod-b", 0.75, "similar:factors"),
            similar("prod-b", 1, "prod-a", 0.625, "similar:factors")));
    w.replace(
        Tables.BOUGHT_TOGETHER,
        DAY,
        List.of(
            rule("prod-a", 1, "prod-d", 0.5, "bought_together"),
            rule("prod-a", 2, "prod-e", 0.25, "bought_together"),
            rule("prod-b", 1, "prod-f", null, "pinned"),
            rule("prod-b", 2, "prod-d", 0.6, "bought_together"),
            rule("prod-b", 3, "prod-a", 0.3, "bought_together")));
    trending(w, DAY, "prod-t1");
    w.replace(
        Tables.IDENTITY_MAP,
        DAY,
        List.of(
            id("user_id", "u-alice", "p-alice", DAY),
            id("email_hash", "abc123", "p-alice", DAY),
            id("anonymous_id", "anon-1", "p-alice", DAY),
            id("anonymous_id", "anon-bob", "p-bob", DAY),
            id("user_id", "u-carol", "p-carol", DAY),
            id("user_id", "u-dave", "p-dave", DAY),
            id("anonymous_id", "anon-erin", "p-erin", DAY),
            id("device_id", "d-1", "p-alice", DAY)));
    w.replaceWhere(
        Tables.IDENTITY_MERGES,
        "run_date >= '2026-01-01'",
        List.of(
            merge("p-old", "p-mid", 3, "2026-11-20"),
            merge("p-mid", "p-carol", 4, "2026-11-21"),
            merge("p-split", "p-carol", 5, "2026-11-21"),
            merge("p-split", "p-bob", 2, "2026-11-21"),
            // After the published night: not followed yet.
            merge("p-late", "p-alice", 1, "2026-11-23")));
    w.replaceWhere(
        Tables.MODEL_RUNS,
        "true",
        List.of(
            TestWarehouse.modelRun("2026-11-21", "published", TRAINED.minusSeconds(86_400)),
            TestWarehouse.modelRun(DAY, "published", TRAINED)));
  }

  /**
   * A commit to {@code identity_map} that leaves the served rows alone: the partition of
   * 2026-11-24, as tomorrow's connect writes it.
   */
  public static void tomorrowsConnect(TestWarehouse w) {
    w.replace(
        Tables.IDENTITY_MAP,
        "2026-11-24",
        List.of(
            row(
                "id_type",
                "user_id",
                "id_value",
                "u-new",
                "person_id",
                "p-new",
                "run_date",
                "2026-11-24")));
  }

  /**
   * A later night's home lists (p-alice's first product {@code first}), trending and identity map;
   * its model is not published: call {@link TestWarehouse#model} for that.
   */
  public static void next(TestWarehouse w, String day, String first) {
    home(w, day, first);
    trending(w, day, "prod-t1");
    w.replace(
        Tables.IDENTITY_MAP,
        day,
        List.of(id("user_id", "u-alice", "p-alice", day), id("user_id", "u-bob", "p-bob", day)));
  }

  /**
   * The home lists of a run date: p-alice's four (written out of rank order; first product {@code
   * first}), p-bob's, p-carol's and p-dave's.
   */
  public static void home(TestWarehouse w, String day, String first) {
    w.replace(
        Tables.RECOMMENDATIONS,
        day,
        List.of(
            home("p-alice", 3, "prod-c", null, "pinned", "merchandising:pinned", day),
            home("p-alice", 1, first, 0.875, "hybrid", "viewed:prod-x", day),
            home("p-alice", 2, "prod-b", 0.5, "hybrid", "carted:prod-y", day),
            home("p-alice", 4, "prod-d", 0.25, "hybrid", "viewed:prod-x", day),
            home("p-bob", 1, "prod-b", 0.25, "trending", "trending:no_history", day),
            home("p-carol", 1, "prod-e", 0.125, "similar", "viewed:prod-q", day),
            home("p-dave", 1, "prod-a", 0.5, "hybrid", "viewed:prod-b", day)));
  }

  public static void trending(TestWarehouse w, String day, String first) {
    w.replace(
        Tables.TRENDING,
        day,
        List.of(
            trend("all", 1, first, 5.0, day),
            trend("all", 2, "prod-t2", 4.0, day),
            trend("all", 3, "prod-t3", 3.0, day),
            trend("category:toys", 1, "prod-t9", 9.0, day)));
  }

  private static Map<String, Object> home(
      String person,
      int rank,
      String product,
      Double score,
      String source,
      String reason,
      String day) {
    return row(
        "person_id",
        person,
        "placement",
        "home",
        "rank",
        rank,
        "product_id",
        product,
        "score",
        score,
        "source",
        source,
        "reason",
        reason,
        "model_version",
        day,
        "run_date",
        day);
  }

  private static Map<String, Object> similar(
      String product, int rank, String similar, double score, String reason) {
    return row(
        "product_id",
        product,
        "rank",
        rank,
        "similar_id",
        similar,
        "score",
        score,
        "source",
        "similar",
        "reason",
        reason,
        "run_date",
        DAY);
  }

  private static Map<String, Object> rule(
      String product, int rank, String complement, Double confidence, String source) {
    return row(
        "product_id",
        product,
        "rank",
        rank,
        "complement_id",
        complement,
        "score",
        confidence,
        "confidence",
        confidence,
        "orders",
        3,
        "source",
        source,
        "run_date",
        DAY);
  }

  private static Map<String, Object> trend(
      String scope, int rank, String product, double score, String day) {
    return row(
        "scope",
        scope,
        "rank",
        rank,
        "product_id",
        product,
        "score",
        score,
        "source",
        "trending",
        "run_date",
        day);
  }

  private static Map<String, Object> id(String type, String value, String person, String day) {
    return row("id_type", type, "id_value", value, "person_id", person, "run_date", day);
  }

  private static Map<String, Object> merge(String old, String next, long ids, String day) {
    return row(
        "old_person_id",
        old,
        "new_person_id",
        next,
        "identifiers",
        ids,
        "change",
        "merged",
        "run_date",
        day);
  }
}
