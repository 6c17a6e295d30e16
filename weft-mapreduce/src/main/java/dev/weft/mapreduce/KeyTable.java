package dev.weft.mapreduce;

import java.util.Arrays;

/**
 * One worker's open-addressing hash table (linear probing, power-of-two capacity, at most half
 * full), holding either a {@code long} or an object accumulator per key. Keys are compared by
 * {@code equals} after their spread hash, which is stored beside them so that resizing, sorting
 * and merging never call {@code hashCode} again. Not thread-safe: one per worker.
 */
final class KeyTable implements Entries {
  final boolean longs;
  int[] hashes;
  Object[] keys;
  long[] longValues;
  Object[] values;
  int size;
  private int mask;

  KeyTable(boolean longs, int expectedKeys) {
    this.longs = longs;
    allocate(capacityFor(expectedKeys));
  }

  private static int capacityFor(int expected) {
    int c = 16;
    while (c < (1 << 30) && c / 2 < expected) c <<= 1;
    return c;
  }

  @Override
  public int capacity() {
    return keys.length;
  }

  @Override
  public boolean occupied(int slot) {
    return keys[slot] != null;
  }

  @Override
  public int hash(int slot) {
    return hashes[slot];
  }

  @Override
  public Object key(int slot) {
    return keys[slot];
  }

  @Override
  public boolean longs() {
    return longs;
  }

  @Override
  public long longValue(int slot) {
    return longValues[slot];
  }

  @Override
  public Object value(int slot) {
    return values[slot];
  }

  private void allocate(int capacity) {
    hashes = new int[capacity];
    keys = new Object[capacity];
    if (longs) longValues = new long[capacity];
    else values = new Object[capacity];
    mask = capacity - 1;
  }

  /** The slot of {@code key}, or {@code -(slot + 1)} for the free slot where it would go. */
  int find(Object key, int hash) {
    int i = hash & mask;
    while (true) {
      Object k = keys[i];
      if (k == null) return -(i + 1);
      if (hashes[i] == hash && (k == key || k.equals(key))) return i;
      i = (i + 1) & mask;
    }
  }

  /** Puts a new key in the free slot {@code -(found + 1)}; the caller sets its value. */
  int insert(int found, Object key, int hash) {
    int i = -(found + 1);
    keys[i] = key;
    hashes[i] = hash;
    if (++size > keys.length / 2) {
      grow();
      return find(key, hash);
    }
    return i;
  }

  private void grow() {
    int[] oh = hashes;
    Object[] ok = keys;
    long[] ol = longValues;
    Object[] ov = values;
    allocate(ok.length * 2);
    for (int j = 0; j < ok.length; j++) {
      if (ok[j] == null) continue;
      int i = oh[j] & mask;
      while (keys[i] != null) i = (i + 1) & mask;
      keys[i] = ok[j];
      hashes[i] = oh[j];
      if (longs) longValues[i] = ol[j];
      else values[i] = ov[j];
    }
  }

  /** Empties the table; shrinks it back to {@code capacity} if it is larger. */
  void clear(int capacity) {
    size = 0;
    if (keys.length > capacity) {
      allocate(capacityFor(capacity / 2));
    } else {
      Arrays.fill(keys, null);
      if (!longs) Arrays.fill(values, null);
    }
  }
}
