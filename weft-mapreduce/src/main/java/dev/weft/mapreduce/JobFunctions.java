package dev.weft.mapreduce;

import java.util.Objects;
import java.util.Optional;

/**
 * The user functions of a job, in one of two shapes: objects ({@link Mapper}, optional {@link
 * Combiner}, {@link Reducer}) or {@code long} values ({@link LongMapper}, {@link LongCombiner},
 * {@link LongReducer}). An engine switches on the shape; the functions hold no engine state.
 *
 * @param <R> the record type
 * @param <K> the key type
 * @param <V> the intermediate value type ({@code Long} for the long shape)
 * @param <O> the output value type
 */
public sealed interface JobFunctions<R, K, V, O> {

  /**
   * Object values.
   *
   * @param mapper the map function
   * @param combiner the combiner, if any
   * @param reducer the reduce function
   * @param <R> the record type
   * @param <K> the key type
   * @param <V> the intermediate value type
   * @param <O> the output value type
   */
  record OfObjects<R, K, V, O>(
      Mapper<R, K, V> mapper, Optional<Combiner<V>> combiner, Reducer<K, V, O> reducer)
      implements JobFunctions<R, K, V, O> {
    /**
     * Validates the functions.
     *
     * @throws NullPointerException if an argument is null
     */
    public OfObjects {
      Objects.requireNonNull(mapper, "MapReduceJob: mapper is null");
      Objects.requireNonNull(combiner, "MapReduceJob: combiner is null");
      Objects.requireNonNull(reducer, "MapReduceJob: reducer is null");
    }
  }

  /**
   * {@code long} values.
   *
   * @param mapper the map function
   * @param combiner the combiner
   * @param reducer the reduce function
   * @param <R> the record type
   * @param <K> the key type
   * @param <O> the output value type
   */
  record OfLongs<R, K, O>(LongMapper<R, K> mapper, LongCombiner combiner, LongReducer<K, O> reducer)
      implements JobFunctions<R, K, Long, O> {
    /**
     * Validates the functions.
     *
     * @throws NullPointerException if an argument is null
     */
    public OfLongs {
      Objects.requireNonNull(mapper, "MapReduceJob: mapper is null");
      Objects.requireNonNull(combiner, "MapReduceJob: combiner is null");
      Objects.requireNonNull(reducer, "MapReduceJob: reducer is null");
    }
  }
}
