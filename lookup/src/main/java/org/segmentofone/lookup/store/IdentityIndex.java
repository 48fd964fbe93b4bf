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

  /** Collects (identifier, person) pairs, then sorts them into buckets. */
  static final class Builder {
    private final long k0;
    private final long k1;
    private long[] keys = new long[1024];
    private int[] persons = new int[1024];
    private int size;

    Builder() {
      SecureRandom random = new SecureRandom();
      k0 = random.nextLong();
      k1 = random.nextLong();
    }

    void add(IdType type, String value, int person) {
      add(type, value.getBytes(StandardCharsets.UTF_8), person);
    }

    void add(IdType type, byte[] utf8Value, int person) {
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, 2 * size);
        persons = Arrays.copyOf(persons, 2 * size);
      }
      keys[size] = Hashing.sipHash(k0, k1, type.tag(), utf8Value);
      persons[size++] = person;
    }

    IdentityIndex build() {
      // About two identifiers a bucket: 64 - bits of the bucket count = the shift of a hash.
      int bits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, size / 2)));
      int shift = 64 - bits;
      int[] bucketStart = new int[(1 << bits) + 1];
      for (int i = 0; i < size; i++) {
        bucketStart[(int) (keys[i] >>> shift) + 1]++;
      }
      for (int b = 0; b < 1 << bits; b++) {
        bucketStart[b + 1] += bucketStart[b];
      }
      int[] next = Arrays.copyOf(bucketStart, 1 << bits);
      long[] sortedKeys = new long[size];
      int[] sortedPersons = new int[size];
      // Stable: of two rows with one hash, the first read wins, as it did before sorting.
      for (int i = 0; i < size; i++) {
        int at = next[(int) (keys[i] >>> shift)]++;
        sortedKeys[at] = keys[i];
        sortedPersons[at] = persons[i];
      }
      keys = null;
      persons = null;
      return new IdentityIndex(k0, k1, shift, bucketStart, sortedKeys, sortedPersons);
    }
  }
}
