package dev.weft.context;

import dev.weft.chan.ReceiveChannel;
import dev.weft.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Carries a cancellation signal, a deadline and request-scoped values across API boundaries and
 * threads: Go's {@code context.Context}.
 *
 * <p><b>Mental model.</b> Contexts form a tree. The root is {@link #background()}. Each {@code
 * with...} call derives a child. Cancelling a context (or reaching its deadline) cancels its
 * whole subtree; a cancelled child detaches from its parent, so long-lived parents do not
 * accumulate dead children. A child's deadline is never later than its parent's: the earlier
 * deadline wins.
 *
 * <pre>{@code
 * try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(2))) {
 *   String v = results.receive(ctx);   // ContextCancelledException after 2 s
 * }
 * }</pre>
 *
 * <p><b>Time.</b> Deadlines are measured on the {@link Clock} of the tree's root: {@link
 * #background()} uses {@link Clock#system()}, {@link #background(Clock)} any clock, such as a
 * {@link dev.weft.time.FakeClock} in tests.
 *
 * <p><b>Waiting.</b> {@link #done()} is a channel that is closed when the context is done, so it
 * can be used in a {@link dev.weft.chan.Select}; every weft blocking call also has a form taking a
 * context.
 *
 * <p><b>Memory consistency effects:</b> actions before a cancellation (including the deadline
 * timer firing) <i>happen-before</i> any action after observing the context done through {@link
 * #done()}, {@link #err()}, {@link #isDone()} or a context-aware call that gave up. Actions before
 * {@code withValue} happen-before reading that value from a derived context in any thread.
 *
 * <p>Contexts are immutable apart from their done state and are safe to share between threads.
 */
public sealed interface Context permits ContextNode, CancelContext {

  /**
   * The root context: never cancelled, no deadline, no values, the system clock.
   *
   * @return the root context: never cancelled, no deadline, no values, the system clock
   */
  static Context background() {
    return Background.SYSTEM;
  }

  /**
   * A root context like {@link #background()} whose descendants measure deadlines on {@code clock}.
   *
   * @param clock the clock that measures time
   * @return a root context like {@link #background()} whose descendants measure deadlines on {@code
   *     clock}
   * @throws NullPointerException if {@code clock} is null
   */
  static Context background(Clock clock) {
    return new Background(Objects.requireNonNull(clock, "Context: clock is null"));
  }

  /**
   * A root for code that has not decided which context to use yet (Go's {@code TODO}).
   *
   * @return a root for code that has not decided which context to use yet (Go's {@code TODO})
   */
  static Context todo() {
    return Background.TODO;
  }

  /**
   * A child of {@code parent} that is cancelled by {@link CancelContext#cancel()} or when {@code
   * parent} is done, whichever comes first.
   *
   * @param parent the parent context
   * @return a child of {@code parent} that is cancelled by {@link CancelContext#cancel()} or when
   *     {@code parent} is done, whichever comes first
   * @throws NullPointerException if {@code parent} is null
   */
  static CancelContext withCancel(Context parent) {
    return CancelNode.create(node(parent), null, null);
  }

  /**
   * Go's {@code WithCancelCause}: the same as {@link #withCancel}, whose result already offers
   * {@link CancelContext#cancel(Throwable)}. Present so that Go readers find it.
   *
   * @param parent the parent context
   * @return Go's {@code WithCancelCause}: the same as {@link #withCancel}, whose result already
   *     offers {@link CancelContext#cancel(Throwable)}
   * @throws NullPointerException if {@code parent} is null
   */
  static CancelContext withCancelCause(Context parent) {
    return withCancel(parent);
  }

  /**
   * A child of {@code parent} that is done at {@code deadline} (error {@link
   * ContextError#DEADLINE_EXCEEDED}), when cancelled, or when {@code parent} is done. If the
   * parent's deadline is earlier, the child keeps the parent's. A deadline already past gives a
   * context that is done on return.
   *
   * @param parent the parent context
   * @param deadline when the context is done
   * @return a child of {@code parent} that is done at {@code deadline} (error {@link
   *     ContextError#DEADLINE_EXCEEDED}), when cancelled, or when {@code parent} is done
   * @throws NullPointerException if an argument is null
   */
  static CancelContext withDeadline(Context parent, Instant deadline) {
    return withDeadlineCause(parent, deadline, null);
  }

  /**
   * Like {@link #withDeadline}, with {@code cause} as the {@linkplain #cause() cause} when the
   * deadline passes (Go's {@code WithDeadlineCause}).
   *
   * @param parent the parent context
   * @param deadline when the context is done
   * @param cause the cause reported when the deadline passes, or null for the default
   * @return the new child context
   * @throws NullPointerException if {@code parent} or {@code deadline} is null
   */
  static CancelContext withDeadlineCause(Context parent, Instant deadline, Throwable cause) {
    Objects.requireNonNull(deadline, "Context: deadline is null");
    return CancelNode.create(node(parent), deadline, cause);
  }

  /**
   * {@code withDeadline(parent, now + timeout)}, where now is read from the tree's clock.
   *
   * @param parent the parent context
   * @param timeout how long from now until the deadline
   * @return {@code withDeadline(parent, now + timeout)}, where now is read from the tree's clock
   * @throws NullPointerException if an argument is null
   */
  static CancelContext withTimeout(Context parent, Duration timeout) {
    return withTimeoutCause(parent, timeout, null);
  }

  /**
   * {@code withDeadlineCause(parent, now + timeout, cause)}.
   *
   * @param parent the parent context
   * @param timeout how long from now until the deadline
   * @param cause the cause reported when the deadline passes, or null for the default
   * @return {@code withDeadlineCause(parent, now + timeout, cause)}
   * @throws NullPointerException if {@code parent} or {@code timeout} is null
   */
  static CancelContext withTimeoutCause(Context parent, Duration timeout, Throwable cause) {
    ContextNode p = node(parent);
    Objects.requireNonNull(timeout, "Context: timeout is null");
    Instant now = p.clock().now();
    Instant deadline;
    try {
      deadline = now.plus(timeout);
    } catch (ArithmeticException | java.time.DateTimeException e) {
      deadline = timeout.isNegative() ? Instant.MIN : Instant.MAX;
    }
    return CancelNode.create(p, deadline, cause);
  }

  /**
   * A child of {@code parent} that carries {@code value} under {@code key}; everything else is the
   * parent's. Use for request-scoped data, not for optional parameters.
   *
   * @param <T> the type of the value
   * @param parent the parent context
   * @param key the key of the value
   * @param value the value to carry
   * @return a child of {@code parent} that carries {@code value} under {@code key}; everything else
   *     is the parent's
   * @throws NullPointerException if an argument is null
   */
  static <T> Context withValue(Context parent, ContextKey<T> key, T value) {
    return new ValueNode(
        node(parent),
        Objects.requireNonNull(key, "Context: key is null"),
        Objects.requireNonNull(value, "Context: value is null"));
  }

  /**
   * A context with {@code parent}'s values and clock that is never cancelled and has no deadline,
   * even when {@code parent} is (Go's {@code WithoutCancel}).
   *
   * @param parent the parent context
   * @return a context with {@code parent}'s values and clock that is never cancelled and has no
   *     deadline, even when {@code parent} is (Go's {@code WithoutCancel})
   * @throws NullPointerException if {@code parent} is null
   */
  static Context withoutCancel(Context parent) {
    return new WithoutCancelNode(node(parent));
  }

  /**
   * Arranges for {@code f} to run in its own weft virtual thread once {@code ctx} is done, or at
   * once (still in its own thread) if it is done already. Go's {@code AfterFunc}.
   *
   * @param ctx the context to watch
   * @param f what to run once {@code ctx} is done
   * @return a handle whose {@link AfterFunc#stop()} returns {@code true} only if it prevented the
   *     call
   * @throws NullPointerException if an argument is null
   */
  static AfterFunc afterFunc(Context ctx, Runnable f) {
    return ContextNode.afterFunc(node(ctx), Objects.requireNonNull(f, "Context: function is null"));
  }

  /**
   * The time at which this context will be done by its deadline, if it has one.
   *
   * @return the time at which this context will be done by its deadline, if it has one
   */
  Optional<Instant> deadline();

  /**
   * A channel closed when this context is done; nothing is ever sent on it. For a context that can
   * never be done ({@link #background()}, {@link #withoutCancel}) it is a channel that never
   * closes, like Go's nil {@code Done()}. Repeated calls return the same channel.
   *
   * @return a channel closed when this context is done; nothing is ever sent on it
   */
  ReceiveChannel<Void> done();

  /**
   * Whether this context is done (cancelled or past its deadline).
   *
   * @return whether this context is done (cancelled or past its deadline)
   */
  boolean isDone();

  /**
   * Why this context is done; empty while it is not done.
   *
   * @return why this context is done; empty while it is not done
   */
  Optional<ContextError> err();

  /**
   * The cause of cancellation: the {@link Throwable} given to {@link
   * CancelContext#cancel(Throwable)} or to a {@code ...Cause} deadline, inherited from the ancestor
   * that was cancelled; when none was given, a {@link ContextCancelledException} for {@link
   * #err()} (Go's {@code context.Cause}). Empty while not done.
   *
   * @return the cause of cancellation: the {@link Throwable} given to {@link
   *     CancelContext#cancel(Throwable)} or to a {@code ...Cause} deadline, inherited from the
   *     ancestor that was cancelled; when none was given, a {@link ContextCancelledException} for
   *     {@link #err()} (Go's {@code context.Cause})
   */
  Optional<Throwable> cause();

  /**
   * Throws if this context is done: a cheap check for loops doing work without blocking.
   *
   * @throws ContextCancelledException if done, with {@link #err()} and the cause
   */
  void throwIfDone();

  /**
   * Blocks until this context is done (Go's {@code <-ctx.Done()}). For a context that can never be
   * done, blocks until interrupted.
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  void await() throws InterruptedException;

  /**
   * The value stored under {@code key} by this context or the nearest ancestor that has one.
   *
   * @param <T> the type of the value
   * @param key the key of the value
   * @return the value stored under {@code key} by this context or the nearest ancestor that has one
   */
  <T> Optional<T> value(ContextKey<T> key);

  /**
   * The clock on which this context's tree measures deadlines.
   *
   * @return the clock on which this context's tree measures deadlines
   */
  Clock clock();

  private static ContextNode node(Context c) {
    Objects.requireNonNull(c, "Context: parent is null");
    if (c instanceof ContextNode n) return n;
    return (CancelNode) c; // the only other permitted subtype
  }
}
