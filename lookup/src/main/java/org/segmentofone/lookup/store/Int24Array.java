package org.segmentofone.lookup.store;

/**
 * Codes of up to 24 bits (0 to 16,777,215) in three bytes each: a product or label code per list
 * row, a quarter smaller than an {@code int[]}.
 */
final class Int24Array {
  static final int MAX = (1 << 24) - 1;

  private final byte[] bytes;

  Int24Array(int length) {
    bytes = new byte[Math.multiplyExact(3, length)];
  }

  int get(int i) {
    int p = 3 * i;
    return ((bytes[p] & 0xFF) << 16) | ((bytes[p + 1] & 0xFF) << 8) | (bytes[p + 2] & 0xFF);
  }

  static void check(int value) {
    if (value < 0 || value > MAX) {
      throw new IllegalArgumentException(
          "code " + value + " does not fit in 24 bits (more than 16,777,216 distinct values)");
    }
  }

  void set(int i, int value) {
    check(value);
    int p = 3 * i;
    bytes[p] = (byte) (value >>> 16);
    bytes[p + 1] = (byte) (value >>> 8);
    bytes[p + 2] = (byte) value;
  }

  long bytes() {
    return bytes.length;
  }
}
