package org.segmentofone.lookup.service;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.segmentofone.lookup.api.ApiConfig;

/**
 * The lookup's configuration ({@code lookup.*} of reference.conf), bound once and validated; nobody
 * else reads {@link Config}.
 *
 * @param warehouse the folder or URI of the Delta tables
 * @param maxSnapshotAge /health is 503 when the served model is older
 */
public record LookupConfig(
    String warehouse,
    ServerConfig server,
    SecurityConfig security,
    ApiConfig api,
    ReloadConfig reload,
    Duration maxSnapshotAge) {

  /** {@code lookup.server}: where to listen and the request size limits. */
  public record ServerConfig(
      String host,
      int port,
      int ioThreads,
      int maxInitialLineBytes,
      int maxHeaderBytes,
      Duration idleTimeout) {}

  /** {@code lookup.security}: the accepted keys (redacted in logs) and their header. */
  public record SecurityConfig(List<String> apiKeys, String header, boolean openOpsEndpoints) {
    @Override
    public String toString() {
      return "SecurityConfig[apiKeys=<"
          + apiKeys.size()
          + " redacted>, header="
          + header
          + ", openOpsEndpoints="
          + openOpsEndpoints
          + "]";
    }
  }

  /** {@code lookup.reload}: polling and the back-off of a failing load. */
  public record ReloadConfig(Duration pollInterval, Duration maxRetryInterval) {}

  /**
   * reference.conf, then the file (if any), then {@code key=value} overrides; keys reference.conf
   * does not know are refused.
   */
  public static LookupConfig load(File file, Map<String, String> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config user = ConfigFactory.empty();
    if (file != null) {
      if (!file.isFile()) {
        throw new ConfigException("config file not found: " + file.getPath());
      }
      user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      user = ConfigFactory.parseMap(Map.of(e.getKey(), e.getValue())).withFallback(user);
    }
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      if (!e.getKey().startsWith("lookup.") || !reference.hasPathOrNull(e.getKey())) {
        unknown.add(e.getKey());
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown config key(s) "
              + new TreeSet<>(unknown)
              + " (see lookup/src/main/resources/reference.conf for every key)");
    }
    return from(user.withFallback(reference).resolve());
  }

  static LookupConfig from(Config root) {
    Settings c = Settings.of(root, "lookup");
    Settings server = c.section("server");
    Settings api = c.section("api");
    Settings experiment = c.section("experiment");
    int defaultLimit = api.intBetween("default-limit", 1, 10_000);
    return new LookupConfig(
        c.nonBlank("warehouse"),
        new ServerConfig(
            server.nonBlank("host"),
            server.intBetween("port", 0, 65_535),
            server.intBetween("io-threads", 0, 256),
            server.intBetween("max-initial-line-bytes", 256, 1 << 20),
            server.intBetween("max-header-bytes", 256, 1 << 20),
            server.positiveDuration("idle-timeout")),
        security(c.section("security")),
        new ApiConfig(
            defaultLimit,
            api.intBetween("max-limit", defaultLimit, 10_000),
            api.intBetween("max-id-length", 1, 4096),
            api.intBetween("max-cart-products", 1, 1000),
            new ApiConfig.Experiment(
                experiment.nonBlank("name"),
                experiment.nonBlank("salt"),
                experiment.fraction("holdout-share"))),
        new ReloadConfig(
            c.section("reload").positiveDuration("poll-interval"),
            c.section("reload").positiveDuration("max-retry-interval")),
        c.section("health").positiveDuration("max-snapshot-age"));
  }

  private static SecurityConfig security(Settings s) {
    List<String> keys = new ArrayList<>();
    for (String k : s.string("api-keys").split(",")) {
      String key = k.trim();
      if (key.isEmpty()) {
        continue;
      }
      if (key.length() < 16
          || key.length() > 256
          || !key.chars().allMatch(ch -> ch > 0x20 && ch < 0x7F)) {
        // The key itself is never echoed: the message names its position only.
        throw new ConfigException(
            s.key("api-keys")
                + ": key "
                + (keys.size() + 1)
                + " must be 16 to 256 printable characters without spaces, got "
                + key.length()
                + " characters");
      }
      keys.add(key);
    }
    if (keys.isEmpty()) {
      throw new ConfigException(
          s.key("api-keys")
              + " must hold at least one key (comma-separated, 16+ characters each), e.g. from"
              + " SEGMENT_OF_ONE_LOOKUP_API_KEYS");
    }
    String header = s.nonBlank("header");
    if (!header.matches("[A-Za-z0-9-]+")) {
      throw new ConfigException(
          s.key("header")
              + " must be an HTTP header name (letters, digits, -), got '"
              + header
              + "'");
    }
    return new SecurityConfig(List.copyOf(keys), header, s.bool("open-ops-endpoints"));
  }
}
