package org.segmentofone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.RunDateRule;
import org.segmentofone.measure.Metric;

class AppConfigTest {
  @TempDir Path dir;

  @Test
  void referenceDefaultsBindIntoRecords() {
    AppConfig c = AppConfig.load(null, Map.of());
    assertThat(c.train().rank()).isEqualTo(32);
    assertThat(c.consume().weights())
        .containsEntry("purchase", 8.0)
        .containsEntry("remove_from_cart", -2.0);
    assertThat(c.recommend().minEvents()).isEqualTo(3);
    assertThat(c.runDate().kind()).isEqualTo(RunDateRule.Kind.YESTERDAY);
    assertThat(c.generate().persons()).isEqualTo(2000);
    assertThat(c.generate().products()).isEqualTo(1000);
  }

  @Test
  void localConfOverridesOnlyWhatDiffers() {
    AppConfig c = AppConfig.load(new File("../conf/local.conf"), Map.of());
    assertThat(c.runDate().kind()).isEqualTo(RunDateRule.Kind.LATEST_INPUT);
    assertThat(c.paths().rawEvents()).isEqualTo("data-samples/store/raw/events");
    assertThat(c.generate().products()).isEqualTo(500);
    assertThat(c.train().rank()).isEqualTo(32);
  }

  @Test
  void theClusterExampleConfLoadsWithObjectStoragePaths() {
    AppConfig c = AppConfig.load(new File("../conf/cluster.conf"), Map.of());
    assertThat(c.paths().warehouse()).startsWith("s3a://");
    assertThat(c.paths().rawEvents()).startsWith("s3a://");
    assertThat(c.runDate().kind()).isEqualTo(RunDateRule.Kind.YESTERDAY);
    assertThat(c.train().rank()).isEqualTo(64);
  }

  @Test
  void sparkSettingsKeepTheirDottedNamesWhetherQuotedOrNested() throws IOException {
    File f =
        write(
            "spark.settings {\n"
                + "  \"spark.databricks.delta.snapshotPartitions\" = 4\n"
                + "  spark.sql.adaptive.enabled = false\n"
                + "}\n");
    AppConfig c = AppConfig.load(f, Map.of());
    assertThat(c.spark().settings())
        .containsOnly(
            Map.entry("spark.databricks.delta.snapshotPartitions", "4"),
            Map.entry("spark.sql.adaptive.enabled", "false"));
  }

  @Test
  void overridesWinOverTheFile() throws IOException {
    File f = write("train.rank = 16\nrun.date = \"2026-01-31\"\n");
    AppConfig c = AppConfig.load(f, Map.of("train.rank", "64"));
    assertThat(c.train().rank()).isEqualTo(64);
    assertThat(c.runDate().fixed())
        .hasValueSatisfying(d -> assertThat(d).hasToString("2026-01-31"));
  }

  @Test
  void theMeasureSectionBindsWithLaunchDatesPerExperiment() {
    AppConfig c =
        AppConfig.load(
            null,
            Map.of("measure.launch-dates.\"recs-v1\"", "2026-10-24", "measure.min-lift", "0.1"));
    assertThat(c.measure().windowDays()).isEqualTo(30);
    assertThat(c.measure().attributionWindowHours()).isEqualTo(24);
    assertThat(c.measure().primaryMetric()).isEqualTo(Metric.CONVERSION_RATE);
    assertThat(c.measure().minLift()).isEqualTo(0.1);
    assertThat(c.measure().launchDates()).containsEntry("recs-v1", LocalDate.of(2026, 10, 24));
  }

