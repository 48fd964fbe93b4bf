package org.segmentofone.audit;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.segmentofone.AppConfig;
import org.segmentofone.Pipeline;
import org.segmentofone.TestSpark;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;
import org.segmentofone.importer.ImportJob;
import org.segmentofone.ingest.GenerateStoreJob;

/**
 * The audit on three stores: a healthy generated one, a deliberately poor generated one (nobody
 * logs in, a share of product ids broken, many bad rows) and an import of the public Diginetica
 * sample (anonymous sessions, few logins, views only). Their verdicts must differ as they should.
 */
class AuditReadinessIT {
  private static final List<String> STAGES = List.of("collect", "connect", "consume", "audit");

  /**
   * A public dataset, read where it lies beside the checkout (development machines); it is never
   * copied into the project, so a clone without it skips that store and says so.
   */
  private static final Path DIGINETICA =
      Path.of("../../shared/datasets/diginetica-sample/sample_train-item-views.csv.gz");

  private static SparkSession spark;
  private static Store healthy;
  private static Store poor;
  private static Store diginetica;

  /** One audited store: its config, tables and the audit's result. */
  record Store(
      AppConfig config, DeltaTables tables, AuditReadinessJob.Result audit, LocalDate day) {
    Map<String, String> statuses() {
      Map<String, String> out = new LinkedHashMap<>();
      audit.checks().forEach(c -> out.put(c.section() + "." + c.check(), c.status().label()));
      return out;
    }

    String status(String section, String check) {
      return statuses().get(section + "." + check);
    }
  }

  @BeforeAll
  static void auditThreeStores() {
    spark = TestSpark.session();
    healthy = generated("healthy", Map.of());
    poor =
        generated(
            "poor",
            Map.of(
                "generate.registered-share", "0",
                "generate.email-capture-rate", "0",
                "generate.post-purchase-signup-rate", "0",
                "generate.kiosks", "0",
                "generate.unknown-product-rate", "0.3",
                "generate.bad-row-rate", "0.1",
                // The poor store's rejects must not stop collect before the audit sees them.
                "collect.max-reject-rate", "0.5"));
    diginetica = Files.isRegularFile(DIGINETICA) ? imported() : null;
    for (Store s : stores()) {
      org.slf4j.LoggerFactory.getLogger(AuditReadinessIT.class)
          .info("audit of {}: {}; {}", s.audit().report(), s.audit().message(), s.audit().checks());
    }
  }

  private static Map<String, String> paths(Path base, Path raw) {
    Map<String, String> o = new HashMap<>();
    o.put("paths.raw-events", raw.resolve("raw/events").toString());
    o.put("paths.catalog", raw.resolve("raw/catalog").toString());
    o.put("paths.warehouse", base.resolve("warehouse").toString());
    o.put("paths.checkpoint", base.resolve("checkpoints").toString());
    return o;
  }

  private static Store generated(String name, Map<String, String> knobs) {
    Path base = TestSpark.tempDir("audit-" + name);
    Map<String, String> o = paths(base, base.resolve("store"));
    o.put("generate.days", "40");
    o.putAll(knobs);
    AppConfig config = AppConfig.load(null, o);
    config =
        config.withGenerate(
            config.generate().withOverrides(8_000L, base.resolve("store").toString(), 5L));
    LocalDate day = config.generate().endDate();
    new GenerateStoreJob(spark, config.generate())
        .run(new RunContext("gen", day, Clock.systemUTC()));
    return audited(
        config, new RunContext(name, day, Clock.systemUTC(), Optional.of(day.minusDays(39))));
  }

  /**
   * The stores audited in this run: the Diginetica sample only where it lies beside the checkout.
   */
  private static List<Store> stores() {
    return diginetica == null ? List.of(healthy, poor) : List.of(healthy, poor, diginetica);
  }

  private static Store imported() {
    Path base = TestSpark.tempDir("audit-diginetica");
    Path out = base.resolve("imported");
    Map<String, String> o = paths(base, out);
    // The sample has days without any event; collect skips them instead of failing.
    o.put("collect.require-partitions", "false");
    AppConfig config = AppConfig.load(null, o);
    LocalDate day = LocalDate.parse("2016-06-01");
    Clock clock = Clock.fixed(Instant.parse("2016-06-02T06:00:00Z"), ZoneOffset.UTC);
    new ImportJob(
            spark,
            config.imports().withOverrides("diginetica", DIGINETICA.toString(), out.toString()))
        .run(new RunContext("import", day, clock));
    return audited(config, new RunContext("dg", day, clock, Optional.of(day.minusDays(59))));
  }

