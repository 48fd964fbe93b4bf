package org.segmentofone.audit;

import java.util.Locale;
import org.segmentofone.audit.Check.Better;

/**
 * Every check the audit makes: its section, unit, the better direction, default thresholds and the
 * advice a store owner reads. {@code %v} in the advice is the formatted value, {@code %d} the
 * check's detail, {@code %n} a count the check depends on (e.g. the cold-start threshold).
 */
public enum ReadinessCheck {
  DAYS_WITHOUT_EVENTS(
      "collected",
      "days",
      Better.LOWER,
      0,
      2,
      "Events arrived on every day of the window.",
      "%v day(s) in the window have no events at all (%d): check that the tracker and the export"
          + " ran on those days, then re-run collect for them."),
  LATEST_DAY_VOLUME_RATIO(
      "collected",
      "ratio",
      Better.HIGHER,
      0.5,
      0.2,
      "The run date's volume is in line with the week before.",
      "On the run date %d fell to %v of a usual day: check the tracker on those pages before"
          + " trusting tonight's lists."),
  QUARANTINE_RATE(
      "collected",
      "share",
      Better.LOWER,
      0.01,
      0.05,
      "Almost every incoming row is valid.",
      "%v of incoming rows were rejected (%d): fix the tracker so it sends these fields correctly;"
          + " the rows are kept in the quarantine table."),
  DUPLICATE_RATE(
      "collected",
      "share",
      Better.LOWER,
      0.01,
      0.05,
      "Few rows arrive twice.",
      "%v of rows arrived twice with the same event id: they are removed, but the tracker retries"
          + " too often or the export overlaps."),
  FRESHNESS_HOURS(
      "collected",
      "hours",
      Better.LOWER,
      26,
      72,
      "The newest event is recent.",
      "The newest event is %v hours older than the end of the run date: the export is late or has"
          + " stopped, so tonight's lists miss the latest visits."),
  CATALOG_MATCH_RATE(
      "collected",
      "share",
      Better.HIGHER,
      0.98,
      0.9,
      "Product events name products the catalog knows.",
      "Only %v of product events name a product in the catalog: send the catalog's product id"
          + " (not a variant or SKU) in events, and export the whole catalog."),
  PRICED_PURCHASE_SHARE(
      "collected",
      "share",
      Better.HIGHER,
      0.99,
      0.9,
      "Purchases carry their price.",
      "Only %v of purchase events carry a price (%d): send price and quantity on every order"
          + " line, or revenue and order value figures will be wrong."),
  CORE_EVENT_TYPES(
      "collected",
      "count",
      Better.HIGHER,
      3,
      2,
      "Product views, add-to-cart and purchases are all tracked.",
      "Only %v of the three core event types are tracked (missing: %d): each one adds signal the"
          + " recommendations learn from."),
  KNOWN_EVENT_SHARE(
      "connected",
      "share",
      Better.HIGHER,
      0.3,
      0.1,
      "A good share of events belongs to known customers.",
      "Only %v of events belong to a known customer: add a login prompt or email capture before"
          + " checkout."),
  KNOWN_PERSON_SHARE(
      "connected",
      "share",
      Better.HIGHER,
      0.1,
      0.02,
      "A good share of visitors is identified.",
      "Only %v of visitors are ever identified: offer an account or a newsletter sign-up so"
          + " returning visitors are recognised on every device."),
  IDENTIFIERS_PER_PERSON(
      "connected",
      "per person",
      Better.HIGHER,
      1.2,
      1.02,
      "Sessions and devices are being linked into persons.",
      "Persons average only %v identifiers (%d): few sessions are linked; send user_id on every"
          + " event after login, not only on the login event."),
  CROSS_DEVICE_SHARE(
      "connected",
      "share",
      Better.HIGHER,
      0.05,
      0.01,
      "Known customers are recognised across devices.",
      "Only %v of known customers are seen on more than one device: logins on phone and desktop"
          + " are what join their histories."),
  SHARED_IDENTIFIER_EVENT_SHARE(
      "connected",
      "share",
      Better.LOWER,
      0.05,
      0.2,
      "Few events come from shared devices or accounts.",
      "%v of events come from identifiers shared by many customers (%d): they are kept apart and"
          + " not personalised; check kiosks, test accounts and placeholder emails."),
  READY_PERSON_SHARE(
      "consumable",
      "share",
      Better.HIGHER,
      0.3,
      0.1,
      "Many persons have enough events for personal recommendations.",
      "Only %v of persons have the %n product events personal recommendations need; the rest get"
          + " similar items and trending. More browsing per visit (search, related products)"
          + " raises it."),
  INTERACTIONS_PER_PERSON(
      "consumable",
      "per person",
      Better.HIGHER,
      3,
      1.5,
      "Persons touch several products each.",
      "Persons touch only %v products on average: the model sees little of each taste."),
  INTERACTIONS_PER_PRODUCT(
      "consumable",
      "per product",
      Better.HIGHER,
      5,
      2,
      "Products are touched by several persons each.",
      "Products are touched by only %v persons on average: too thin for the model to place"
          + " them."),
  DENSITY(
      "consumable",
      "share",
      Better.HIGHER,
      1e-4,
      1e-5,
      "The person × product matrix is dense enough to learn from.",
      "Only %v of possible person × product pairs have any interaction: collect more history"
          + " (a longer window) or recommend from a smaller active catalog."),
  PRODUCTS_WITH_SIGNAL_SHARE(
      "consumable",
      "share",
      Better.HIGHER,
      0.3,
      0.1,
      "Much of the catalog has enough signal.",
      "Only %v of the catalog has at least %n persons interacting: the model cannot learn the"
          + " rest, which then rely on similar-item lists and trending."),
  CATALOG_SEEN_SHARE(
      "consumable",
      "share",
      Better.HIGHER,
      0.5,
      0.2,
      "Most of the catalog is seen by visitors.",
      "Only %v of the catalog was ever seen in events: check that event product ids match the"
          + " catalog, or retire products nobody finds.");

