package dev.weft.mapreduce;

import java.io.Serializable;

/**
 * Combines two {@code long} values of the same key into one, on every emit of a {@link LongMapper}
 * job and at every merge. It must be associative and commutative; {@link #sum()} is the default.
 */
@FunctionalInterface
public interface LongCombiner extends Serializable {

  /**
   * Combines two values.
   *
   * @param a a value for some key
   * @param b another value for the same key
   * @return the combination
   */
  long combine(long a, long b);

  /**
   * Addition, the combiner of counts (overflow wraps, as {@code long} addition does).
   *
   * @return the sum combiner
   */
  static LongCombiner sum() {
    return Long::sum;
  }

  /**
   * The larger of the two.
   *
   * @return the maximum combiner
   */
  static LongCombiner max() {
    return Math::max;
  }

  /**
   * The smaller of the two.
   *
   * @return the minimum combiner
   */
  static LongCombiner min() {
    return Math::min;
  }
}
