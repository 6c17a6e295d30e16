package dev.weft.resilience.timeout;

import dev.weft.context.Context;
import dev.weft.task.ContextTask;
import dev.weft.task.ThrowingFunction;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A typed guard that turns a failed call into a value: when the task throws an exception the
 * fallback handles, {@code call} returns the value the fallback function computes from it instead.
 *
 * <pre>{@code
 * Fallback<Price> cached = Fallback.of(IOException.class::isInstance, e -> cache.lastPrice(id));
 * Price p = cached.call(ctx, c -> prices.fetch(c, id));
 * }</pre>
 *
 * <p><b>Why not a {@link dev.weft.resilience.Policy}.</b> A policy's {@code call} is generic in
 * the result type {@code T}, chosen by each caller; a fallback's value has one fixed type. A
 * {@code Fallback<Price>} used as a {@code Policy} would have to return a {@code Price} from a
 * call that promised a {@code String}: a heap-polluting unchecked cast that fails far from its
 * cause. So a fallback is a typed wrapper with its own {@link #call}, whose task must produce its
 * type.
 *
 * <p><b>Composing.</b> A fallback goes outermost (it should see the failure that is left after
 * retries, breakers, bulkheads and timeouts have done their work), wrapping a composition of
 * policies through the task:
 *
 * <pre>{@code
 * Policy inner = Policies.of(retry, breaker, bulkhead, timeout);
 * Price p = cached.call(ctx, c -> inner.call(c, c2 -> prices.fetch(c2, id)));
 * }</pre>
 *
 * <p><b>What is handled.</b> {@link #of(ThrowingFunction)} handles every {@link Exception} except
 * an {@link InterruptedException} (an interrupt asks the caller to stop, not for a substitute).
 * Whatever the predicate says, {@link Error}s and interrupts are never handled, nor is any failure
 * once the caller's context is done: a caller that gave up does not want a substitute. If the
 * fallback function itself throws, that exception is thrown with the task's failure attached as
 * suppressed.
 *
 * <p>Immutable and thread-safe if its functions are.
 *
 * @param <T> the type of the value the guarded calls produce
 */
public final class Fallback<T> {

  private final Predicate<Throwable> handles;
  private final ThrowingFunction<Throwable, ? extends T> fallback;

  private Fallback(
      Predicate<Throwable> handles, ThrowingFunction<Throwable, ? extends T> fallback) {
    this.handles = Objects.requireNonNull(handles, "Fallback: predicate is null");
    this.fallback = Objects.requireNonNull(fallback, "Fallback: function is null");
  }

  /**
   * A fallback for every exception except an interrupt.
   *
   * @param <T> the value type
   * @param fallback computes the substitute from the task's exception
   * @return the fallback
   * @throws NullPointerException if {@code fallback} is null
   */
  public static <T> Fallback<T> of(ThrowingFunction<Throwable, ? extends T> fallback) {
    return new Fallback<>(f -> true, fallback);
  }

  /**
   * A fallback for the exceptions {@code handles} accepts.
   *
   * @param <T> the value type
   * @param handles which failures to replace (never asked about errors, interrupts, or once the
   *     caller's context is done)
   * @param fallback computes the substitute from the task's exception
   * @return the fallback
   * @throws NullPointerException if an argument is null
   */
  public static <T> Fallback<T> of(
      Predicate<Throwable> handles, ThrowingFunction<Throwable, ? extends T> fallback) {
    return new Fallback<>(handles, fallback);
  }

  /**
   * Runs {@code task} on the calling thread; if it throws an exception this fallback handles,
   * returns the fallback's value instead.
   *
   * @param ctx the caller's context, handed to the task
   * @param task the call to guard
   * @return the task's result, or the fallback's value
   * @throws Exception what the task threw if it is not handled, or what the fallback function
   *     threw (with the task's failure suppressed)
   * @throws NullPointerException if an argument is null
   */
  public T call(Context ctx, ContextTask<? extends T> task) throws Exception {
    Objects.requireNonNull(ctx, "Fallback: context is null");
    Objects.requireNonNull(task, "Fallback: task is null");
    try {
      return task.call(ctx);
    } catch (Exception e) {
      if (e instanceof InterruptedException || ctx.isDone() || !handles.test(e)) throw e;
      try {
        return fallback.apply(e);
      } catch (Exception f) {
        if (f != e) f.addSuppressed(e);
        throw f;
      }
    }
  }

  @Override
  public String toString() {
    return "Fallback[" + fallback + "]";
  }
}
