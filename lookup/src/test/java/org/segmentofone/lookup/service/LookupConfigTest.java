package org.segmentofone.lookup.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LookupConfigTest {
  private static final String KEY = "0123456789abcdef";

  @Test
  void referenceDefaultsBindIntoTypedRecords() {
    LookupConfig c = load(Map.of());

    assertThat(c.warehouse()).isEqualTo("warehouse");
    assertThat(c.server().host()).isEqualTo("127.0.0.1");
    assertThat(c.server().port()).isEqualTo(8080);
    assertThat(c.api().defaultLimit()).isEqualTo(10);
    assertThat(c.api().maxLimit()).isEqualTo(100);
    assertThat(c.api().experiment().holdoutShare()).isEqualTo(0.1);
    assertThat(c.reload().pollInterval()).isEqualTo(Duration.ofSeconds(60));
    assertThat(c.maxSnapshotAge()).isEqualTo(Duration.ofHours(36));
    assertThat(c.security().apiKeys()).containsExactly(KEY);
    assertThat(c.security().header()).isEqualTo("X-Api-Key");
  }

  @Test
  void theLoggedFormRedactsKeysAndSalt() {
    String logged = load(Map.of("lookup.experiment.salt", "very-secret-salt")).toString();
    assertThat(logged)
        .doesNotContain(KEY)
        .doesNotContain("very-secret-salt")
        .contains("<1 redacted>");
  }

  @Test
  void badValuesStopTheStartWithTheKeyAndTheValue() {
    assertThatThrownBy(() -> load(Map.of("lookup.server.port", "70000")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("lookup.server.port must be between 0 and 65535, got 70000");
    assertThatThrownBy(() -> load(Map.of("lookup.experiment.holdout-share", "1.5")))
        .hasMessage("lookup.experiment.holdout-share must be between 0 and 1, got 1.5");
    assertThatThrownBy(() -> load(Map.of("lookup.reload.poll-interval", "soon")))
        .hasMessage("lookup.reload.poll-interval has the wrong type or format, got 'soon'");
    assertThatThrownBy(() -> load(Map.of("lookup.api.max-limit", "5")))
        .hasMessage("lookup.api.max-limit must be between 10 and 10000, got 5");
    assertThatThrownBy(() -> load(Map.of("lookup.server.prot", "1")))
        .hasMessage(
            "unknown config key(s) [lookup.server.prot] (see"
                + " lookup/src/main/resources/reference.conf for every key)");
  }

  @Test
  void apiKeysAreRequiredAndMustBeLongEnoughWithoutBeingEchoed() {
    assertThatThrownBy(() -> load(Map.of("lookup.security.api-keys", " , ")))
        .hasMessage(
            "lookup.security.api-keys must hold at least one key (comma-separated, 16+ characters"
                + " each), e.g. from SEGMENT_OF_ONE_LOOKUP_API_KEYS");
    assertThatThrownBy(() -> load(Map.of("lookup.security.api-keys", KEY + ",short-key")))
        .hasMessage(
            "lookup.security.api-keys: key 2 must be 16 to 256 printable characters without"
                + " spaces, got 9 characters");
    assertThat(
            load(Map.of("lookup.security.api-keys", KEY + ", " + KEY + "-2")).security().apiKeys())
        .containsExactly(KEY, KEY + "-2");
  }

  @Test
  void aFileOverridesTheReferenceAndSetOverridesTheFile(@TempDir Path dir) throws Exception {
    File f = dir.resolve("lookup.conf").toFile();
    Files.writeString(
        f.toPath(),
        "lookup { server.port = 9000, api.max-limit = 40, security.api-keys = \"" + KEY + "\" }");
    LookupConfig c = LookupConfig.load(f, Map.of("lookup.server.port", "9001"));
    assertThat(c.server().port()).isEqualTo(9001);
    assertThat(c.api().maxLimit()).isEqualTo(40);
    assertThatThrownBy(() -> LookupConfig.load(dir.resolve("none.conf").toFile(), Map.of()))
        .hasMessageStartingWith("config file not found: ");
  }

  private static LookupConfig load(Map<String, String> overrides) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("lookup.security.api-keys", KEY);
    all.putAll(overrides);
    return LookupConfig.load(null, all);
  }
}
