package org.segmentofone.ingest;

import java.time.LocalDate;
import org.segmentofone.common.ConfigException;
import org.segmentofone.common.ConfigReader;

/** Knobs of the synthetic store generator (config section {@code generate}). */
public record GenerateConfig(
    String output,
    long seed,
    long events,
    long persons,
    int products,
    int days,
    LocalDate endDate,
    int maxDevicesPerPerson,
    double registeredShare,
    double loginRate,
    double emailCaptureRate,
    double postPurchaseSignupRate,
    int kiosks,
    double kioskSessionShare,
    double consentWithdrawnShare,
    int segments,
    double conversionRate,
    Experiment experiment,
    String nullExperiment,
    String nullExperimentSalt,
    double badRowRate,
    double duplicateRate,
    double unknownProductRate,
    int filesPerDay) {

  /**
   * The planted A/B test: control sees trending, treatment converts better from {@code launchDay}
   * (a day index of the generated window) on; before it nobody sees recommendations.
   */
  public record Experiment(
      String name,
      String salt,
      double treatmentShare,
      double treatmentUplift,
      double controlCtr,
      double treatmentCtr,
      int launchDay) {}

  /** Whether a second, A/A experiment (arms that behave the same) is generated. */
  public boolean hasNullExperiment() {
    return !nullExperiment.isBlank();
  }

  public static GenerateConfig from(ConfigReader c) {
    ConfigReader e = c.section("experiment");
    long events = c.longAtLeast("events", 100);
    long persons = c.longAtLeast("persons", 0);
    int products = c.intAtLeast("products", 0);
    GenerateConfig config =
        new GenerateConfig(
            c.nonBlank("output"),
            c.longAtLeast("seed", Long.MIN_VALUE),
            events,
            persons == 0 ? Math.max(20, events / 50) : persons,
            products == 0 ? (int) Math.min(100_000, Math.max(100, events / 100)) : products,
            c.intAtLeast("days", 1),
            c.date("end-date"),
            c.intAtLeast("max-devices-per-person", 1),
            c.fraction("registered-share"),
            c.fraction("login-rate"),
            c.fraction("email-capture-rate"),
            c.fraction("post-purchase-signup-rate"),
            c.intAtLeast("kiosks", 0),
            c.fraction("kiosk-session-share"),
            c.fraction("consent-withdrawn-share"),
            c.intAtLeast("segments", 1),
            c.fraction("conversion-rate"),
            new Experiment(
                e.nonBlank("name"),
                e.nonBlank("salt"),
                e.fraction("treatment-share"),
                e.nonNegative("treatment-uplift"),
                e.fraction("control-ctr"),
                e.fraction("treatment-ctr"),
                e.intAtLeast("launch-day", 0)),
            c.string("null-experiment").trim(),
            c.nonBlank("null-experiment-salt"),
            c.fraction("bad-row-rate"),
            c.fraction("duplicate-rate"),
            c.fraction("unknown-product-rate"),
            c.intAtLeast("files-per-day", 1));
    if (config.products() < StoreTaxonomy.leaves().size() * 2) {
      throw new ConfigException(
          c.key("products")
              + " must be >= "
              + StoreTaxonomy.leaves().size() * 2
              + " (two per category), got "
              + config.products());
    }
    if (config.experiment().launchDay() >= config.days()) {
      throw new ConfigException(
          c.key("experiment.launch-day")
              + " must be below "
              + c.key("days")
              + " ("
              + config.days()
              + "), got "
              + config.experiment().launchDay());
    }
    if (config.nullExperiment().equals(config.experiment().name())) {
      throw new ConfigException(
          c.key("null-experiment")
              + " must differ from "
              + c.key("experiment.name")
              + ", got "
              + config.nullExperiment());
    }
    if (config.conversionRate() * (1 + config.experiment().treatmentUplift()) > 1) {
      throw new ConfigException(
          c.key("experiment.treatment-uplift")
              + " makes the treatment conversion exceed 1, got "
              + config.experiment().treatmentUplift());
    }
    return config;
  }

  /** The same knobs with a different scale, output or seed (command-line overrides). */
  public GenerateConfig withOverrides(Long newEvents, String newOutput, Long newSeed) {
    long ev = newEvents == null ? events : newEvents;
    boolean rescale = newEvents != null && newEvents != events;
    return new GenerateConfig(
        newOutput == null ? output : newOutput,
        newSeed == null ? seed : newSeed,
        ev,
        rescale ? Math.max(20, ev / 50) : persons,
        rescale ? (int) Math.min(100_000, Math.max(100, ev / 100)) : products,
        days,
        endDate,
        maxDevicesPerPerson,
        registeredShare,
        loginRate,
        emailCaptureRate,
        postPurchaseSignupRate,
        kiosks,
        kioskSessionShare,
        consentWithdrawnShare,
        segments,
        conversionRate,
        experiment,
        nullExperiment,
        nullExperimentSalt,
        badRowRate,
        duplicateRate,
        unknownProductRate,
        rescale ? (int) Math.max(filesPerDay, ev / 2_000_000) : filesPerDay);
  }
}
