package dev.weft.task;

/**
 * A test of one value that may fail: {@link java.util.function.Predicate} with a checked
 * exception. The type of a pipeline's {@code filter} stage.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface ThrowingPredicate<T> {

  /**
   * Tests one value.
   *
   * @param item the value
   * @return whether the value passes
   * @throws Exception to report failure
   */
  boolean test(T item) throws Exception;
}
