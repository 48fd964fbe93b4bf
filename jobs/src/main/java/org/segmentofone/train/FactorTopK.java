package org.segmentofone.train;

import dev.ludovic.netlib.blas.BLAS;
import dev.ludovic.netlib.blas.JavaBLAS;
import java.io.Serializable;
import org.segmentofone.common.BoundedHeap;

/**
 * The best k items of each user by the dot product of their factor vectors, for a block of users at
 * a time: one matrix product per tile of items (Level-3 BLAS, the tile sized to stay in cache) and
 * a primitive min-heap per user, so no score is boxed and no per-tile list is shuffled. Ties go to
 * the lower item index, the same order on every run.
 */
public final class FactorTopK implements Serializable {
  private static final long serialVersionUID = 1L;

  private final int rank;
  private final int[] itemIds;
  private final float[] itemFactors;
  private final int tile;

  /**
   * @param itemIds the items' ids, in the order of their vectors
   * @param itemFactors the items' vectors one after another ({@code itemIds.length × rank})
   * @param tile items scored per matrix product
   */
  public FactorTopK(int rank, int[] itemIds, float[] itemFactors, int tile) {
    if (itemFactors.length != (long) itemIds.length * rank) {
      throw new IllegalArgumentException(
          "item factors hold "
              + itemFactors.length
              + " values, expected "
              + itemIds.length
              + " items × rank "
              + rank);
    }
    if (tile <= 0) {
      throw new IllegalArgumentException("tile must be > 0, got " + tile);
    }
    this.rank = rank;
    this.itemIds = itemIds;
    this.itemFactors = itemFactors;
    this.tile = tile;
  }

  public int rank() {
    return rank;
  }

  public int items() {
    return itemIds.length;
  }

  /** One user's best items: ids and scores, best first. */
  public record Best(int[] ids, float[] scores) {}

  /**
   * @param users the block's vectors one after another ({@code users × rank})
   * @param k items per user (fewer when the catalog is smaller)
   * @return per user, in the block's order, its best k items
   */
  public Best[] top(float[] users, int count, int k) {
    int keep = Math.min(k, itemIds.length);
    BoundedHeap[] heaps = new BoundedHeap[count];
    for (int u = 0; u < count; u++) {
      heaps[u] = new BoundedHeap(keep);
    }
    BLAS blas = JavaBLAS.getInstance();
    float[] scores = new float[Math.min(tile, itemIds.length) * count];
    for (int from = 0; from < itemIds.length; from += tile) {
      int n = Math.min(tile, itemIds.length - from);
      // scores (n × count, column-major) = items[from..from+n) · usersᵀ: each user's scores are
      // one contiguous column.
      blas.sgemm(
          "T",
          "N",
          n,
          count,
          rank,
          1f,
          itemFactors,
          from * rank,
          rank,
          users,
          0,
          rank,
          0f,
          scores,
          0,
          n);
      for (int u = 0; u < count; u++) {
        BoundedHeap heap = heaps[u];
        int column = u * n;
        for (int i = 0; i < n; i++) {
          heap.offer(scores[column + i], from + i);
        }
      }
    }
    Best[] best = new Best[count];
    int[] positions = new int[keep];
    double[] values = new double[keep];
    for (int u = 0; u < count; u++) {
      int n = heaps[u].drain(positions, values);
      int[] ids = new int[n];
      float[] top = new float[n];
      for (int i = 0; i < n; i++) {
        ids[i] = itemIds[positions[i]];
        top[i] = (float) values[i];
      }
      best[u] = new Best(ids, top);
    }
    return best;
  }
}
