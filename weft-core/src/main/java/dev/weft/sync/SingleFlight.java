package dev.weft.sync;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ThreadRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Suppresses duplicate work: while a call for a key is in flight, later calls for the same key
 * wait for it and share its outcome instead of running their own. Go's {@code
 * x/sync/singleflight.Group}.
 *
 * <p><b>Mental model.</b> A map from key to the call in flight. The first {@link #run run(key,
 * fn)} for a key finds no call, registers one and runs {@code fn} <i>on its own thread</i>; calls
 * for the key that arrive before it finishes are duplicates: they block and receive the same
 * {@link Result}, marked {@linkplain Result#shared() shared}. When {@code fn} finishes the key is
 * removed, so the next call runs {@code fn} again: nothing is cached. {@link #submit submit} is
 * the asynchronous form (Go's {@code DoChan}): it runs {@code fn} in a new weft virtual thread
 * unless a call is in flight, and delivers the result on a channel. {@link #forget(Object)} makes
 * the next call for a key start afresh even while one is in flight.
 *
 * <pre>{@code
 * SingleFlight<UserId, User> loads = new SingleFlight<>();
 * User u = loads.run(id, () -> db.loadUser(id)).get();   // one database query per id at a time
 * }</pre>
 *
 * <p><b>Failures.</b> Whatever {@code fn} throws is shared like a value: every caller receives a
 * {@link Result.Failure} holding the same exception, and {@link Result#get()} throws an {@link
 * ExecutionException} with it as cause. One exception to this: if {@code fn} throws {@link
 * InterruptedException} in a {@code run} caller's thread, that caller gets the {@code
 * InterruptedException} itself (its interrupt is not swallowed), while the duplicates receive a
 * failure.
 *
 * <p><b>Waiting.</b> Duplicates wait interruptibly, and {@link #run(Object, Callable, Context)}
 * also gives up when its context is done. A duplicate that gives up leaves the call running for
 * the others and does not count as sharing it. The context is not passed to {@code fn}: the
 * caller that runs {@code fn} runs it to the end (as in Go, {@code fn} should capture a context
 * itself if it needs one).
 *
 * <p><b>Reentrancy.</b> A {@code run} for a key made from inside that key's own {@code fn} would
 * wait for itself forever; it throws {@link IllegalStateException} instead.
 *
 * <p><b>Memory consistency effects:</b> actions in the thread running {@code fn}, up to its
 * return, <i>happen-before</i> actions following the receipt of its result by any caller.
 *
 * <p>All methods are thread-safe. Keys use {@link Object#equals}/{@link Object#hashCode}.
 *
 * @param <K> key type; never {@code null}
 * @param <V> result type; {@code fn} may return {@code null}
 */
public final class SingleFlight<K, V> {

  /**
   * The outcome of a call, shared by all callers for a key: Go's {@code (val, err, shared)}.
   *
   * @param <V> the value type
   */
  public sealed interface Result<V> {

    /**
     * Whether the outcome was delivered to more than one caller. Always {@code true} for a
     * duplicate; for the caller that ran {@code fn} (and for {@code submit}), whether a duplicate
     * was waiting for it.
     *
     * @return whether the outcome was delivered to more than one caller
     */
    boolean shared();

    /**
     * The value.
     *
     * @return the value
     * @throws ExecutionException if {@code fn} failed; its cause is what {@code fn} threw
     */
    V get() throws ExecutionException;

    /**
     * {@code fn} returned {@code value}, possibly {@code null}.
     *
     * @param <V> the value type
     * @param value what {@code fn} returned
     * @param shared see {@link Result#shared()}
     */
    record Value<V>(V value, boolean shared) implements Result<V> {
      @Override
      public V get() {
        return value;
      }
    }

    /**
     * {@code fn} threw {@code error}.
     *
     * @param <V> the value type
     * @param error what {@code fn} threw; never {@code null}
     * @param shared see {@link Result#shared()}
     */
    record Failure<V>(Throwable error, boolean shared) implements Result<V> {
      /** Validates the error. */
      public Failure {
        Objects.requireNonNull(error, "SingleFlight: error is null");
      }

      @Override
      public V get() throws ExecutionException {
        throw new ExecutionException(error);
      }
    }
  }

  /*
   * Implementation notes. Follows Go's singleflight.go: one lock over a map of calls in flight.
   * A Call's fields are guarded by that lock; its waiters are completed (granted) under the lock
   * after `outcome` is written, so a woken waiter reads it. Channels for submit() are buffered(1):
   * delivering never blocks. The leader removes the key only if it still maps to its own call
   * (forget() may have replaced it).
   */

  private static final class Call<V> {
    Thread leader; // the thread running fn
    int dups; // callers sharing this call, not counting the leader and gone duplicates
    final WaitList waiters = new WaitList();
    final List<Channel<Result<V>>> channels = new ArrayList<>(1);
    Result<V> outcome; // set once, when fn finished
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Map<K, Call<V>> calls = new HashMap<>(); // guarded by lock

  /** A new group with no call in flight. */
  public SingleFlight() {}

  /**
   * Runs {@code fn} on this thread unless a call for {@code key} is in flight, in which case it
   * waits for that call and returns its outcome (Go's {@code Do}).
   *
   * <p>A duplicate wakes when the call in flight finishes, or on interrupt.
   *
   * @param key the key; concurrent calls with equal keys share one run
   * @param fn the call to run
   * @return the value or the failure of {@code fn}; {@link Result#get()} unwraps it
   * @throws InterruptedException if interrupted on entry, or while waiting as a duplicate (the
   *     call goes on for the others), or if {@code fn} threw it on this thread
   * @throws IllegalStateException if called from inside {@code fn} for the same key
   * @throws NullPointerException if {@code key} or {@code fn} is null
   */
  public Result<V> run(K key, Callable<? extends V> fn) throws InterruptedException {
    return run0(key, fn, null);
  }

  /**
   * Like {@link #run(Object, Callable)}, but a duplicate stops waiting when {@code ctx} is done.
   * The context does not affect {@code fn} once this thread runs it.
   *
   * @param key the key; concurrent calls with equal keys share one run
   * @param fn the call to run
   * @param ctx the context; the call gives up when it is done
   * @return the value or the failure of {@code fn}; {@link Result#get()} unwraps it
   * @throws ContextCancelledException if {@code ctx} is done on entry (then {@code fn} is not run
   *     and no call is joined) or while waiting as a duplicate
   * @throws InterruptedException as for {@link #run(Object, Callable)}
   * @throws IllegalStateException if called from inside {@code fn} for the same key
   * @throws NullPointerException if an argument is null
   */
  public Result<V> run(K key, Callable<? extends V> fn, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "SingleFlight: context is null");
    return run0(key, fn, ctx);
  }

  /**
   * Runs {@code fn} in a new weft virtual thread unless a call for {@code key} is in flight, and
   * returns a channel on which the outcome of the call is delivered (Go's {@code DoChan}). Never
   * blocks. The channel receives exactly one {@link Result}, then is closed; nobody has to receive
   * it. Select on it together with a context's {@link Context#done()} to bound the wait.
   *
   * @param key the key; concurrent calls with equal keys share one run
   * @param fn the call to run
   * @return a channel that receives the call's one result
   * @throws NullPointerException if {@code key} or {@code fn} is null
   */
  public ReceiveChannel<Result<V>> submit(K key, Callable<? extends V> fn) {
    Objects.requireNonNull(key, "SingleFlight: key is null");
    Objects.requireNonNull(fn, "SingleFlight: fn is null");
    Channel<Result<V>> ch = Channel.buffered(1);
    Call<V> c;
    lock.lock();
    try {
      Call<V> existing = calls.get(key);
      if (existing != null) {
        existing.dups++;
        existing.channels.add(ch);
        return ch;
      }
      c = new Call<>();
      c.channels.add(ch);
      calls.put(key, c);
    } finally {
      lock.unlock();
    }
    try {
      ThreadRegistry.start("singleflight", () -> lead(key, c, fn, Thread.currentThread()));
    } catch (RuntimeException | Error e) {
      complete(key, c, new Result.Failure<>(e, false));
      throw e;
    }
    return ch;
  }

  /**
   * Forgets the call in flight for {@code key}, if any: the next call for the key runs {@code fn}
   * afresh instead of waiting. Callers already waiting still receive the forgotten call's outcome.
   *
   * @param key the key; concurrent calls with equal keys share one run
   * @throws NullPointerException if {@code key} is null
   */
  public void forget(K key) {
    Objects.requireNonNull(key, "SingleFlight: key is null");
    lock.lock();
    try {
      calls.remove(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of keys with a call in flight; a snapshot for monitoring and tests.
   *
   * @return the number of keys with a call in flight; a snapshot for monitoring and tests
   */
  public int inFlight() {
    lock.lock();
    try {
      return calls.size();
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  private Result<V> run0(K key, Callable<? extends V> fn, Context ctx)
      throws InterruptedException {
    Objects.requireNonNull(key, "SingleFlight: key is null");
    Objects.requireNonNull(fn, "SingleFlight: fn is null");
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw Park.cancelled(ctx);
    Thread self = Thread.currentThread();
    Call<V> c;
    ParkWaiter w;
    lock.lock();
    try {
      c = calls.get(key);
      if (c == null) {
        c = new Call<>();
        calls.put(key, c);
        w = null;
      } else {
        if (self.equals(c.leader)) {
          throw new IllegalStateException(
              "SingleFlight: recursive call for key " + key + " from inside its own fn");
        }
        c.dups++;
        w = new ParkWaiter(0);
        c.waiters.add(w);
      }
    } finally {
      lock.unlock();
    }
    if (w == null) {
      Result<V> r = lead(key, c, fn, self);
      if (r instanceof Result.Failure<V> f && f.error() instanceof InterruptedException ie) {
        throw ie;
      }
      return r;
    }
    Call<V> call = c;
    if (Park.await(this, waiter -> leave(call, waiter), w, 0, ctx) == Park.CANCELLED) {
      throw Park.cancelled(ctx);
    }
    return shared(c.outcome); // written before w was granted
  }

  /** Runs fn as the leader of {@code c} and completes it; returns the leader's result. */
  private Result<V> lead(K key, Call<V> c, Callable<? extends V> fn, Thread self) {
    lock.lock();
    try {
      c.leader = self;
    } finally {
      lock.unlock();
    }
    Result<V> outcome;
    try {
      outcome = new Result.Value<>(fn.call(), false);
    } catch (Throwable t) {
      outcome = new Result.Failure<>(t, false);
    }
    return complete(key, c, outcome);
  }

  /** Publishes {@code outcome} to every sharer of {@code c}; returns the leader's view of it. */
  private Result<V> complete(K key, Call<V> c, Result<V> outcome) {
    ParkWaiter granted = null;
    List<Channel<Result<V>>> channels;
    boolean shared;
    lock.lock();
    try {
      calls.remove(key, c); // unless forget() replaced it (Call has identity equality)
      c.outcome = outcome;
      shared = c.dups > 0;
      channels = c.channels;
      for (ParkWaiter w; (w = c.waiters.peek()) != null; ) {
        c.waiters.remove(w);
        w.grant();
        w.next = granted;
        granted = w;
      }
    } finally {
      lock.unlock();
    }
    for (; granted != null; granted = granted.next) LockSupport.unpark(granted.thread);
    Result<V> mine = shared ? shared(outcome) : outcome;
    for (Channel<Result<V>> ch : channels) {
      ch.trySend(mine); // buffered(1), sent once: never full
      ch.close();
    }
    return mine;
  }

  /** {@link Park.Owner#tryCancel} for a duplicate giving up. */
  private boolean leave(Call<V> c, ParkWaiter w) {
    lock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      c.waiters.remove(w);
      c.dups--;
      w.cancel();
      return true;
    } finally {
      lock.unlock();
    }
  }

  private static <V> Result<V> shared(Result<V> r) {
    return switch (r) {
      case Result.Value<V> v -> v.shared() ? v : new Result.Value<>(v.value(), true);
      case Result.Failure<V> f -> f.shared() ? f : new Result.Failure<>(f.error(), true);
    };
  }

  @Override
  public String toString() {
    return "SingleFlight[inFlight=" + inFlight() + "]";
  }
}
