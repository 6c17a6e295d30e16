package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * Assigns each intermediate key to one of the job's partitions; partitions are merged and reduced
 * in parallel, one at a time per worker. The same key must always go to the same partition.
 *
 * @param <K> the key type
 */
@FunctionalInterface
public interface Partitioner<K> extends Serializable {

  /**
   * The partition of {@code key}.
   *
   * @param key the key
   * @param partitions the number of partitions, positive
   * @return a partition in {@code [0, partitions)}
   */
  int partition(K key, int partitions);

  /**
   * The default partitioner: a spread of {@link Object#hashCode()} modulo the partition count.
   *
   * @param <K> the key type
   * @return the hash partitioner
   */
  @SuppressWarnings("unchecked")
  static <K> Partitioner<K> hash() {
    return (Partitioner<K>) Hashing.HASH;
  }
}
