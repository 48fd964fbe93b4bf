package org.segmentofone.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.segmentofone.common.DeltaTables;
import org.segmentofone.common.Job;
import org.segmentofone.common.JobResult;
import org.segmentofone.common.PathsConfig;
import org.segmentofone.common.RunContext;
import org.segmentofone.common.Tables;

/**
 * {@code train}: {@code interactions} in; {@code person_index}, {@code product_index}, an ALS model
 * under {@code models/<run date>/} and its {@code model_runs} row out. A rerun for the same date
 * replaces that version.
 */
public final class TrainModelJob implements Job<TrainModelJob.Result> {
  public static final String STATUS_TRAINED = "trained";

  private final SparkSession spark;
  private final PathsConfig paths;
  private final TrainConfig cfg;
  private final DeltaTables tables;

  /** The trained model's version, location and data sizes. */
  public record Result(
      String version, String path, long persons, long products, long ratings, double seconds)
      implements JobResult {
    @Override
    public long rowsIn() {
      return ratings;
    }

    @Override
    public long rowsOut() {
      return persons + products;
    }

    @Override
    public Map<String, Long> tablesWritten() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("person_index", persons);
      m.put("product_index", products);
      m.put("model_runs", 1L);
      return m;
    }

    @Override
    public String message() {
      return "model %s: %d ratings, %d persons x %d products, ALS fit in %.1f s"
          .formatted(version, ratings, persons, products, seconds);
    }
  }

  public TrainModelJob(SparkSession spark, PathsConfig paths, TrainConfig cfg) {
    this.spark = spark;
    this.paths = paths;
    this.cfg = cfg;
    this.tables = new DeltaTables(spark, paths);
  }

  @Override
  public String stage() {
    return "train";
  }

  @Override
  public Result run(RunContext run) {
    Dataset<Row> interactions = tables.read(Tables.INTERACTIONS);
    long persons =
        tables.overwrite(
            DenseIndex.extend(
                spark, tables.readOrEmpty(Tables.PERSON_INDEX), interactions, "person_id"),
            Tables.PERSON_INDEX);
    long products =
        tables.overwrite(
            DenseIndex.extend(
                spark, tables.readOrEmpty(Tables.PRODUCT_INDEX), interactions, "product_id"),
            Tables.PRODUCT_INDEX);
    Dataset<Row> ratings =
        TrainTransforms.ratings(
                interactions,
                tables.read(Tables.PERSON_INDEX),
                tables.read(Tables.PRODUCT_INDEX),
                cfg)
            .persist(StorageLevel.MEMORY_AND_DISK());
    try {
      long ratingCount = ratings.count();
      if (ratingCount == 0) {
        throw new IllegalStateException(
            "no interactions to train on for "
                + run.runDate()
                + " (run collect, connect, consume first)");
      }
      Instant started = run.now();
      ALSModel model = TrainTransforms.als(cfg).fit(ratings);
      double seconds = Duration.between(started, run.now()).toMillis() / 1000.0;
      String version = run.runDate().toString();
      String path = paths.table("models/" + version);
      try {
        model.write().overwrite().save(path);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot save the model to " + path, e);
      }
      Row row =
          RowFactory.create(
              version,
              Date.valueOf(run.runDate()),
              run.runId(),
              path,
              STATUS_TRAINED,
              cfg.rank(),
              cfg.regParam(),
              cfg.alpha(),
              cfg.maxIter(),
              cfg.seed(),
              cfg.logScale(),
              persons,
              products,
              ratingCount,
              seconds,
              Timestamp.from(run.now()));
      tables.replaceWhere(
          spark.createDataFrame(List.of(row), Tables.MODEL_RUNS.schema()),
          Tables.MODEL_RUNS,
          "version = '" + version + "'");
      return new Result(version, path, persons, products, ratingCount, seconds);
    } finally {
      ratings.unpersist();
    }
  }
}
