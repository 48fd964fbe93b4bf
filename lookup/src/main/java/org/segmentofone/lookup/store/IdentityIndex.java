package org.segmentofone.lookup.store;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;

/**
 * Identifier → person code, for the millions of rows of {@code identity_map}. Only a 64-bit keyed
 * hash of each identifier is kept (12 bytes an identifier plus 2–4 bytes of bucket index), not the
 * identifier itself: with a random SipHash key per snapshot, two identifiers share a hash with a
 * chance of about n / 2^64 per lookup, and nobody without the key can aim for a collision. Hashes
 * are grouped by their top bits into buckets (a counting sort), so a lookup reads one bucket offset
 * and scans one or two keys.
 */
public final class IdentityIndex {
  private final long k0;
  private final long k1;
  private final int shift;
  private final int[] bucketStart;
  private final long[] keys;
  private final int[] persons;

  private IdentityIndex(
      long k0, long k1, int shift, int[] bucketStart, long[] keys, int[] persons) {
    this.k0 = k0;
    this.k1 = k1;
    this.shift = shift;
    this.bucketStart = bucketStart;
    this.keys = keys;
    this.persons = persons;
  }

  /** The person code of an identifier (value in its stored form), or -1 when unknown. */
  public int person(IdType type, String value) {
    long h = Hashing.sipHash(k0, k1, type.tag(), value.getBytes(StandardCharsets.UTF_8));
    int b = (int) (h >>> shift);
    for (int i = bucketStart[b], end = bucketStart[b + 1]; i < end; i++) {
      if (keys[i] == h) {
        return persons[i];
      }
    }
    return -1;
  }

  public int size() {
    return keys.length;
  }

  long bytes() {
    return 4L * bucketStart.length + 8L * keys.length + 4L * persons.length;
  }

  /**
   * Collects a known number of (identifier, person) pairs, then sorts them into buckets in place:
   * the arrays are allocated once at their final size.
   */
  static final class Builder {
    private final long k0;
    private final long k1;
    private final long[] keys;
    private final int[] persons;
    private int size;

    Builder(int expected) {
      SecureRandom random = new SecureRandom();
      k0 = random.nextLong();
      k1 = random.nextLong();
      keys = new long[expected];
      persons = new int[expected];
    }

    void add(IdType type, String value, int person) {
      add(type, value.getBytes(StandardCharsets.UTF_8), person);
    }

    void add(IdType type, byte[] utf8Value, int person) {
      if (size == keys.length) {
        throw new IllegalStateException("the table changed between the two passes of the load");
      }
      keys[size] = Hashing.sipHash(k0, k1, type.tag(), utf8Value);
      persons[size++] = person;
    }

    IdentityIndex build() {
      if (size != keys.length) {
        throw new IllegalStateException("the table changed between the two passes of the load");
      }
      // About two identifiers a bucket: 64 - bits of the bucket count = the shift of a hash.
      int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, size / 2)));
      int shift = 64 - bits;
      int buckets = 1 << bits;
      int[] bucketStart = new int[buckets + 1];
      for (int i = 0; i < size; i++) {
        bucketStart[(int) (keys[i] >>> shift) + 1]++;
      }
      for (int b = 0; b < buckets; b++) {
        bucketStart[b + 1] += bucketStart[b];
      }
      // In place (American flag sort): each element is swapped straight into its bucket's next
      // free slot until the slot under the cursor belongs to the cursor's bucket.
      int[] next = Arrays.copyOf(bucketStart, buckets);
      for (int b = 0; b < buckets; b++) {
        while (next[b] < bucketStart[b + 1]) {
          int i = next[b];
          int home = (int) (keys[i] >>> shift);
          if (home == b) {
            next[b]++;
          } else {
            swap(i, next[home]++);
          }
        }
      }
      return new IdentityIndex(k0, k1, shift, bucketStart, keys, persons);
    }

    private void swap(int a, int b) {
      long k = keys[a];
      keys[a] = keys[b];
      keys[b] = k;
      int p = persons[a];
      persons[a] = persons[b];
      persons[b] = p;
    }
  }
}
