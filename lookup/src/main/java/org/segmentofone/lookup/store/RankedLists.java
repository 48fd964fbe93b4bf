package org.segmentofone.lookup.store;

import java.util.Arrays;

/**
 * Ranked lists of products per key (a person, an anchor product, a trending scope) as columns: the
 * rows of key {@code k} are {@code [begin(k), end(k))}, best first.
 */
public final class RankedLists {
  // A row is a product code and a label code (source and reason) of three bytes each and a float
  // score: 10 bytes, 14 with the extra column (a rule's confidence).
  private final int[] start;
  private final Int24Array items;
  private final Int24Array labels;
  private final float[] scores;
  private final float[] extras;

  private RankedLists(
      int[] start, Int24Array items, Int24Array labels, float[] scores, float[] extras) {
    this.start = start;
    this.items = items;
    this.labels = labels;
    this.scores = scores;
    this.extras = extras;
  }

  /** Keys that have a list: codes {@code 0 .. keys() - 1} (some of them with an empty list). */
  public int keys() {
    return start.length - 1;
  }

  public int rows() {
    return start[start.length - 1];
  }

  public int begin(int key) {
    return key >= 0 && key < keys() ? start[key] : 0;
  }

  public int end(int key) {
    return key >= 0 && key < keys() ? start[key + 1] : 0;
  }

  public int item(int row) {
    return items.get(row);
  }

  public int label(int row) {
    return labels.get(row);
  }

  /** The row's score; NaN where the table has none (merchandiser pins). */
  public float score(int row) {
    return scores[row];
  }

  /** The row's extra value (bought_together: the rule's confidence); NaN where null. */
  public float extra(int row) {
    return extras == null ? Float.NaN : extras[row];
  }

  long bytes() {
    return 4L * start.length
        + items.bytes()
        + labels.bytes()
        + 4L * scores.length
        + (extras == null ? 0 : 4L * extras.length);
  }

  static RankedLists empty() {
    return new RankedLists(new int[1], new Int24Array(0), new Int24Array(0), new float[0], null);
  }

  /**
   * Two passes over a table: {@link #count} every row's key, {@link #allocate}, then {@link #put}
   * every row, in any order: a row goes straight to its place, {@code start[key] + rank - 1}, so
   * the columns are allocated once at their final size and nothing is sorted. Ranks are 1..n per
   * key, as the jobs write them (a row_number); a table that breaks this is refused.
   */
  static final class Builder {
    private final boolean withExtra;
    private int[] counts = new int[256];
    private int keys;
    private int[] start;
    private long[] filled;
    private Int24Array items;
    private Int24Array labels;
    private float[] scores;
    private float[] extras;

    Builder(boolean withExtra) {
      this.withExtra = withExtra;
    }

    void count(int key) {
      if (key >= counts.length) {
        counts = Arrays.copyOf(counts, Math.max(2 * counts.length, key + 1));
      }
      counts[key]++;
      keys = Math.max(keys, key + 1);
    }

    void allocate() {
      start = new int[keys + 1];
      for (int k = 0; k < keys; k++) {
        start[k + 1] = Math.addExact(start[k], counts[k]);
      }
      counts = null;
      int rows = start[keys];
      filled = new long[(rows + 63) >>> 6];
      items = new Int24Array(rows);
      labels = new Int24Array(rows);
      scores = new float[rows];
      extras = withExtra ? new float[rows] : null;
    }

    /** Places one row; fails on a rank outside 1..n or taken twice, naming the key's code. */
    void put(int key, int rank, int item, int label, float score, float extra) {
      if (key >= keys) {
        throw new IllegalStateException("the table changed between the two passes of the load");
      }
      int n = start[key + 1] - start[key];
      if (rank < 1 || rank > n) {
        throw new IllegalArgumentException(
            "ranks must be 1.." + n + " for each of its lists, got " + rank);
      }
      Int24Array.check(item);
      Int24Array.check(label);
      int row = start[key] + rank - 1;
      if ((filled[row >>> 6] & (1L << row)) != 0) {
        throw new IllegalArgumentException("rank " + rank + " appears twice in one list");
      }
      filled[row >>> 6] |= 1L << row;
      items.set(row, item);
      labels.set(row, label);
      scores[row] = score;
      if (extras != null) {
        extras[row] = extra;
      }
    }

    RankedLists build() {
      // Every rank 1..n of every list was placed once, or a count of pass 1 was not met.
      long placed = 0;
      for (long word : filled) {
        placed += Long.bitCount(word);
      }
      if (placed != start[keys]) {
        throw new IllegalStateException("the table changed between the two passes of the load");
      }
      filled = null;
      return new RankedLists(start, items, labels, scores, extras);
    }
  }
}
