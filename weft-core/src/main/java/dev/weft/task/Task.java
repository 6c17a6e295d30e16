package dev.weft.task;

/**
 * A piece of work that returns nothing and may fail: a {@link Runnable} that may throw, Go's
 * {@code func() error}. Throwing is how a task reports failure. The type of {@code WaitGroup.go}
 * and {@code ErrGroup.go}.
 */
@FunctionalInterface
public interface Task {

  /**
   * Does the work.
   *
   * @throws Exception to report failure
   */
  void run() throws Exception;
}
