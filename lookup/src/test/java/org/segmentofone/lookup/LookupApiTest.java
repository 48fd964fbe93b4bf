package org.segmentofone.lookup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.lookup.TestService.Answer;

/** The recommendation API over real HTTP, on the tables of {@link Night}. */
class LookupApiTest {
  private static TestWarehouse warehouse;
  private static TestService lookup;

  @BeforeAll
  static void start() {
    warehouse = Night.warehouse("api");
    // The next night's lists are written, but its model was only approved: not served.
    Night.home(warehouse, "2026-11-23", "prod-z");
    warehouse.model("2026-11-23", "approved", Night.TRAINED.plusSeconds(86_400));
    lookup =
        new TestService(
                warehouse,
                Map.of("lookup.api.default-limit", "2", "lookup.api.max-limit", "3"),
                Night.CLOCK)
            .awaitSnapshot();
  }

  @AfterAll
  static void stop() {
    lookup.close();
  }

  @Test
  void aUserIdResolvesToThePersonsRankedListWithScoresSourcesAndReasons() {
    Answer a = lookup.get("/v1/recommendations?id=u-alice&id_type=user_id&placement=home&limit=3");

    assertThat(a.status()).isEqualTo(200);
    assertThat(a.header("content-type")).isEqualTo("application/json; charset=utf-8");
    assertThat(a.header("cache-control")).isEqualTo("no-store");
    JsonNode j = a.json();
    assertThat(j.get("person_id").asText()).isEqualTo("p-alice");
    assertThat(j.get("matched_id_type").asText()).isEqualTo("user_id");
    assertThat(j.get("merged_from").isNull()).isTrue();
    assertThat(j.get("experiment").asText()).isEqualTo("recs-v1");
    assertThat(j.get("arm").asText()).isEqualTo("treatment");
    assertThat(j.get("placement").asText()).isEqualTo("home");
    assertThat(j.get("model_version").asText()).isEqualTo("2026-11-22");
    assertThat(j.get("run_date").asText()).isEqualTo("2026-11-22");
    assertThat(items(j))
        .containsExactly(
            "1 prod-a 0.875 hybrid viewed:prod-x",
            "2 prod-b 0.5 hybrid carted:prod-y",
            "3 prod-c null pinned merchandising:pinned");
  }

  @Test
  void anyIdTypeTriesEveryIdentifierAndLowerCasesEmailHashes() {
    assertThat(resolved("ABC123")).isEqualTo("p-alice email_hash");
    assertThat(resolved("anon-1")).isEqualTo("p-alice anonymous_id");
    assertThat(resolved("p-alice")).isEqualTo("p-alice person_id");
    assertThat(resolved("anon-bob")).isEqualTo("p-bob anonymous_id");
    // The right value under another type is no match.
    Answer wrongType = lookup.get("/v1/recommendations?id=u-alice&id_type=anonymous_id");
    assertThat(wrongType.json().get("person_id").isNull()).isTrue();
  }

  @Test
  void limitDefaultsFromConfigAndIsCappedAtTheMaximum() {
    assertThat(items(lookup.get("/v1/recommendations?id=u-alice").json())).hasSize(2);
    assertThat(items(lookup.get("/v1/recommendations?id=u-alice&limit=1").json()))
        .containsExactly("1 prod-a 0.875 hybrid viewed:prod-x");
    // p-alice has four products; the maximum is three.
    assertThat(items(lookup.get("/v1/recommendations?id=u-alice&limit=1000").json())).hasSize(3);
  }

  @Test
  void anUnknownIdGetsTheOverallTrendingListAsFallbackWithoutPersonOrArm() {
    JsonNode j = lookup.get("/v1/recommendations?id=never-seen-1").json();

    assertThat(j.get("person_id").isNull()).isTrue();
    assertThat(j.get("matched_id_type").isNull()).isTrue();
    assertThat(j.get("arm").isNull()).isTrue();
    assertThat(j.get("run_date").asText()).isEqualTo("2026-11-22");
    assertThat(items(j))
        .containsExactly(
            "1 prod-t1 5.0 fallback trending:unknown_id",
            "2 prod-t2 4.0 fallback trending:unknown_id");
  }

