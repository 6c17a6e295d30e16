package dev.weft.mapreduce;

/** The hash spreading shared by the containers, the partitioner and the runs. */
final class Hashing {
  private Hashing() {}

  /** {@link Partitioner#hash()}: one instance, so that an engine can tell it from a custom one. */
  static final Partitioner<Object> HASH =
      (key, partitions) -> Math.floorMod(spread(key.hashCode()), partitions);

  /** Mixes the high bits into the low ones (the finaliser of MurmurHash3). */
  static int spread(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return h;
  }
}
