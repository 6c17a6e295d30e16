package dev.weft.task;

/**
 * A function that may fail: {@link java.util.function.Function} with a checked exception, Go's
 * {@code func(T) (R, error)}. The type of {@code WorkerPool.map} and of a pipeline's {@code map}
 * and {@code flatMap} stages. Whoever calls it says whether it is called from several threads at
 * once.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ThrowingFunction<T, R> {

  /**
   * Computes the result for one argument.
   *
   * @param item the argument
   * @return the result
   * @throws Exception to report failure
   */
  R apply(T item) throws Exception;
}
