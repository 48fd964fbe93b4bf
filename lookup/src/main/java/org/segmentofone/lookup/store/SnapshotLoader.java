package org.segmentofone.lookup.store;

import io.delta.kernel.defaults.engine.DefaultEngine;
import io.delta.kernel.engine.Engine;
import io.delta.kernel.expressions.Column;
import io.delta.kernel.expressions.Literal;
import io.delta.kernel.expressions.Predicate;
import io.delta.kernel.types.DoubleType;
import io.delta.kernel.types.FloatType;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;

/**
 * Reads the published night from the warehouse with Delta Kernel: {@link #plan} finds the newest
 * published model and opens the tables (cheap: metadata only), {@link #load} reads that plan's
 * table versions into a {@link Snapshot}.
 */
public final class SnapshotLoader {
  static final String RECOMMENDATIONS = "recommendations";
  static final String SIMILAR = "similar_products";
  static final String COMPLEMENTS = "bought_together";
  static final String TRENDING = "trending";
  static final String IDENTITY_MAP = "identity_map";
  static final String IDENTITY_MERGES = "identity_merges";
  static final String MODEL_RUNS = "model_runs";
  private static final List<String> TABLES =
      List.of(RECOMMENDATIONS, SIMILAR, COMPLEMENTS, TRENDING, IDENTITY_MAP, IDENTITY_MERGES);
  // The tables a plan reads: model_runs (which night is published), then the night's tables.
  private static final List<String> WATCHED =
      Stream.concat(Stream.of(MODEL_RUNS), TABLES.stream()).toList();

  private static final ListsReader.Spec HOME =
      new ListsReader.Spec(
          "placement",
          "person_id",
          "product_id",
          "score",
          FloatType.FLOAT,
          "source",
          "reason",
          null);
  private static final ListsReader.Spec SIMILAR_SPEC =
      new ListsReader.Spec(
          null, "product_id", "similar_id", "score", DoubleType.DOUBLE, "source", "reason", null);
  private static final ListsReader.Spec COMPLEMENTS_SPEC =
      new ListsReader.Spec(
          null,
          "product_id",
          "complement_id",
          "score",
          DoubleType.DOUBLE,
          "source",
          null,
          "confidence");
  private static final ListsReader.Spec TRENDING_SPEC =
      new ListsReader.Spec(
          null, "scope", "product_id", "score", DoubleType.DOUBLE, "source", null, null);

  private final Engine engine;
  private final String warehouseUri;
  private final Clock clock;

  /**
   * @param warehouse the jobs' {@code paths.warehouse}: a local folder or a Hadoop file system URI
   */
  public SnapshotLoader(String warehouse, Clock clock) {
    Configuration hadoop = new Configuration();
    // Bigger batches than Kernel's default 1024 rows: fewer calls per row when loading millions.
    hadoop.set("delta.kernel.default.parquet.reader.batch-size", "8192");
    this.engine = DefaultEngine.create(hadoop);
    this.warehouseUri = uri(warehouse);
    this.clock = clock;
  }

  /** What would be loaded now: the published run, each table's version and a fingerprint. */
  public Plan plan() {
    DeltaTable modelRuns =
        guarded(MODEL_RUNS, () -> DeltaTable.open(engine, warehouseUri, MODEL_RUNS));
    PublishedRun run = guarded(MODEL_RUNS, () -> PublishedRun.read(modelRuns));
    Map<String, Long> watched = new LinkedHashMap<>();
    watched.put(MODEL_RUNS, modelRuns.version());
    Map<String, DeltaTable> tables = new LinkedHashMap<>();
    MessageDigest sha = Hashing.sha256();
    sha.update((run + "\n").getBytes(StandardCharsets.UTF_8));
    for (String name : TABLES) {
      DeltaTable t = guarded(name, () -> DeltaTable.open(engine, warehouseUri, name));
      tables.put(name, t);
      Predicate filter = name.equals(IDENTITY_MERGES) ? upTo(run) : on(run);
      String files = guarded(name, () -> t.fingerprint(filter));
      sha.update((name + " " + files + "\n").getBytes(StandardCharsets.UTF_8));
      watched.put(name, t.version());
    }
    return new Plan(run, tables, watched, HexFormat.of().formatHex(sha.digest()));
  }

