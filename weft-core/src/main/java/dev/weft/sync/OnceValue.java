package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.task.Task;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A value computed once, on first use, and then given to every caller: Go 1.21's {@code
 * sync.OnceValue}. Made by {@link Once#value(Callable)}.
 *
 * <p><b>Mental model.</b> A {@link Once} and the outcome of its one call to {@code fn}. The first
 * {@link #get()} calls {@code fn} on its own thread; calls that arrive meanwhile wait for it; every
 * call after that returns the value at once. It is a {@link Callable} too ({@link #call()} is
 * {@code get()}), so it fits wherever weft takes one.
 *
 * <pre>{@code
 * private static final OnceValue<Config> CONFIG = Once.value(() -> Config.load(Path.of("app.toml")));
 *
 * Config c = CONFIG.get();   // loads on first use; throws ExecutionException on every call if it failed
 * }</pre>
 *
 * <p><b>Failures are remembered.</b> If {@code fn} throws, that failure is the outcome: {@code fn}
 * is never called again, and every {@code get}, concurrent or later, throws a new {@link
 * ExecutionException} whose cause is that same exception object (as Go re-panics with the same
 * value on every call). Checked and unchecked exceptions and {@link Error}s are all treated so. One
 * exception to this: if {@code fn} throws {@link InterruptedException}, the caller that ran it
 * receives the {@code InterruptedException} itself (its interrupt is not lost); it is remembered
 * like any other failure for everyone else. To retry after a failure, make a new {@code OnceValue};
 * to merge concurrent calls without keeping their results, use {@link SingleFlight}.
 *
 * <p><b>Waiting.</b> As for {@link Once}: a call that waits for another caller's {@code fn} is
 * interruptible, and {@link #get(Context)} also gives up when its context is done; giving up leaves
 * {@code fn} running for the others. Once the outcome is known, {@code get} never waits and ignores
 * the interrupt status: its cost is one volatile read. Calling {@code get} from inside {@code fn}
 * throws {@link IllegalStateException}. After the call, {@code fn} is dropped, so whatever it
 * captured can be garbage collected.
 *
 * <p><b>Memory consistency effects:</b> everything {@code fn} did <i>happens-before</i> actions
 * following the return (or throw of its failure) of every {@code get} in any thread.
 *
 * <p>All methods are thread-safe.
 *
 * @param <T> the value type; {@code fn} may return {@code null}
 */
public final class OnceValue<T> implements Callable<T> {

  private final Once once = new Once();
  private final Task compute = this::compute; // one object, so the fast path allocates nothing

  // Taken (and cleared, so what it captured can be collected) by the thread that runs compute; a
  // final field, so that fn is visible to that thread however this object was published.
  private final AtomicReference<Callable<? extends T>> fn;

  // Written by the one thread that runs compute; published by the once (its DONE write).
  private T value;
  private Throwable failure;

  OnceValue(Callable<? extends T> fn) {
    this.fn = new AtomicReference<>(Objects.requireNonNull(fn, "OnceValue: fn is null"));
  }

  /**
   * The value, computed by this call if it is the first.
   *
   * <p>A call that waits for another caller's {@code fn} wakes when it finishes, or on interrupt.
   *
   * @return what {@code fn} returned, possibly {@code null}
   * @throws ExecutionException if {@code fn} threw (now or on an earlier call): its cause is what
   *     {@code fn} threw, the same object for every call
   * @throws InterruptedException if interrupted on entry (when the value is not known yet) or
   *     while waiting; or if this call ran {@code fn} and it threw {@code InterruptedException}
   * @throws IllegalStateException if called from inside {@code fn}
   */
  public T get() throws InterruptedException, ExecutionException {
    if (!once.isDone()) runOnce(null);
    return outcome();
  }

  /**
   * Like {@link #get()}, but a call that waits for another caller's {@code fn} also gives up when
   * {@code ctx} is done. The context is not given to {@code fn} and does not stop it.
   *
   * @param ctx bounds the wait; the call gives up when it is done
   * @return what {@code fn} returned, possibly {@code null}
   * @throws ExecutionException if {@code fn} threw, as for {@link #get()}
   * @throws ContextCancelledException if {@code ctx} is done on entry (when the value is not known
   *     yet; then {@code fn} is not called) or while waiting
   * @throws InterruptedException as for {@link #get()}
   * @throws IllegalStateException if called from inside {@code fn}
   * @throws NullPointerException if {@code ctx} is null
   */
  public T get(Context ctx) throws InterruptedException, ExecutionException {
    Objects.requireNonNull(ctx, "OnceValue: context is null");
    if (!once.isDone()) runOnce(ctx);
    return outcome();
  }

  /**
   * {@link #get()}, as a {@link Callable}.
   *
   * @return what {@code fn} returned, possibly {@code null}
   * @throws ExecutionException if {@code fn} threw, as for {@link #get()}
   * @throws InterruptedException as for {@link #get()}
   */
  @Override
  public T call() throws InterruptedException, ExecutionException {
    return get();
  }

  /**
   * Whether the outcome is known ({@code fn} returned or threw). Never blocks.
   *
   * @return {@code true} once {@code fn} has finished
   */
  public boolean isDone() {
    return once.isDone();
  }

  @Override
  public String toString() {
    if (!once.isDone()) return "OnceValue[not done]";
    return failure != null ? "OnceValue[failed: " + failure + "]" : "OnceValue[" + value + "]";
  }

  // ---- implementation ----

  private void runOnce(Context ctx) throws InterruptedException {
    try {
      if (ctx == null) once.run(compute);
      else once.run(compute, ctx);
    } catch (ExecutionException e) {
      throw new AssertionError("OnceValue: compute never throws but InterruptedException", e);
    }
  }

  /** Runs fn on the thread that won the once; remembers its outcome. */
  private void compute() throws InterruptedException {
    Callable<? extends T> f = fn.getAndSet(null);
    try {
      value = f.call();
    } catch (InterruptedException e) {
      failure = e;
      throw e; // the caller that ran fn gets it as is (Once passes it on)
    } catch (Throwable t) {
      failure = t;
    }
  }

  /** The remembered failure or null; with the once done. */
  Throwable failure() {
    return failure;
  }

  /** With the once done. */
  private T outcome() throws ExecutionException {
    Throwable f = failure;
    if (f != null) throw new ExecutionException(f);
    return value;
  }
}
