package dev.weft.internal;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.util.Objects;

/**
 * Bridge from other weft packages to the context implementation (the JDK's "shared secrets"
 * pattern): lets blocking primitives be woken, inline and without a thread, when a context is
 * done. Installed by {@code dev.weft.context} when its implementation class initialises.
 */
public final class Contexts {

  /** A registered done-callback. */
  public interface Registration {
    /** Removes the callback; {@code true} if it had not run and now never will. */
    boolean remove();
  }

  /** Implemented by the context package. */
  public interface Access {
    /**
     * Runs {@code callback} on the cancelling thread once {@code ctx} is done, or at once on this
     * thread if it is done already. The callback must be short and must not block.
     */
    Registration onDone(Context ctx, Runnable callback);

    /**
     * The exception a blocking call throws because {@code ctx} is done: its error and the cause
     * given when it was cancelled (not one made up for a cancel without cause).
     *
     * @throws IllegalStateException if {@code ctx} is not done
     */
    ContextCancelledException cancelled(Context ctx);
  }

  private static volatile Access access;

  private Contexts() {}

  /** Called once by the context implementation. */
  public static void install(Access a) {
    access = Objects.requireNonNull(a);
  }

  /** See {@link Access#onDone}. */
  public static Registration onDone(Context ctx, Runnable callback) {
    return access().onDone(ctx, callback);
  }

  /** See {@link Access#cancelled}. */
  public static ContextCancelledException cancelled(Context ctx) {
    return access().cancelled(ctx);
  }

  private static Access access() {
    Access a = access;
    if (a == null) {
      // Context instances exist only after their class initialised, which installs access.
      throw new IllegalStateException("Contexts: context implementation not initialised");
    }
    return a;
  }
}