  /**
   * The newest commit of every table a plan reads, from a listing of each {@code _delta_log} that
   * starts at the version {@code since} names (no log file is read): a poll compares it with the
   * last plan's {@link Plan#watchedVersions} and plans only when a table moved. A table whose known
   * version is no longer listed (recreated, or its log cleaned up) maps to -1, so it differs.
   */
  public Map<String, Long> latestVersions(Map<String, Long> since) {
    Map<String, Long> latest = new LinkedHashMap<>();
    for (String name : WATCHED) {
      long known = since.getOrDefault(name, 0L);
      latest.put(name, DeltaTable.latestCommit(engine, warehouseUri, name, known));
    }
    return latest;
  }

  /** Reads the plan's table versions (the same the plan fingerprinted) into memory. */
  public Snapshot load(Plan plan) {
    long started = System.nanoTime();
    Map<String, DeltaTable> t = plan.tables;
    Predicate day = on(plan.run());
    Utf8Dictionary persons = new Utf8Dictionary();
    Utf8Dictionary products = new Utf8Dictionary();
    Utf8Dictionary labels = new Utf8Dictionary();
    Utf8Dictionary scopes = new Utf8Dictionary();
    ListsReader lists = new ListsReader(products, labels);
    // Persons with a list first, so their codes are the dense range the home lists are keyed by.
    Map<String, RankedLists> home =
        guarded(RECOMMENDATIONS, () -> lists.read(t.get(RECOMMENDATIONS), day, HOME, persons));
    RankedLists similar =
        single(guarded(SIMILAR, () -> lists.read(t.get(SIMILAR), day, SIMILAR_SPEC, products)));
    RankedLists complements =
        single(
            guarded(
                COMPLEMENTS,
                () -> lists.read(t.get(COMPLEMENTS), day, COMPLEMENTS_SPEC, products)));
    RankedLists trending =
        single(guarded(TRENDING, () -> lists.read(t.get(TRENDING), day, TRENDING_SPEC, scopes)));
    Identities identities =
        guarded(
            IDENTITY_MAP,
            () ->
                IdentityReader.read(
                    t.get(IDENTITY_MAP), day, t.get(IDENTITY_MERGES), upTo(plan.run()), persons));
    long millis = (System.nanoTime() - started) / 1_000_000;
    return new Snapshot(
        plan,
        clock.instant(),
        millis,
        persons.freeze(),
        products.freeze(),
        labels.freeze(),
        home,
        similar,
        complements,
        trending,
        scopes.find(Snapshot.TRENDING_ALL),
        identities);
  }

  /** The newest published run, the tables opened at their current versions, and a fingerprint. */
  public static final class Plan {
    private final PublishedRun run;
    private final Map<String, DeltaTable> tables;
    private final Map<String, Long> watched;
    private final String fingerprint;

    private Plan(
        PublishedRun run,
        Map<String, DeltaTable> tables,
        Map<String, Long> watched,
        String fingerprint) {
      this.run = run;
      this.tables = tables;
      this.watched = Map.copyOf(watched);
      this.fingerprint = fingerprint;
    }

    public PublishedRun run() {
      return run;
    }

    /**
     * SHA-256 of the published run and of the data files (and deletion vectors) of its run date in
     * every table: a new version that leaves the served rows alone (tomorrow's identity_map
     * partition, an unrelated run date's delete) does not change it.
     */
    public String fingerprint() {
      return fingerprint;
    }

    /** The version of every table the plan read, {@code model_runs} included. */
    public Map<String, Long> watchedVersions() {
      return watched;
    }

    public Map<String, Long> versions() {
      Map<String, Long> v = new LinkedHashMap<>();
      tables.forEach((name, table) -> v.put(name, table.version()));
      return v;
    }
  }

  private static RankedLists single(Map<String, RankedLists> byGroup) {
    return byGroup.getOrDefault("", RankedLists.empty());
  }

  private static Predicate on(PublishedRun run) {
    return runDate("=", run);
  }

  private static Predicate upTo(PublishedRun run) {
    return runDate("<=", run);
  }

  private static Predicate runDate(String op, PublishedRun run) {
    return new Predicate(
        op, new Column("run_date"), Literal.ofDate((int) run.runDate().toEpochDay()));
  }

  /** Runs one table's step; any failure becomes a {@link LoadException} naming the table. */
  private static <T> T guarded(String table, java.util.function.Supplier<T> step) {
    try {
      return step.get();
    } catch (LoadException e) {
      throw e;
    } catch (RuntimeException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      throw new LoadException(
          table + ": " + root.getClass().getSimpleName() + ": " + root.getMessage(), e);
    }
  }

  private static String uri(String warehouse) {
    String base =
        warehouse.contains("://") || warehouse.startsWith("file:")
            ? warehouse
            : new File(warehouse).getAbsoluteFile().toURI().toString();
    return base.endsWith("/") ? base : base + "/";
  }
}
