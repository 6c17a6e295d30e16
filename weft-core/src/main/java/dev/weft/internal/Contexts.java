package dev.weft.internal;

import dev.weft.context.Context;
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
  }

  private static volatile Access access;

  private Contexts() {}

  /** Called once by the context implementation. */
  public static void install(Access a) {
    access = Objects.requireNonNull(a);
  }

  /** See {@link Access#onDone}. */
  public static Registration onDone(Context ctx, Runnable callback) {
    Access a = access;
    if (a == null) {
      // Context instances exist only after their class initialised, which installs access.
      throw new IllegalStateException("Contexts: context implementation not initialised");
    }
    return a.onDone(ctx, callback);
  }
}
