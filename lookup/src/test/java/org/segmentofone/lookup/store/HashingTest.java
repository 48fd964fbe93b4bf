package org.segmentofone.lookup.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HashingTest {
  // The reference key 00 01 .. 0f as SipHash reads it (little-endian words).
  private static final long K0 = 0x0706050403020100L;
  private static final long K1 = 0x0f0e0d0c0b0a0908L;

  @Test
  void sipHashMatchesTheReferenceVectorsOfThePaper() {
    // Message 00 (one byte): the prefix alone.
    assertThat(Hashing.sipHash(K0, K1, (byte) 0, new byte[0])).isEqualTo(0x74f839c593dc67fdL);
    // Message 00 01 .. 0e (15 bytes), the paper's worked example.
    byte[] rest = new byte[14];
    for (int i = 0; i < rest.length; i++) {
      rest[i] = (byte) (i + 1);
    }
    assertThat(Hashing.sipHash(K0, K1, (byte) 0, rest)).isEqualTo(0xa129ca6149be45e5L);
  }

  @Test
  void sipHashDependsOnTheKeyAndThePrefix() {
    byte[] id = "u-alice".getBytes(StandardCharsets.UTF_8);
    long h = Hashing.sipHash(K0, K1, (byte) 1, id);
    assertThat(Hashing.sipHash(K0, K1, (byte) 2, id)).isNotEqualTo(h);
    assertThat(Hashing.sipHash(K0 + 1, K1, (byte) 1, id)).isNotEqualTo(h);
    assertThat(Hashing.sipHash(K0, K1, (byte) 1, id)).isEqualTo(h);
  }

  @Test
  void theDictionaryHashSpreadsSimilarIdsOverDistinctValues() {
    Set<Long> seen = new HashSet<>();
    Set<Integer> lowBits = new HashSet<>();
    for (int i = 0; i < 100_000; i++) {
      byte[] b = ("p-" + i).getBytes(StandardCharsets.UTF_8);
      long h = Hashing.hash(b, 0, b.length);
      seen.add(h);
      lowBits.add((int) h & 0xFFFF);
    }
    assertThat(seen).hasSize(100_000);
    // 100k uniform hashes into 65,536 buckets fill 1 - e^(-100000/65536) = 78% (~51,300) of
    // them; a poor hash of these similar ids fills far fewer.
    assertThat(lowBits.size()).isBetween(50_500, 52_000);
  }
}
