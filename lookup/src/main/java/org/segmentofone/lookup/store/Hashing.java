package org.segmentofone.lookup.store;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * 64-bit hashes of byte strings: a fast unkeyed one for dictionaries (which compare the bytes on a
 * match, so a collision costs a comparison, never a wrong answer) and keyed SipHash-2-4 for the
 * identifier index, which keeps only the hash: with a secret random key, nobody can craft an id
 * that collides with someone else's.
 */
final class Hashing {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long M = 0x9E3779B97F4A7C15L;

  private Hashing() {}

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  /** Unkeyed hash: 8 bytes at a time, multiply-xorshift, MurmurHash3's final mix. */
  static long hash(byte[] b, int off, int len) {
    long h = len * M;
    int i = off;
    int end = off + len;
    for (; i + 8 <= end; i += 8) {
      h = Long.rotateLeft(h ^ ((long) LONGS.get(b, i) * M), 29) * 0xBF58476D1CE4E5B9L;
    }
    long tail = 0;
    for (int shift = 0; i < end; i++, shift += 8) {
      tail |= (b[i] & 0xFFL) << shift;
    }
    return mix(h ^ (tail * M));
  }

  static long mix(long z) {
    z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
    z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
    return z ^ (z >>> 33);
  }

  /** SipHash-2-4 of {@code prefix} followed by {@code b}, under the key {@code (k0, k1)}. */
  static long sipHash(long k0, long k1, byte prefix, byte[] b) {
    long[] v = {
      k0 ^ 0x736f6d6570736575L, k1 ^ 0x646f72616e646f6dL,
      k0 ^ 0x6c7967656e657261L, k1 ^ 0x7465646279746573L
    };
    long word = prefix & 0xFFL;
    int filled = 1;
    for (byte value : b) {
      word |= (value & 0xFFL) << (8 * filled);
      if (++filled == 8) {
        compress(v, word, 2);
        word = 0;
        filled = 0;
      }
    }
    compress(v, word | ((long) (b.length + 1) << 56), 2);
    v[2] ^= 0xFF;
    rounds(v, 4);
    return v[0] ^ v[1] ^ v[2] ^ v[3];
  }

  private static void compress(long[] v, long m, int rounds) {
    v[3] ^= m;
    rounds(v, rounds);
    v[0] ^= m;
  }

  private static void rounds(long[] v, int n) {
    for (int r = 0; r < n; r++) {
      v[0] += v[1];
      v[1] = Long.rotateLeft(v[1], 13) ^ v[0];
      v[0] = Long.rotateLeft(v[0], 32);
      v[2] += v[3];
      v[3] = Long.rotateLeft(v[3], 16) ^ v[2];
      v[0] += v[3];
      v[3] = Long.rotateLeft(v[3], 21) ^ v[0];
      v[2] += v[1];
      v[1] = Long.rotateLeft(v[1], 17) ^ v[2];
      v[2] = Long.rotateLeft(v[2], 32);
    }
  }
}