  private static Store audited(AppConfig config, RunContext run) {
    Pipeline pipeline = new Pipeline(spark, config);
    AuditReadinessJob.Result audit = null;
    for (String stage : STAGES) {
      var outcome = pipeline.run(stage, run).get(0);
      if (stage.equals("audit")) {
        audit = (AuditReadinessJob.Result) outcome.result();
      }
    }
    return new Store(config, new DeltaTables(spark, config.paths()), audit, run.runDate());
  }

  @Test
  void theHealthyStoreIsConnectedAndConsumable() {
    assertThat(healthy.status("connected", "verdict")).isEqualTo("ok");
    assertThat(healthy.status("consumable", "verdict")).isIn("ok", "warn");
    assertThat(healthy.status("collected", "catalog_match_rate")).isEqualTo("ok");
    assertThat(healthy.status("collected", "core_event_types")).isEqualTo("ok");
    assertThat(healthy.status("collected", "days_without_events")).isEqualTo("ok");
    assertThat(healthy.status("overall", "verdict")).isNotEqualTo("fail");
  }

  @Test
  void thePoorStoreFailsOnItsMissingLoginsBrokenIdsAndBadRows() {
    assertThat(poor.status("connected", "known_event_share")).isEqualTo("fail");
    assertThat(poor.status("connected", "known_person_share")).isEqualTo("fail");
    assertThat(poor.status("collected", "catalog_match_rate")).isEqualTo("fail");
    assertThat(poor.status("collected", "quarantine_rate")).isEqualTo("fail");
    assertThat(poor.status("overall", "verdict")).isEqualTo("fail");
    Check known =
        poor.audit().checks().stream()
            .filter(c -> c.check().equals("known_event_share"))
            .findFirst()
            .orElseThrow();
    assertThat(known.value()).isZero();
    assertThat(known.advice()).startsWith("Only 0.0% of events belong to a known customer");
  }

  @Test
  void theDigineticaSampleIsNotReadyForPersonalisation() {
    Assumptions.assumeTrue(
        diginetica != null, "the Diginetica sample is not at " + DIGINETICA.toAbsolutePath());
    // Views only, mostly anonymous sessions, a catalog built from the events themselves.
    assertThat(diginetica.status("collected", "core_event_types")).isEqualTo("fail");
    assertThat(diginetica.status("connected", "verdict")).isEqualTo("fail");
    assertThat(diginetica.status("overall", "verdict")).isEqualTo("fail");
    assertThat(diginetica.statuses()).isNotEqualTo(healthy.statuses());
  }

  @Test
  void theChecksAreWrittenOncePerRunDateEvenWhenTheAuditIsRetried() {
    long first = healthy.tables().read(Tables.AUDIT_CHECKS).count();
    assertThat(first).isEqualTo(ReadinessCheck.values().length + 4L);

    new Pipeline(spark, healthy.config())
        .run("audit", new RunContext("retry", healthy.day(), Clock.systemUTC()));

    assertThat(healthy.tables().read(Tables.AUDIT_CHECKS).count()).isEqualTo(first);
    Row overall =
        healthy.tables().read(Tables.AUDIT_CHECKS).where(col("section").equalTo("overall")).head();
    assertThat(overall.<String>getAs("status")).isEqualTo(healthy.status("overall", "verdict"));
    assertThat(overall.<String>getAs("advice")).isNotBlank();
  }

  @Test
  void theReportIsSelfContainedHtmlWithThreeChartsAndAJsonTwin() throws Exception {
    for (Store s : stores()) {
      String html = Files.readString(Path.of(URI.create(s.audit().report())));
      assertThat(html)
          .startsWith("<!DOCTYPE html>")
          .contains(
              "Events per day by type", "Identity funnel", "Persons by number of product events");
      assertThat(html.split("<svg", -1)).hasSize(4);
      assertThat(html).doesNotContain("<script", "http://cdn", "https://");
      JsonNode json = new ObjectMapper().readTree(Path.of(URI.create(s.audit().json())).toFile());
      assertThat(json.get("run_date").asText()).isEqualTo(s.day().toString());
      assertThat(json.get("checks")).hasSize(ReadinessCheck.values().length + 4);
      assertThat(json.get("checks").get(0).get("status").asText()).isIn("ok", "warn", "fail");
    }
  }
}
