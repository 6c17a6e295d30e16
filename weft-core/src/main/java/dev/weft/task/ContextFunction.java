package dev.weft.task;

import dev.weft.context.Context;

/**
 * A function that receives the {@link Context} of the work it is part of and may fail: Go's
 * {@code func(ctx context.Context, T) (R, error)}. The caller passes the context of the run (a
 * pipeline passes its run's context), so the function can hand it to the blocking calls it makes
 * instead of looking it up.
 *
 * @param <T> the argument type
 * @param <R> the result type
 */
@FunctionalInterface
public interface ContextFunction<T, R> {

  /**
   * Computes the result for one argument.
   *
   * @param ctx the context of the work this call is part of
   * @param item the argument
   * @return the result
   * @throws Exception to report failure
   */
  R apply(Context ctx, T item) throws Exception;
}
