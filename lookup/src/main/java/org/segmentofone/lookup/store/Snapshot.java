package org.segmentofone.lookup.store;

import java.time.Instant;
import java.util.Map;
import java.util.Set;

/**
 * One published night in memory, immutable once built: the home lists per placement (keyed by
 * person code), similar products and cart complements (keyed by product code), trending (keyed by
 * scope code), who each identifier is, and the dictionaries that turn codes back into ids.
 */
public final class Snapshot {
  /** The scope of the overall trending list, what an unknown visitor sees. */
  public static final String TRENDING_ALL = "all";

  private final PublishedRun run;
  private final String fingerprint;
  private final Map<String, Long> tableVersions;
  private final Instant loadedAt;
  private final long loadMillis;
  private final Utf8Dictionary persons;
  private final Utf8Dictionary products;
  private final Utf8Dictionary labels;
  private final Map<String, RankedLists> placements;
  private final RankedLists similar;
  private final RankedLists complements;
  private final RankedLists trending;
  private final int trendingAll;
  private final Identities identities;

  Snapshot(
      SnapshotLoader.Plan plan,
      Instant loadedAt,
      long loadMillis,
      Utf8Dictionary persons,
      Utf8Dictionary products,
      Utf8Dictionary labels,
      Map<String, RankedLists> placements,
      RankedLists similar,
      RankedLists complements,
      RankedLists trending,
      int trendingAll,
      Identities identities) {
    this.run = plan.run();
    this.fingerprint = plan.fingerprint();
    this.tableVersions = plan.versions();
    this.loadedAt = loadedAt;
    this.loadMillis = loadMillis;
    this.persons = persons;
    this.products = products;
    this.labels = labels;
    this.placements = Map.copyOf(placements);
    this.similar = similar;
    this.complements = complements;
    this.trending = trending;
    this.trendingAll = trendingAll;
    this.identities = identities;
  }

  public PublishedRun run() {
    return run;
  }

  /** Changes exactly when the published rows change (see {@link SnapshotLoader#plan}). */
  public String fingerprint() {
    return fingerprint;
  }

  public Map<String, Long> tableVersions() {
    return tableVersions;
  }

  public Instant loadedAt() {
    return loadedAt;
  }

  public long loadMillis() {
    return loadMillis;
  }

  public Utf8Dictionary persons() {
    return persons;
  }

  public Utf8Dictionary products() {
    return products;
  }

  public Utf8Dictionary labels() {
    return labels;
  }

  public Set<String> placements() {
    return placements.keySet();
  }

  /** The home lists of one placement (keyed by person code), or null for an unknown placement. */
  public RankedLists placement(String placement) {
    return placements.get(placement);
  }

  /** The product page's lists, keyed by product code. */
  public RankedLists similar() {
    return similar;
  }

  /** The cart's association rules (extra column: confidence), keyed by product code. */
  public RankedLists complements() {
    return complements;
  }

  /** The overall trending list's rows: {@code [begin, end)} of {@link #trending()}. */
  public RankedLists trending() {
    return trending;
  }

  public int trendingAllKey() {
    return trendingAll;
  }

  public Identities identities() {
    return identities;
  }

  /** Rows per table, as loaded. */
  public Map<String, Long> rows() {
    long home = placements.values().stream().mapToLong(RankedLists::rows).sum();
    return Map.of(
        "recommendations", home,
        "similar_products", (long) similar.rows(),
        "bought_together", (long) complements.rows(),
        "trending", (long) trending.rows(),
        "identity_map", (long) identities.identifiers(),
        "identity_merges", (long) identities.formerIds());
  }

  /** Heap bytes of the arrays that hold the snapshot (objects' headers aside). */
  public long bytes() {
    long lists =
        placements.values().stream().mapToLong(RankedLists::bytes).sum()
            + similar.bytes()
            + complements.bytes()
            + trending.bytes();
    return lists + persons.bytes() + products.bytes() + labels.bytes() + identities.bytes();
  }
}
