package org.segmentofone.ingest;

import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.log;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.xxhash64;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Column;

/**
 * Deterministic random numbers as Spark columns: a draw is a hash of (seed, purpose, keys), so the
 * same seed gives the same store however Spark partitions the work.
 */
final class SeededRandom {
  private static final long RESOLUTION = 1L << 52;
  private final long seed;

  SeededRandom(long seed) {
    this.seed = seed;
  }

  /** Uniform in [0, 1). */
  Column uniform(String purpose, Column... keys) {
    return pmod(hash(purpose, keys), lit(RESOLUTION))
        .cast("double")
        .divide(lit((double) RESOLUTION));
  }

  /** Uniform integer in [0, bound) for a column or literal bound. */
  Column below(Column bound, String purpose, Column... keys) {
    return floor(uniform(purpose, keys).multiply(bound)).cast("int");
  }

  /** Exponential with the given mean. */
  Column exponential(double mean, String purpose, Column... keys) {
    return log(lit(1.0).minus(uniform(purpose, keys))).multiply(-mean);
  }

  /** A 64-bit hash of (seed, purpose, keys), for ids. */
  Column hash(String purpose, Column... keys) {
    List<Column> cols = new ArrayList<>();
    cols.add(lit(seed));
    cols.add(lit(purpose));
    cols.addAll(List.of(keys));
    return xxhash64(cols.toArray(Column[]::new));
  }
}
