package dev.weft.mapreduce;

import java.util.Comparator;
import java.util.Map;
import java.util.Objects;

/**
 * The ordering of a job's output entries.
 *
 * @param <K> the key type
 * @param <O> the output value type
 */
public sealed interface Output<K, O> {

  /**
   * No order: entries come in whatever order the partitions finish. The default.
   *
   * @param <K> the key type
   * @param <O> the output value type
   * @return the unordered output
   */
  static <K, O> Output<K, O> unordered() {
    return new Unordered<>();
  }

  /**
   * All entries sorted by {@code order}.
   *
   * @param order the order of the entries
   * @param <K> the key type
   * @param <O> the output value type
   * @return the sorted output
   * @throws NullPointerException if {@code order} is null
   */
  static <K, O> Output<K, O> sorted(Comparator<? super Map.Entry<K, O>> order) {
    return new Sorted<>(order);
  }

  /**
   * All entries sorted by key, in the keys' natural order.
   *
   * @param <K> the key type
   * @param <O> the output value type
   * @return the sorted output
   */
  static <K extends Comparable<? super K>, O> Output<K, O> sortedByKey() {
    Comparator<Map.Entry<K, O>> byKey = (a, b) -> a.getKey().compareTo(b.getKey());
    return new Sorted<>(byKey);
  }

  /**
   * The first {@code k} entries in {@code order}, in that order: with an order by descending count,
   * the {@code k} most frequent keys. Each partition keeps only its own first {@code k}, so the
   * memory held is {@code k} entries per partition.
   *
   * @param k how many entries to keep, positive
   * @param order the order of the entries
   * @param <K> the key type
   * @param <O> the output value type
   * @return the top-k output
   * @throws IllegalArgumentException if {@code k} is not positive
   * @throws NullPointerException if {@code order} is null
   */
  static <K, O> Output<K, O> topK(int k, Comparator<? super Map.Entry<K, O>> order) {
    return new TopK<>(k, order);
  }

  /**
   * Unordered output.
   *
   * @param <K> the key type
   * @param <O> the output value type
   */
  record Unordered<K, O>() implements Output<K, O> {}

  /**
   * Sorted output.
   *
   * @param order the order of the entries
   * @param <K> the key type
   * @param <O> the output value type
   */
  record Sorted<K, O>(Comparator<? super Map.Entry<K, O>> order) implements Output<K, O> {
    /**
     * Validates the order.
     *
     * @param order the order of the entries
     * @throws NullPointerException if {@code order} is null
     */
    public Sorted {
      Objects.requireNonNull(order, "Output: order is null");
    }
  }

  /**
   * The first {@code k} entries in an order.
   *
   * @param k how many entries to keep
   * @param order the order of the entries
   * @param <K> the key type
   * @param <O> the output value type
   */
  record TopK<K, O>(int k, Comparator<? super Map.Entry<K, O>> order) implements Output<K, O> {
    /**
     * Validates the arguments.
     *
     * @param k how many entries to keep
     * @param order the order of the entries
     * @throws IllegalArgumentException if {@code k} is not positive
     * @throws NullPointerException if {@code order} is null
     */
    public TopK {
      if (k <= 0) throw new IllegalArgumentException("Output: k must be positive: " + k);
      Objects.requireNonNull(order, "Output: order is null");
    }
  }
}
