package dev.weft.mapreduce;

import java.util.Arrays;

/** Cuts a worker's table into partitions, each sorted by spread hash. */
final class Runs {
  private Runs() {}

  /**
   * The occupied slots of {@code table}, one array per partition, each in ascending hash order.
   *
   * @throws JobFailedException if the partitioner throws or answers out of range
   */
  @SuppressWarnings("unchecked")
  static int[][] sortedSlots(Entries table, Partitioner<?> partitioner, int partitions)
      throws JobFailedException {
    Partitioner<Object> p = (Partitioner<Object>) partitioner;
    int cap = table.capacity();
    int[] partOf = new int[cap];
    int[] counts = new int[partitions];
    boolean byHash = partitioner == Partitioner.hash();
    for (int s = 0; s < cap; s++) {
      if (!table.occupied(s)) continue;
      // the default partitioner of the stored spread hash needs no key (a text table decodes it)
      int part = byHash ? Math.floorMod(table.hash(s), partitions) : partition(p, table.key(s), partitions);
      partOf[s] = part;
      counts[part]++;
    }
    long[][] order = new long[partitions][];
    for (int i = 0; i < partitions; i++) order[i] = new long[counts[i]];
    int[] fill = new int[partitions];
    for (int s = 0; s < cap; s++) {
      if (!table.occupied(s)) continue;
      int part = partOf[s];
      // signed hash in the high half, slot in the low half: sorting the longs sorts by hash
      order[part][fill[part]++] = ((long) table.hash(s) << 32) | s;
    }
    int[][] slots = new int[partitions][];
    for (int i = 0; i < partitions; i++) {
      long[] o = order[i];
      Arrays.sort(o);
      int[] r = new int[o.length];
      for (int j = 0; j < o.length; j++) r[j] = (int) o[j];
      slots[i] = r;
    }
    return slots;
  }

  private static int partition(Partitioner<Object> p, Object key, int partitions) throws JobFailedException {
    int part;
    try {
      part = p.partition(key, partitions);
    } catch (RuntimeException e) {
      throw new JobFailedException("MapReduceJob: partitioner failed for key '" + key + "'", e);
    }
    if (part < 0 || part >= partitions) {
      throw new JobFailedException(
          "MapReduceJob: partitioner put key '" + key + "' in partition " + part
              + ", outside [0, " + partitions + ")", null);
    }
    return part;
  }
}
