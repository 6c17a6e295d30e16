package dev.weft.task;

/**
 * An action on one value that may fail: {@link java.util.function.Consumer} with a checked
 * exception, Go's {@code func(T) error}. The type of a pipeline's {@code tap} stage and {@code
 * forEach} sink.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface ThrowingConsumer<T> {

  /**
   * Handles one value.
   *
   * @param item the value
   * @throws Exception to report failure
   */
  void accept(T item) throws Exception;
}
