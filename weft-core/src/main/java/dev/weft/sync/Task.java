package dev.weft.sync;

/**
 * A piece of work for {@link WaitGroup#go} or {@link ErrGroup#go}: a {@link Runnable} that may
 * throw, Go's {@code func() error}. Throwing is how a task reports failure.
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
