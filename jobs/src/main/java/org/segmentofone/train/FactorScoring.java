package org.segmentofone.train;

import static org.apache.spark.sql.functions.col;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Top-k targets per query by the dot product of factor vectors ({@code id int, features
 * array<float>} on both sides), as Spark's {@code recommendForAll} does but faster on few cores:
 * the targets' vectors (catalog-sized: products × rank floats) are broadcast once, and each
 * partition scores blocks of queries with one matrix product per tile of targets ({@link
 * FactorTopK}), keeping each query's best k in a primitive heap. Nothing per (query, target) pair
 * is shuffled or boxed; the queries never leave their partitions.
 */
public final class FactorScoring {
  /** Queries per matrix product (bench/recommend compares block sizes). */
  public static final int QUERIES_PER_BLOCK = 256;

  /** Targets per matrix product: 4096 × rank 64 floats = 1 MB, a core's cache. */
  public static final int TARGETS_PER_TILE = 4096;

  public static final StructType SCHEMA =
      new StructType()
          .add("query", DataTypes.IntegerType, false)
          .add("target", DataTypes.IntegerType, false)
          .add("score", DataTypes.FloatType, false);

  private FactorScoring() {}

  /**
   * @return {@code query, target, score}: each query's best {@code k} targets (fewer when there are
   *     fewer targets); ties to the lower target position
   */
  public static Dataset<Row> top(Dataset<Row> queries, Dataset<Row> targets, int rank, int k) {
    return top(queries, targets, rank, k, QUERIES_PER_BLOCK, TARGETS_PER_TILE);
  }

  /** {@link #top(Dataset, Dataset, int, int)} with explicit block sizes (for the bench). */
  public static Dataset<Row> top(
      Dataset<Row> queries, Dataset<Row> targets, int rank, int k, int block, int tile) {
    if (k <= 0) {
      throw new IllegalArgumentException("k must be > 0, got " + k);
    }
    FactorTopK scorer = collect(targets, rank, tile);
    Broadcast<FactorTopK> shared =
        JavaSparkContext.fromSparkContext(queries.sparkSession().sparkContext()).broadcast(scorer);
    return queries
        .select(col("id"), col("features"))
        .mapPartitions(new ScoreBlocks(shared, k, block), Encoders.row(SCHEMA));
  }

  /** The targets' vectors in one array, in id order (a catalog-sized table, not the data's). */
  private static FactorTopK collect(Dataset<Row> targets, int rank, int tile) {
    List<Row> rows = targets.select(col("id"), col("features")).orderBy("id").collectAsList();
    int[] ids = new int[rows.size()];
    float[] vectors = new float[rows.size() * rank];
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      ids[i] = row.getInt(0);
      copy(row.getList(1), vectors, i * rank, rank);
    }
    return new FactorTopK(rank, ids, vectors, tile);
  }

  private static void copy(List<Object> features, float[] into, int at, int rank) {
    if (features.size() != rank) {
      throw new IllegalArgumentException(
          "a factor vector has " + features.size() + " values, the model's rank is " + rank);
    }
    for (int j = 0; j < rank; j++) {
      into[at + j] = ((Number) features.get(j)).floatValue();
    }
  }

  /** Scores a partition's queries a block at a time and yields their (query, target, score). */
  private static final class ScoreBlocks implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    private final Broadcast<FactorTopK> scorer;
    private final int k;
    private final int block;

    ScoreBlocks(Broadcast<FactorTopK> scorer, int k, int block) {
      this.scorer = scorer;
      this.k = k;
      this.block = block;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> queries) {
      FactorTopK topK = scorer.value();
      return new Iterator<>() {
        private final List<Row> pending = new ArrayList<>();
        private int next;

        @Override
        public boolean hasNext() {
          while (next == pending.size() && queries.hasNext()) {
            fill();
          }
          return next < pending.size();
        }

        @Override
        public Row next() {
          if (!hasNext()) {
            throw new NoSuchElementException();
          }
          return pending.get(next++);
        }

        private void fill() {
          pending.clear();
          next = 0;
          int rank = topK.rank();
          int[] ids = new int[block];
          float[] vectors = new float[block * rank];
          int count = 0;
          while (count < block && queries.hasNext()) {
            Row query = queries.next();
            ids[count] = query.getInt(0);
            copy(query.getList(1), vectors, count * rank, rank);
            count++;
          }
          FactorTopK.Best[] best = topK.top(vectors, count, k);
          for (int q = 0; q < count; q++) {
            for (int j = 0; j < best[q].ids().length; j++) {
              pending.add(RowFactory.create(ids[q], best[q].ids()[j], best[q].scores()[j]));
            }
          }
        }
      };
    }
  }
}