  private final String section;
  private final String unit;
  private final Better better;
  private final double defaultWarn;
  private final double defaultFail;
  private final String okAdvice;
  private final String badAdvice;

  ReadinessCheck(
      String section,
      String unit,
      Better better,
      double defaultWarn,
      double defaultFail,
      String okAdvice,
      String badAdvice) {
    this.section = section;
    this.unit = unit;
    this.better = better;
    this.defaultWarn = defaultWarn;
    this.defaultFail = defaultFail;
    this.okAdvice = okAdvice;
    this.badAdvice = badAdvice;
  }

  /** The name in {@code audit_checks.check} ({@code known_event_share}). */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The config key of its thresholds ({@code audit.checks.known-event-share}). */
  public String configKey() {
    return id().replace('_', '-');
  }

  public String section() {
    return section;
  }

  public String unit() {
    return unit;
  }

  public Better better() {
    return better;
  }

  public double defaultWarn() {
    return defaultWarn;
  }

  public double defaultFail() {
    return defaultFail;
  }

  /** The advice line for a status; {@code n} fills {@code %n}. */
  public String advice(Check.Status status, double value, String detail, long n) {
    String template = status == Check.Status.OK ? okAdvice : badAdvice;
    return template
        .replace("%v", format(value))
        .replace("%d", detail == null || detail.isBlank() ? "no detail" : detail)
        .replace("%n", Long.toString(n));
  }

  /** The value as a reader sees it: shares in percent, counts whole, others to two decimals. */
  public String format(double value) {
    if (Double.isNaN(value)) {
      return "no value";
    }
    return switch (unit) {
      case "share" ->
          value != 0 && Math.abs(value) < 0.001
              ? String.format(Locale.ROOT, "%.4f%%", value * 100)
              : String.format(Locale.ROOT, "%.1f%%", value * 100);
      case "days", "count" -> String.format(Locale.ROOT, "%.0f", value);
      case "hours" -> String.format(Locale.ROOT, "%.1f", value);
      default -> String.format(Locale.ROOT, "%.2f", value);
    };
  }
}
