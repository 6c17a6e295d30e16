package dev.weft.spi;

/**
 * Wakes a blocked weft primitive, inline and without a thread, when a {@code dev.weft.context}
 * context is done, and builds the exception a blocking call throws for it.
 *
 * <p>Every weft context implements {@link Target}; the static methods here take the context as an
 * {@link Object} so that this package names no weft type (it sits below {@code dev.weft.context},
 * which implements it, and below the packages that call it, so it forms no package cycle).
 *
 * <p>For weft's own modules and integrators only; see the {@linkplain dev.weft.spi package
 * documentation}.
 */
public final class ContextHooks {

  /** A registered done-callback. */
  public interface Registration {
    /**
     * Removes the callback.
     *
     * @return {@code true} if it had not run and now never will
     */
    boolean remove();
  }

  /** Implemented by every {@code dev.weft.context.Context}. */
  public interface Target {
    /**
     * Runs {@code callback} on the cancelling thread once this context is done, or at once on the
     * calling thread if it is done already. The callback must be short and must not block.
     *
     * @param callback what to run
     * @return the registration, whose {@link Registration#remove()} unregisters the callback
     */
    Registration onDone(Runnable callback);

    /**
     * The {@code dev.weft.context.ContextCancelledException} a blocking call throws because this
     * context is done: its error and the cause given when it was cancelled (not one made up for a
     * cancel without cause).
     *
     * @return the exception, or {@code null} if this context is not done
     */
    RuntimeException cancellation();
  }

  private ContextHooks() {}

  /**
   * See {@link Target#onDone}.
   *
   * @param context a {@code dev.weft.context.Context}
   * @param callback what to run once {@code context} is done
   * @return the registration
   * @throws IllegalArgumentException if {@code context} is not a weft context
   * @throws NullPointerException if an argument is null
   */
  public static Registration onDone(Object context, Runnable callback) {
    if (callback == null) throw new NullPointerException("ContextHooks: callback is null");
    return target(context).onDone(callback);
  }

  /**
   * See {@link Target#cancellation()}: the exception to throw for a done context, a {@code
   * dev.weft.context.ContextCancelledException}.
   *
   * @param context a {@code dev.weft.context.Context} that is done
   * @return the exception
   * @throws IllegalArgumentException if {@code context} is not a weft context
   * @throws IllegalStateException if {@code context} is not done
   * @throws NullPointerException if {@code context} is null
   */
  public static RuntimeException cancelled(Object context) {
    RuntimeException e = target(context).cancellation();
    if (e == null) throw new IllegalStateException("ContextHooks: context is not done: " + context);
    return e;
  }

  private static Target target(Object context) {
    if (context instanceof Target t) return t;
    if (context == null) throw new NullPointerException("ContextHooks: context is null");
    throw new IllegalArgumentException("ContextHooks: not a weft context: " + context.getClass());
  }
}
