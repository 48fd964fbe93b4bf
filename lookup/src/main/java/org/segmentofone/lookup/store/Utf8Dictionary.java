package org.segmentofone.lookup.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Dictionary encoding: each distinct string gets a dense code (0, 1, 2, …) and is kept once, as
 * UTF-8, in one byte array. Built by one thread ({@link #add}), then {@link #freeze frozen}.
 */
public final class Utf8Dictionary {
  // A million 22-character person ids: ~22 MB of bytes plus ~12 bytes of index each, where
  // String keys of a HashMap take ~100 bytes each. Lookups hash the UTF-8 bytes into an
  // open-addressing table of codes and compare the bytes.
  private byte[] blob = new byte[1 << 10];
  private int blobSize;
  private int[] offsets = new int[64];
  private int[] hashes = new int[64];
  private int size;
  // code + 1 per slot, 0 = empty; the capacity is a power of two, at most half full.
  private int[] slots = new int[128];
  private boolean frozen;

  /** The code of {@code s}, added if new. */
  public int add(String s) {
    return add(s.getBytes(StandardCharsets.UTF_8));
  }

  int add(byte[] utf8) {
    if (frozen) {
      throw new IllegalStateException("dictionary is frozen");
    }
    int h = (int) Hashing.hash(utf8, 0, utf8.length);
    int mask = slots.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int slot = slots[i];
      if (slot == 0) {
        int code = append(utf8, h);
        slots[i] = code + 1;
        if (2 * size > slots.length) {
          rehash();
        }
        return code;
      }
      if (hashes[slot - 1] == h && equalsAt(slot - 1, utf8)) {
        return slot - 1;
      }
    }
  }

  /** The code of {@code s}, or -1 when it is not in the dictionary. */
  public int find(String s) {
    return find(s.getBytes(StandardCharsets.UTF_8));
  }

  int find(byte[] utf8) {
    int h = (int) Hashing.hash(utf8, 0, utf8.length);
    int mask = slots.length - 1;
    for (int i = h & mask; ; i = (i + 1) & mask) {
      int slot = slots[i];
      if (slot == 0) {
        return -1;
      }
      if (hashes[slot - 1] == h && equalsAt(slot - 1, utf8)) {
        return slot - 1;
      }
    }
  }

  public int size() {
    return size;
  }

  public String get(int code) {
    return new String(blob, offsets[code], length(code), StandardCharsets.UTF_8);
  }

  /** The bytes of every entry; entry {@code code} is {@code [start(code), start + length)}. */
  public byte[] blob() {
    return blob;
  }

  public int start(int code) {
    return offsets[code];
  }

  public int length(int code) {
    return (code + 1 < size ? offsets[code + 1] : blobSize) - offsets[code];
  }

  /** Trims the arrays to their size and forbids further additions. */
  public Utf8Dictionary freeze() {
    if (!frozen) {
      blob = Arrays.copyOf(blob, blobSize);
      offsets = Arrays.copyOf(offsets, size);
      hashes = Arrays.copyOf(hashes, size);
      frozen = true;
    }
    return this;
  }

  /** Heap bytes of the arrays (for the snapshot's size report). */
  long bytes() {
    return blob.length + 4L * (offsets.length + hashes.length + slots.length);
  }

  private int append(byte[] utf8, int h) {
    if (blobSize + utf8.length > blob.length) {
      long grown = Math.max(2L * blob.length, (long) blobSize + utf8.length);
      if (grown > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("dictionary exceeds 2 GB of strings");
      }
      blob = Arrays.copyOf(blob, (int) grown);
    }
    if (size == offsets.length) {
      offsets = Arrays.copyOf(offsets, 2 * size);
      hashes = Arrays.copyOf(hashes, 2 * size);
    }
    System.arraycopy(utf8, 0, blob, blobSize, utf8.length);
    offsets[size] = blobSize;
    hashes[size] = h;
    blobSize += utf8.length;
    return size++;
  }

  private boolean equalsAt(int code, byte[] utf8) {
    int from = offsets[code];
    return length(code) == utf8.length
        && Arrays.equals(blob, from, from + utf8.length, utf8, 0, utf8.length);
  }

  private void rehash() {
    int[] grown = new int[slots.length * 2];
    int mask = grown.length - 1;
    for (int code = 0; code < size; code++) {
      int i = hashes[code] & mask;
      while (grown[i] != 0) {
        i = (i + 1) & mask;
      }
      grown[i] = code + 1;
    }
    slots = grown;
  }
}