  @Test
  void aKnownPersonWithoutAListGetsTrendingAsFallback() {
    JsonNode j = lookup.get("/v1/recommendations?id=anon-erin").json();

    assertThat(j.get("person_id").asText()).isEqualTo("p-erin");
    assertThat(j.get("arm").asText()).isEqualTo("treatment");
    assertThat(items(j)).first().isEqualTo("1 prod-t1 5.0 fallback trending:no_list");
  }

  @Test
  void theControlArmGetsTrendingInsteadOfItsList() {
    JsonNode j = lookup.get("/v1/recommendations?id=u-dave").json();

    assertThat(j.get("person_id").asText()).isEqualTo("p-dave");
    assertThat(j.get("arm").asText()).isEqualTo("control");
    assertThat(items(j))
        .containsExactly(
            "1 prod-t1 5.0 trending experiment:control",
            "2 prod-t2 4.0 trending experiment:control");
  }

  @Test
  void theArmIsStableAcrossRequestsAndIdentifiersAndFollowsTheDocumentedHash() throws Exception {
    List<String> arms = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      for (String id : List.of("u-alice", "ABC123", "anon-1", "p-alice")) {
        arms.add(lookup.get("/v1/recommendations?id=" + id).json().get("arm").asText());
      }
    }
    assertThat(arms).hasSize(12).containsOnly(documentedArm("p-alice"));
    assertThat(lookup.get("/v1/recommendations?id=u-dave").json().get("arm").asText())
        .isEqualTo(documentedArm("p-dave"))
        .isEqualTo("control");
  }

  @Test
  void formerPersonIdsFollowTheRecordedMergesUpToThePublishedNight() {
    JsonNode chained = lookup.get("/v1/recommendations?id=p-old&id_type=person_id").json();
    assertThat(chained.get("person_id").asText()).isEqualTo("p-carol");
    assertThat(chained.get("merged_from").asText()).isEqualTo("p-old");
    assertThat(items(chained)).containsExactly("1 prod-e 0.125 similar viewed:prod-q");
    // A split: the part with most identifiers is the successor.
    assertThat(resolved("p-split")).isEqualTo("p-carol person_id");
    // Recorded after the served night: not known yet.
    assertThat(lookup.get("/v1/recommendations?id=p-late").json().get("person_id").isNull())
        .isTrue();
  }

  @Test
  void theNewestPublishedRunIsServedNotTheNewestPartition() {
    JsonNode j = lookup.get("/v1/recommendations?id=u-alice&limit=1").json();

    assertThat(j.get("run_date").asText()).isEqualTo("2026-11-22");
    assertThat(items(j)).containsExactly("1 prod-a 0.875 hybrid viewed:prod-x");
  }

  @Test
  void badParametersAre400WithAMessageNamingTheProblem() {
    assertBadRequest("/v1/recommendations?placement=home", "id is required");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&placement=pdp", "unknown placement 'pdp' (known: home)");
    assertBadRequest(
        "/v1/recommendations?id=a%20b",
        "id may hold only letters, digits and - _ . : @ + = ~ | / (a '+' must be sent as %2B),"
            + " got U+0020 at position 2");
    assertBadRequest(
        "/v1/recommendations?id=" + "x".repeat(129), "id must be at most 128 characters, got 129");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&limt=3",
        "unknown parameter 'limt' (allowed: id, id_type, limit, placement)");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&id=u-bob", "id must be given once, got 2 values");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&id_type=phone",
        "id_type must be one of any, user_id, email_hash, anonymous_id, person_id, got 'phone'");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&limit=0",
        "limit must be a whole number from 1 to 3, got '0'");
    assertBadRequest(
        "/v1/recommendations?id=u-alice&limit=ten",
        "limit must be a whole number from 1 to 3, got 'ten'");
  }

  @Test
  void malformedRequestsAreRefusedWithAStatusAndNoStackTrace() {
    String badEscape =
        lookup.raw(
            "GET /v1/recommendations?id=%zz HTTP/1.1\r\nHost: x\r\nX-Api-Key: "
                + Night.KEY
                + "\r\nConnection: close\r\n\r\n");
    assertThat(badEscape).startsWith("HTTP/1.1 400 Bad Request").contains("malformed query string");
    String longLine = lookup.raw("GET /v1/" + "x".repeat(5000) + " HTTP/1.1\r\nHost: x\r\n\r\n");
    assertThat(longLine)
        .startsWith("HTTP/1.1 414 Request-URI Too Long")
        .contains("connection: close")
        .endsWith("{\"error\":\"uri_too_long\",\"message\":\"the request line is too long\"}");
    String bigHeaders =
        lookup.raw("GET /health HTTP/1.1\r\nHost: x\r\nX-Pad: " + "y".repeat(9000) + "\r\n\r\n");
    assertThat(bigHeaders).startsWith("HTTP/1.1 431 Request Header Fields Too Large");
    assertThat(badEscape + longLine + bigHeaders)
        .doesNotContain("Exception")
        .doesNotContain("at io.");
  }

  @Test
  void aMissingOrWrongApiKeyIs401AndEveryConfiguredKeyWorks() {
    String path = "/v1/recommendations?id=u-alice";
    for (String key : new String[] {null, "", "wrong-key-0123456789", Night.KEY.substring(0, 10)}) {
      Answer a = lookup.get(path, key);
      assertThat(a.status()).as("key %s", key).isEqualTo(401);
      assertThat(a.json().get("error").asText()).isEqualTo("unauthorized");
      assertThat(a.json().get("message").asText()).isEqualTo("a valid API key is required");
    }
    assertThat(lookup.get(path, Night.OTHER_KEY).status()).isEqualTo(200);
    assertThat(lookup.get("/v1/products/prod-a/similar", null).status()).isEqualTo(401);
    assertThat(lookup.get("/v1/cart/complements?product_id=prod-a", null).status()).isEqualTo(401);
    // Probes and scrapers need no key unless lookup.security.open-ops-endpoints = false.
    assertThat(lookup.get("/health", null).status()).isEqualTo(200);
    assertThat(lookup.get("/metrics", null).status()).isEqualTo(200);
  }

  @Test
  void unknownRoutesAre404AndOtherMethodsThanGet405() {
    Answer unknown = lookup.get("/v1/nothing-here");
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.json().get("message").asText()).isEqualTo("no such route: /v1/nothing-here");
    assertThat(lookup.get("/v1/products//similar").status()).isEqualTo(404);
    assertThat(lookup.get("/v1/products/a/b/similar").status()).isEqualTo(404);
    Answer post = lookup.send("POST", "/v1/recommendations?id=u-alice", Night.KEY);
    assertThat(post.status()).isEqualTo(405);
    assertThat(post.header("allow")).isEqualTo("GET");
    assertThat(post.json().get("message").asText()).isEqualTo("only GET is supported, got POST");
  }

  @Test
  void similarProductsListTheProductPagesNeighboursInRankOrder() {
    JsonNode j = lookup.get("/v1/products/prod-a/similar?limit=3").json();

    assertThat(j.get("product_id").asText()).isEqualTo("prod-a");
    assertThat(j.get("run_date").asText()).isEqualTo("2026-11-22");
    assertThat(items(j))
        .containsExactly(
            "1 prod-b 0.75 similar similar:factors", "2 prod-c 0.5 similar similar:co_views");
    assertThat(items(lookup.get("/v1/products/prod-a/similar?limit=1").json())).hasSize(1);
  }

  @Test
  void similarProductsOfAnUnknownProductAre404AndABadIdIs400() {
    Answer a = lookup.get("/v1/products/prod-zzz/similar");
    assertThat(a.status()).isEqualTo(404);
    assertThat(a.json().get("message").asText())
        .isEqualTo("no similar products for product 'prod-zzz' in run 2026-11-22");
    assertBadRequest(
        "/v1/products/prod%22x/similar",
        "product id may hold only letters, digits and - _ . : @ + = ~ | / (a '+' must be sent as"
            + " %2B), got '\"' at position 5");
  }

  @Test
  void cartComplementsCombineTheRulesOfEveryCartProduct() {
    JsonNode j =
        lookup.get("/v1/cart/complements?product_id=prod-a&product_id=prod-b&limit=3").json();

    assertThat(j.get("product_ids").toString()).isEqualTo("[\"prod-a\",\"prod-b\"]");
    assertThat(j.get("unknown_product_ids").toString()).isEqualTo("[]");
    // prod-f is pinned; prod-d: 1 - (1 - 0.5)(1 - 0.6) = 0.8; prod-a is in the cart.
    assertThat(items(j, "because"))
        .containsExactly(
            "1 prod-f null pinned [\"prod-b\"]",
            "2 prod-d 0.8 bought_together [\"prod-a\",\"prod-b\"]",
            "3 prod-e 0.25 bought_together [\"prod-a\"]");
  }

  @Test
  void cartComplementsNameUnknownProductsAndNeedOneToFifty() {
    JsonNode j = lookup.get("/v1/cart/complements?product_id=prod-nope").json();
    assertThat(j.get("unknown_product_ids").toString()).isEqualTo("[\"prod-nope\"]");
    assertThat(j.get("items")).isEmpty();
    assertBadRequest(
        "/v1/cart/complements", "product_id is required (repeat it for each cart product)");
    StringBuilder many = new StringBuilder("/v1/cart/complements?product_id=p0");
    for (int i = 1; i <= 50; i++) {
      many.append("&product_id=p").append(i);
    }
    assertBadRequest(many.toString(), "at most 50 product_id values, got 51");
  }

  @Test
  void healthNamesTheServedSnapshotItsAgeVersionsAndRows() {
    Answer a = lookup.get("/health", null);

    assertThat(a.status()).isEqualTo(200);
    JsonNode j = a.json();
    assertThat(j.get("status").asText()).isEqualTo("ok");
    JsonNode s = j.get("snapshot");
    assertThat(s.get("model_version").asText()).isEqualTo("2026-11-22");
    assertThat(s.get("run_date").asText()).isEqualTo("2026-11-22");
    assertThat(s.get("age_seconds").asLong()).isEqualTo(3600);
    assertThat(s.get("model_created_at").asText()).isEqualTo("2026-11-23T02:00:00Z");
    assertThat(s.get("rows").toString())
        .isEqualTo(
            "{\"bought_together\":5,\"identity_map\":7,\"identity_merges\":3,"
                + "\"recommendations\":7,\"similar_products\":3,\"trending\":4}");
    assertThat(s.get("table_versions").size()).isEqualTo(6);
    assertThat(s.get("memory_bytes").asLong()).isPositive();
    assertThat(j.get("reload").get("reloads").asLong()).isEqualTo(1);
    assertThat(j.get("reload").get("failures").asLong()).isZero();
  }

  @Test
  void metricsCountRequestsByEndpointAndStatusInPrometheusText() {
    String before = lookup.get("/metrics").text();
    for (int i = 0; i < 3; i++) {
      lookup.get("/v1/products/prod-zzz/similar");
    }
    Answer a = lookup.get("/metrics");

    assertThat(a.header("content-type")).isEqualTo("text/plain; version=0.0.4; charset=utf-8");
    String series = "lookup_requests_total{endpoint=\"similar_products\",status=\"404\"}";
    assertThat(value(a.text(), series) - value(before, series)).isEqualTo(3);
    assertThat(a.text())
        .contains("# TYPE lookup_request_duration_seconds histogram")
        .contains(
            "lookup_request_duration_seconds_bucket{endpoint=\"similar_products\",le=\"+Inf\"}")
        .contains("lookup_snapshot_rows{table=\"recommendations\"} 7\n")
        .contains("lookup_reloads_total 1\n")
        .contains("lookup_reload_failures_total 0\n")
        .contains("lookup_snapshot_age_seconds ");
  }

  @Test
  void aStaleSnapshotMakesHealth503AndAnEmptyWarehouseServes503() {
    try (TestService stale =
        new TestService(warehouse, Map.of("lookup.health.max-snapshot-age", "30m"), Night.CLOCK)
            .awaitSnapshot()) {
      Answer a = stale.get("/health", null);
      assertThat(a.status()).isEqualTo(503);
      assertThat(a.json().get("status").asText()).isEqualTo("unavailable");
      assertThat(a.json().get("reason").asText())
          .isEqualTo("the served model was trained 60 min ago, more than the 30 min allowed");
    }
    try (TestService empty = new TestService(new TestWarehouse("empty"), Map.of(), Night.CLOCK)) {
      TestService.await(
          () -> empty.get("/health", null).json().get("reload").get("failures").asLong() > 0,
          "a failed first load");
      Answer health = empty.get("/health", null);
      assertThat(health.status()).isEqualTo(503);
      assertThat(health.json().get("reason").asText())
          .startsWith("no snapshot loaded: table model_runs not found at file:");
      Answer api = empty.get("/v1/recommendations?id=u-alice");
      assertThat(api.status()).isEqualTo(503);
      assertThat(api.json().get("message").asText())
          .isEqualTo("no snapshot loaded yet (see /health)");
    }
  }

  private static void assertBadRequest(String path, String message) {
    Answer a = lookup.get(path);
    assertThat(a.status()).as(path).isEqualTo(400);
    assertThat(a.json().get("error").asText()).isEqualTo("bad_request");
    assertThat(a.json().get("message").asText()).as(path).startsWith(message);
    assertThat(a.text()).doesNotContain("Exception").doesNotContain("at org.");
  }

  private static String resolved(String id) {
    JsonNode j = lookup.get("/v1/recommendations?id=" + id).json();
    return j.get("person_id").asText() + " " + j.get("matched_id_type").asText();
  }

  /** Items as "rank product score source reason". */
  static List<String> items(JsonNode j) {
    return items(j, "reason");
  }

  /** Items as "rank product score source" and the field {@code last} (text, or JSON). */
  static List<String> items(JsonNode j, String last) {
    List<String> out = new ArrayList<>();
    for (JsonNode i : j.get("items")) {
      JsonNode tail = i.get(last);
      out.add(
          String.join(
              " ",
              i.get("rank").toString(),
              i.get("product_id").asText(),
              i.get("score").toString(),
              i.get("source").asText(),
              tail.isTextual() ? tail.asText() : tail.toString()));
    }
    return out;
  }

  /** The arm by the formula docs/lookup.md gives, computed independently of the service. */
  private static String documentedArm(String personId) throws Exception {
    byte[] d =
        MessageDigest.getInstance("SHA-256")
            .digest(("test-salt:" + personId).getBytes(StandardCharsets.UTF_8));
    double u =
        new java.math.BigInteger(1, java.util.Arrays.copyOf(d, 8)).doubleValue() / Math.pow(2, 64);
    return u < 0.5 ? "control" : "treatment";
  }

  private static long value(String metrics, String series) {
    return metrics
        .lines()
        .filter(l -> l.startsWith(series + " "))
        .mapToLong(l -> Long.parseLong(l.substring(series.length() + 1)))
        .findFirst()
        .orElse(0);
  }
}
