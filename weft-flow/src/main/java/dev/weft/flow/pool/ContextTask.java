package dev.weft.flow.pool;

import dev.weft.context.Context;

/**
 * A task that receives its own {@link Context}: cancelled when the task is cancelled, when its
 * timeout passes, when the submitting context or group is done, or by a hard stop. Pass it to the
 * blocking calls the task makes.
 *
 * @param <T> the result type
 */
@FunctionalInterface
public interface ContextTask<T> {

  /**
   * Does the work.
   *
   * @param ctx the task's context
   * @return the result (may be {@code null})
   * @throws Exception to report failure
   */
  T call(Context ctx) throws Exception;
}