  @Test
  void aBadMeasureValueIsRejectedNamingKeyAndValue() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("measure.primary-metric", "clicks")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("measure.primary-metric must be one of conversion_rate,")
        .hasMessageEndingWith(", got clicks");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("measure.power", "0.4")))
        .hasMessage("measure.power must be in (0.5, 1), got 0.4");
    assertThatThrownBy(
            () -> AppConfig.load(null, Map.of("measure.launch-dates.recs", "next monday")))
        .hasMessage("measure.launch-dates.recs must be a date YYYY-MM-DD, got next monday");
  }

  @Test
  void anOutOfRangeValueIsRejectedNamingKeyAndValue() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("train.rank", "-3")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("train.rank must be >= 1, got -3");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("generate.registered-share", "1.5")))
        .hasMessage("generate.registered-share must be between 0 and 1, got 1.5");
  }

  @Test
  void aMistypedKeyIsRejectedRatherThanIgnored() throws IOException {
    File f = write("train { rnak = 16 }\n");
    assertThatThrownBy(() -> AppConfig.load(f, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("unknown config key(s) [train.rnak]");
  }

  @Test
  void eachPlacementMayOverrideAnyDefaultRuleButNotInventOne() throws IOException {
    File f =
        write(
            """
            recommend.rules {
              default.excluded-categories = ["Adult"]
              pdp { exclude-out-of-stock = false, pinned = ["p-1"],
                boosts = [{ brand = "Voltra", factor = 1.5 }] }
              cart.price-floor = 5
            }
            """);
    AppConfig c = AppConfig.load(f, Map.of());
    assertThat(c.recommend().pdp().excludedCategories()).containsExactly("Adult");
    assertThat(c.recommend().pdp().excludeOutOfStock()).isFalse();
    assertThat(c.recommend().pdp().pinned()).containsExactly("p-1");
    assertThat(c.recommend().pdp().boosts()).hasSize(1);
    assertThat(c.recommend().cart().priceFloor()).isEqualTo(5);
    assertThat(c.recommend().home().excludeOutOfStock()).isTrue();
    assertThat(c.recommend().home().maxPerCategory()).isEqualTo(4);
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("recommend.rules.pdp.max-per-brand", "2")))
        .hasMessageStartingWith("unknown config key(s) [recommend.rules.pdp.max-per-brand]");
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("recommend.rules.email.price-floor", "2")))
        .hasMessageStartingWith("unknown config key(s) [recommend.rules.email.price-floor]");
  }

  @Test
  void aWrongTypeNamesTheKey() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("train.max-iter", "many")))
        .hasMessage("train.max-iter has the wrong type, got 'many'");
  }

  @Test
  void aBadRunDateNamesTheAcceptedForms() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("run.date", "tomorrow")))
        .hasMessage("run.date must be \"\", \"latest-input\" or YYYY-MM-DD, got 'tomorrow'");
  }

  @Test
  void eventWeightsMustNameKnownTypes() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("consume.weights.page_view", "1")))
        .hasMessageStartingWith("consume.weights.page_view is not an event type");
  }

  @Test
  void eventWeightsMustRankPurchaseOverCartOverView() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("consume.weights.add_to_cart", "0.5")))
        .hasMessage(
            "consume.weights must rank purchase > add_to_cart > product_view, got 8.0, 0.5, 1.0");
  }

  @Test
  void invalidRegexInBlockedPatternsIsReported() {
    assertThatThrownBy(() -> AppConfig.load(null, Map.of("connect.blocked-patterns", "[\"(\"]")))
        .hasMessageStartingWith("connect.blocked-patterns has an invalid regular expression '('");
  }

  @Test
  void theEmailSaltNeverAppearsInTheLoggedConfig() {
    AppConfig c = AppConfig.load(null, Map.of("collect.email-salt", "s3cret-salt"));
    assertThat(c.collect().emailSalt()).isEqualTo("s3cret-salt");
    assertThat(c.toString()).doesNotContain("s3cret-salt").contains("emailSalt=<redacted>");
  }

  @Test
  void aMissingConfigFileIsAClearError() {
    assertThatThrownBy(() -> AppConfig.load(new File(dir.toFile(), "nope.conf"), Map.of()))
        .hasMessageStartingWith("config file not found: ");
  }

  private File write(String text) throws IOException {
    Path p = dir.resolve("test.conf");
    Files.writeString(p, text);
    return p.toFile();
  }
}
