package org.segmentofone;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.segmentofone.audit.AuditConfig;
import org.segmentofone.collect.CollectConfig;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunDateRule;
import org.segmentofone.common.SparkSettings;
import org.segmentofone.connect.ConnectConfig;
import org.segmentofone.consume.ConsumeConfig;
import org.segmentofone.evaluate.EvaluateConfig;
import org.segmentofone.forget.ForgetConfig;
import org.segmentofone.importer.ImportConfig;
import org.segmentofone.ingest.GenerateConfig;
import org.segmentofone.itemtoitem.HybridConfig;
import org.segmentofone.measure.MeasureConfig;
import org.segmentofone.recommend.RecommendConfig;
import org.segmentofone.train.TrainConfig;

/** The whole configuration, bound once from HOCON and validated; nobody else reads Config. */
public record AppConfig(
    SparkSettings spark,
    PathsConfig paths,
    RunDateRule runDate,
    GenerateConfig generate,
    ImportConfig imports,
    CollectConfig collect,
    ConnectConfig connect,
    ConsumeConfig consume,
    TrainConfig train,
    HybridConfig hybrid,
    EvaluateConfig evaluate,
    RecommendConfig recommend,
    AuditConfig audit,
    ForgetConfig forget,
    MeasureConfig measure) {

  private static final List<String> OPEN_SECTIONS =
      List.of("spark.settings", "consume.weights", "measure.launch-dates");

  /**
   * Loads reference.conf, then the file (if any), then {@code key=value} overrides, rejects keys
   * reference.conf does not know, and binds the records.
   */
  public static AppConfig load(File file, Map<String, String> overrides) {
    Config reference = ConfigFactory.parseResources("reference.conf");
    Config user = ConfigFactory.empty();
    if (file != null) {
      if (!file.isFile()) {
        throw new ConfigException("config file not found: " + file.getPath());
      }
      user = ConfigFactory.parseFile(file, ConfigParseOptions.defaults().setAllowMissing(false));
    }
    for (Map.Entry<String, String> e : overrides.entrySet()) {
      user =
          ConfigFactory.parseString(e.getKey() + " = " + quoteIfNeeded(e.getValue()))
              .withFallback(user);
    }
    rejectUnknownKeys(user, reference);
    Config merged = user.withFallback(reference).resolve();
    return bind(merged);
  }

  static AppConfig bind(Config c) {
    return new AppConfig(
        SparkSettings.from(new ConfigReader(c, "spark")),
        PathsConfig.from(new ConfigReader(c, "paths")),
        RunDateRule.from(new ConfigReader(c, "run")),
        GenerateConfig.from(new ConfigReader(c, "generate")),
        ImportConfig.from(new ConfigReader(c, "import")),
        CollectConfig.from(new ConfigReader(c, "collect")),
        ConnectConfig.from(new ConfigReader(c, "connect")),
        ConsumeConfig.from(new ConfigReader(c, "consume")),
        TrainConfig.from(new ConfigReader(c, "train")),
        HybridConfig.from(new ConfigReader(c, "hybrid")),
        EvaluateConfig.from(new ConfigReader(c, "evaluate")),
        RecommendConfig.from(new ConfigReader(c, "recommend")),
        AuditConfig.from(new ConfigReader(c, "audit")),
        ForgetConfig.from(new ConfigReader(c, "forget")),
        MeasureConfig.from(new ConfigReader(c, "measure")));
  }

  /** The same configuration with another generator section (command-line scale overrides). */
  public AppConfig withGenerate(GenerateConfig g) {
    return new AppConfig(
        spark, paths, runDate, g, imports, collect, connect, consume, train, hybrid, evaluate,
        recommend, audit, forget, measure);
  }

  /** The same configuration with another import section (command-line format and paths). */
  public AppConfig withImports(ImportConfig i) {
    return new AppConfig(
        spark, paths, runDate, generate, i, collect, connect, consume, train, hybrid, evaluate,
        recommend, audit, forget, measure);
  }

  /** The same configuration with another forget section (command-line identifiers). */
  public AppConfig withForget(ForgetConfig f) {
    return new AppConfig(
        spark, paths, runDate, generate, imports, collect, connect, consume, train, hybrid,
        evaluate, recommend, audit, f, measure);
  }

  private static void rejectUnknownKeys(Config user, Config reference) {
    List<String> unknown = new ArrayList<>();
    for (Map.Entry<String, ConfigValue> e : user.entrySet()) {
      String key = e.getKey();
      boolean open = OPEN_SECTIONS.stream().anyMatch(s -> key.startsWith(s + "."));
      if (!open
          && !reference.hasPathOrNull(key)
          && !reference.hasPathOrNull(placementDefault(key))) {
        unknown.add(key);
      }
    }
    if (!unknown.isEmpty()) {
      throw new ConfigException(
          "unknown config key(s) "
              + new TreeSet<>(unknown)
              + " (see jobs/src/main/resources/reference.conf for every key)");
    }
  }

  /**
   * A placement's rule key ({@code recommend.rules.pdp.pinned}) is known when the defaults have it
   * ({@code recommend.rules.default.pinned}): each placement may override any default.
   */
  private static String placementDefault(String key) {
    return key.replaceFirst("^recommend\\.rules\\.(home|pdp|cart)\\.", "recommend.rules.default.");
  }

  private static String quoteIfNeeded(String value) {
    if (value.matches("-?[0-9]+(\\.[0-9]+)?|true|false|\\[.*\\]")) {
      return value;
    }
    return ConfigFactory.parseMap(Map.of("v", value))
        .getValue("v")
        .render(ConfigRenderOptions.concise());
  }
}
