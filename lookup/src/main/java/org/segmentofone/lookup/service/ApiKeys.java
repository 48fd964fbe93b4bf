package org.segmentofone.lookup.service;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Checks a presented API key against the configured ones in constant time: both sides are hashed to
 * 32 bytes first (so neither the keys' lengths nor their contents shape the timing), and every
 * configured key is compared, a match or not.
 */
final class ApiKeys {
  private final byte[][] digests;

  ApiKeys(List<String> keys) {
    digests = keys.stream().map(ApiKeys::digest).toArray(byte[][]::new);
  }

  boolean accepts(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] d = digest(presented);
    boolean ok = false;
    for (byte[] key : digests) {
      ok |= MessageDigest.isEqual(key, d);
    }
    return ok;
  }

  private static byte[] digest(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
