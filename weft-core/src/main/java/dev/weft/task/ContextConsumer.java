package dev.weft.task;

import dev.weft.context.Context;

/**
 * An action on one value that receives the {@link Context} of the work it is part of and may fail:
 * Go's {@code func(ctx context.Context, T) error}. The caller passes the context of the run (a
 * pipeline passes its run's context), so the action can hand it to the blocking calls it makes
 * instead of looking it up.
 *
 * @param <T> the argument type
 */
@FunctionalInterface
public interface ContextConsumer<T> {

  /**
   * Handles one value.
   *
   * @param ctx the context of the work this call is part of
   * @param item the value
   * @throws Exception to report failure
   */
  void accept(Context ctx, T item) throws Exception;
}
