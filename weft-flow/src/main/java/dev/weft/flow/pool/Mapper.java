package dev.weft.flow.pool;

/**
 * The function of {@link WorkerPool#map}: one item in, one result out; throwing fails the map.
 *
 * @param <T> the item type
 * @param <R> the result type
 */
@FunctionalInterface
public interface Mapper<T, R> {

  /**
   * Maps one item.
   *
   * @throws Exception to report failure
   */
  R apply(T item) throws Exception;
}
