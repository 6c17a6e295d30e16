package dev.weft.mapreduce;

import java.io.IOException;

/**
 * Reads one partition of a run (in memory or on disk) in ascending spread-hash order; entries of
 * equal hash come in no particular order. {@link #next()} loads the fields of the next entry.
 */
abstract class Cursor implements AutoCloseable {
  int hash;
  Object key;
  long longValue;
  Object value;

  /** Loads the next entry; false at the end of the partition. */
  abstract boolean next() throws IOException;

  @Override
  public void close() throws IOException {}

  /** A partition of a worker's table, through its slots sorted by hash. */
  static final class InMemory extends Cursor {
    private final Entries table;
    private final int[] slots;
    private final boolean longs;
    private int i;

    InMemory(Entries table, int[] slots) {
      this.table = table;
      this.slots = slots;
      this.longs = table.longs();
    }

    @Override
    boolean next() {
      if (i == slots.length) return false;
      int s = slots[i++];
      hash = table.hash(s);
      key = table.key(s);
      if (longs) longValue = table.longValue(s);
      else value = table.value(s);
      return true;
    }
  }
}
