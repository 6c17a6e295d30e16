package dev.weft.task;

import dev.weft.context.Context;

/**
 * A piece of work that receives its own {@link Context} and may fail: Go's {@code func(ctx
 * context.Context) (T, error)}. Whoever runs the task decides what cancels its context (a worker
 * pool cancels it when the task is cancelled, when its timeout passes, when the submitting context
 * or group is done, or on a hard stop). The task passes the context to the blocking calls it makes
 * and returns early once it is done.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ContextTask<T> {

  /**
   * Does the work.
   *
   * @param ctx the task's context
   * @return the result (may be {@code null} where the runner allows it)
   * @throws Exception to report failure
   */
  T call(Context ctx) throws Exception;
}
