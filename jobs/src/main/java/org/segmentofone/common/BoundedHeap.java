package org.segmentofone.common;

/**
 * The best {@code capacity} of a stream of (score, position) pairs in primitive arrays: a min-heap
 * whose root is the weakest kept. A higher score ranks first; equal scores go to the lower
 * position, so the order is the same on every run. Reusable after {@link #drain}.
 */
public final class BoundedHeap {
  private final double[] scores;
  private final int[] positions;
  private int size;

  public BoundedHeap(int capacity) {
    scores = new double[capacity];
    positions = new int[capacity];
  }

  public int size() {
    return size;
  }

  public void offer(double score, int position) {
    if (size < scores.length) {
      scores[size] = score;
      positions[size] = position;
      up(size++);
    } else if (size > 0 && weaker(scores[0], positions[0], score, position)) {
      scores[0] = score;
      positions[0] = position;
      down(0);
    }
  }

  /**
   * Empties the heap into the arrays, best first, and returns how many were written.
   *
   * @param bestPositions at least {@link #size()} long
   * @param bestScores at least {@link #size()} long
   */
  public int drain(int[] bestPositions, double[] bestScores) {
    int n = size;
    for (int i = n - 1; i >= 0; i--) {
      bestScores[i] = scores[0];
      bestPositions[i] = positions[0];
      size--;
      scores[0] = scores[size];
      positions[0] = positions[size];
      down(0);
    }
    return n;
  }

  /** Whether (s1, p1) ranks below (s2, p2). */
  private static boolean weaker(double s1, int p1, double s2, int p2) {
    return s1 < s2 || (s1 == s2 && p1 > p2);
  }

  private void up(int i) {
    while (i > 0) {
      int parent = (i - 1) / 2;
      if (!weaker(scores[i], positions[i], scores[parent], positions[parent])) {
        return;
      }
      swap(i, parent);
      i = parent;
    }
  }

  private void down(int i) {
    while (true) {
      int left = 2 * i + 1;
      int weakest = i;
      if (left < size
          && weaker(scores[left], positions[left], scores[weakest], positions[weakest])) {
        weakest = left;
      }
      int right = left + 1;
      if (right < size
          && weaker(scores[right], positions[right], scores[weakest], positions[weakest])) {
        weakest = right;
      }
      if (weakest == i) {
        return;
      }
      swap(i, weakest);
      i = weakest;
    }
  }

  private void swap(int a, int b) {
    double s = scores[a];
    scores[a] = scores[b];
    scores[b] = s;
    int p = positions[a];
    positions[a] = positions[b];
    positions[b] = p;
  }
}
