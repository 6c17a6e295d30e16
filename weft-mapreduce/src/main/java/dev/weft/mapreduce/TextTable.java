package dev.weft.mapreduce;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One worker's table of {@code String} keys held as UTF-8 bytes, with a {@code long} value each:
 * the container of the text path ({@link TextMapper}). Open addressing with linear probing,
 * power-of-two capacity, at most half full.
 *
 * <p>Layout. A slot is two adjacent {@code long}s: the key's spread hash in the high half of the
 * first and its arena offset plus one in the low half (so a free slot is 0), then the value. The
 * keys' bytes sit one after the other in a byte arena, each after its length (one byte below 128,
 * else four). A lookup that hits reads one slot and one arena range, where a table of {@code
 * String} references would also read the string and its array; and no {@code String} exists
 * until a key is read out ({@link #key(int)}). The hash is {@code String.hashCode()} of the
 * decoded key, spread, so that runs of this table and of {@link KeyTable} merge together. Not
 * thread-safe: one per worker.
 */
final class TextTable implements Entries {
  /** The most bytes the arena may hold; the store spills before going past it. */
  static final int ARENA_LIMIT = Integer.MAX_VALUE - 64;

  long[] slots;
  byte[] arena;
  int top;
  int size;
  private int mask;
  private final int initialArena;

  TextTable(int expectedKeys) {
    allocate(capacityFor(expectedKeys));
    initialArena = (int) Math.min(1 << 20, Math.max(1024L, 16L * expectedKeys));
    arena = new byte[initialArena];
  }

  private static int capacityFor(int expected) {
    int c = 16;
    while (c < (1 << 29) && c / 2 < expected) c <<= 1;
    return c;
  }

  private void allocate(int capacity) {
    slots = new long[2 * capacity];
    mask = capacity - 1;
  }

  @Override
  public int capacity() {
    return mask + 1;
  }

  /** The slot of the key {@code a[from, to)} with spread hash {@code hash}, or -(free slot + 1). */
  int find(byte[] a, int from, int to, int hash) {
    int len = to - from;
    int i = hash & mask;
    long[] s = slots;
    while (true) {
      long head = s[2 * i];
      if (head == 0) return -(i + 1);
      if ((int) (head >>> 32) == hash) {
        int off = (int) head - 1;
        if (lengthAt(off) == len) {
          int start = off + prefix(len);
          if (Arrays.equals(arena, start, start + len, a, from, to)) return i;
        }
      }
      i = (i + 1) & mask;
    }
  }

  /** The arena bytes a key of {@code len} bytes takes. */
  static int footprint(int len) {
    return len + prefix(len);
  }

  /** The bytes of the length before a key of {@code len} bytes: one below 128, else four. */
  private static int prefix(int len) {
    return len < 128 ? 1 : 4;
  }

  /** The length of the key whose entry starts at arena offset {@code off}. */
  private int lengthAt(int off) {
    int b0 = arena[off];
    if (b0 >= 0) return b0;
    return ((b0 & 0x7f) << 24) | ((arena[off + 1] & 0xff) << 16) | ((arena[off + 2] & 0xff) << 8)
        | (arena[off + 3] & 0xff);
  }

  /** Puts a new key in the free slot {@code -(found + 1)} with {@code value}. */
  void insert(int found, byte[] a, int from, int to, int hash, long value) {
    int len = to - from;
    int need = footprint(len);
    if (need > arena.length - top) {
      long want = Math.max((long) top + need, Math.min(2L * arena.length, ARENA_LIMIT));
      arena = Arrays.copyOf(arena, (int) Math.min(want, ARENA_LIMIT));
    }
    int off = top;
    if (len < 128) {
      arena[top++] = (byte) len;
    } else {
      arena[top++] = (byte) (0x80 | (len >>> 24));
      arena[top++] = (byte) (len >>> 16);
      arena[top++] = (byte) (len >>> 8);
      arena[top++] = (byte) len;
    }
    System.arraycopy(a, from, arena, top, len);
    top += len;
    int i = -(found + 1);
    slots[2 * i] = ((long) hash << 32) | (off + 1L);
    slots[2 * i + 1] = value;
    if (++size > capacity() / 2) grow();
  }

  private void grow() {
    long[] old = slots;
    allocate(capacity() * 2);
    for (int j = 0; j < old.length; j += 2) {
      long head = old[j];
      if (head == 0) continue;
      int i = (int) (head >>> 32) & mask;
      while (slots[2 * i] != 0) i = (i + 1) & mask;
      slots[2 * i] = head;
      slots[2 * i + 1] = old[j + 1];
    }
  }

  /** Empties the table; shrinks it back to {@code capacity} slots if it is larger. */
  void clear(int capacity) {
    size = 0;
    top = 0;
    if (capacity() > capacity) allocate(capacityFor(capacity / 2));
    else Arrays.fill(slots, 0L);
    if (arena.length > initialArena) arena = new byte[initialArena];
  }

  @Override
  public boolean occupied(int slot) {
    return slots[2 * slot] != 0;
  }

  @Override
  public int hash(int slot) {
    return (int) (slots[2 * slot] >>> 32);
  }

  /** Decodes the key of {@code slot}: a new {@code String} on every call. */
  @Override
  public String key(int slot) {
    int off = (int) slots[2 * slot] - 1;
    int len = lengthAt(off);
    return new String(arena, off + prefix(len), len, StandardCharsets.UTF_8);
  }

  /**
   * Writes the key of {@code slot} as {@link Codec#auto()} writes a string (tag 0, length, UTF-8
   * bytes), straight from the arena.
   */
  void writeAutoKey(int slot, java.io.DataOutput out) throws java.io.IOException {
    int off = (int) slots[2 * slot] - 1;
    int len = lengthAt(off);
    out.writeByte(0);
    out.writeInt(len);
    out.write(arena, off + prefix(len), len);
  }

  @Override
  public boolean longs() {
    return true;
  }

  @Override
  public long longValue(int slot) {
    return slots[2 * slot + 1];
  }

  @Override
  public Object value(int slot) {
    throw new IllegalStateException("TextTable: holds long values only");
  }
}
