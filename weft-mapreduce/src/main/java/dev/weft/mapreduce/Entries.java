package dev.weft.mapreduce;

/**
 * The slots of a worker's table, as the partitioning, spilling and merging code reads them: a
 * slot is occupied or free; an occupied one has a spread hash, a key and a value.
 */
interface Entries {
  int capacity();

  boolean occupied(int slot);

  /** The stored {@code Hashing.spread(key.hashCode())}. */
  int hash(int slot);

  Object key(int slot);

  /** Whether the values are {@code long}s ({@link #longValue}) or objects ({@link #value}). */
  boolean longs();

  long longValue(int slot);

  Object value(int slot);
}
