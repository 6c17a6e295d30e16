package dev.weft.flow.workqueue;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.time.Clock;
import java.util.concurrent.TimeUnit;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A queue of keys to process, with the semantics of Kubernetes' client-go {@code workqueue}: a key
 * is queued at most once, a key is never handed to two workers at the same time, keys can be added
 * after a delay or after a per-key back-off, and shutdown can wait for the work in
 * flight.
 *
 * <p><b>Mental model.</b> Keys name things to reconcile ("namespace/name"), not work items: adding
 * a key says "this thing needs another look". Each key is in at most one of three places:
 *
 * <ul>
 *   <li><i>queued</i>: waiting in FIFO order to be handed out by {@link #get()};
 *   <li><i>in flight</i>: handed out and not yet {@linkplain #done done}; adding it again marks it
 *       <i>dirty</i>, and {@code done} puts it back at the tail of the queue, once, however many
 *       times it was added meanwhile;
 *   <li><i>delayed</i>: waiting for its ready time after {@link #addAfter} or {@link
 *       #requeue}; then it is added as by {@link #add}.
 * </ul>
 *
 * So adding a key that is already queued does nothing, and a key being processed is processed once
 * more after {@code done}, never concurrently. Every key taken by {@code get} must be passed to
 * {@code done} exactly once, typically in a {@code finally}.
 *
 * <pre>{@code
 * WorkQueue<String> queue = WorkQueue.create();
 * informer.onChange(obj -> queue.add(obj.key()));
 * // each worker:
 * while (queue.get() instanceof GetResult.Item<String>(String key)) {
 *   try {
 *     reconcile(key);
 *     queue.forget(key);           // success: reset its back-off
 *   } catch (Exception e) {
 *     queue.requeue(key);          // retry later, with growing back-off
 *   } finally {
 *     queue.done(key);
 *   }
 * }
 * }</pre>
 *
 * <p>(The {@link Reconciler} runs this loop, with a retry limit, on N worker threads.)
 *
 * <p><b>Keys</b> must not be null and must have value semantics ({@code equals}/{@code hashCode}
 * that do not change while the key is in the queue); strings and records are typical.
 *
 * <p><b>Shutdown.</b> After {@link #shutDown()} or {@link #shutDownWithDrain()}, adds of every kind
 * are ignored and delayed keys are discarded; {@code get} keeps handing out the keys still queued
 * (and a dirty key re-queued by {@code done}), then reports {@link GetResult.ShutDown}, so that
 * workers drain the queue and stop. A shut-down queue cannot be restarted.
 *
 * <p><b>Time.</b> Delays are measured on the {@link Clock} given at creation; the queue arms at
 * most one timer on it at a time (for the earliest delayed key) and starts no thread of its own.
 * With a {@code FakeClock}, delayed keys are added on the thread that advances the clock.
 *
 * <p><b>Fairness.</b> Keys are handed out in FIFO order of their (last) queueing. Blocked getters
 * are woken in no particular order.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to adding a key (by any add
 * method) <i>happen-before</i> actions following the {@code get} that hands that key out as a
 * result of that add; actions prior to {@code done(key)} happen-before actions following the next
 * {@code get} that returns the same key, and the return of a {@code shutDownWithDrain} that it
 * released.
 *
 * <p>All methods are thread-safe.
 *
 * @param <K> key type
 */
public final class WorkQueue<K> {

  /*
   * Implementation notes. One lock guards all state; conditions: `notEmpty` (a key was queued, the
   * queue shut down, or a getter's context was done) and `idle` (nothing in flight, or a shutDown()
   * ended the drain wait). Invariants, under the lock:
   *   - `queue` holds distinct keys, each also in `dirty` and none in `processing`;
   *   - a key in `dirty` but not in `queue` is in `processing` (added again while in flight):
   *     done() moves it to `queue`;
   *   - after shutdown `delayed` is stopped: empty, no timer armed (see DelayedKeys for its own).
   * A getter signalled by add() always takes a key if one is queued (it checks the queue before
   * its interrupt/context), so no wake-up is lost: an interrupt that wins over a signal makes the
   * condition pass the signal to another waiter. Delayed keys and their single clock timer live
   * in DelayedKeys, under this lock; its timer action adds due keys with addLocked. The rate
   * limiter is user code and is called outside the lock. Contexts are registered
   * and removed outside the lock, since a cancelling thread runs the callback (which takes the
   * lock) possibly while holding the context's own lock.
   */

  private final RequeueLimiter<? super K> limiter;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition idle = lock.newCondition();
  private final ArrayDeque<K> queue = new ArrayDeque<>(); // guarded by lock
  private final Set<K> dirty = new HashSet<>(); // guarded by lock
  private final Set<K> processing = new HashSet<>(); // guarded by lock
  private final DelayedKeys<K> delayed; // guarded by lock
  private boolean shuttingDown; // guarded by lock
  private boolean drain; // guarded by lock; a shutDownWithDrain is waiting, until shutDown()
  private int waitingGetters; // guarded by lock; for monitoring and tests

  private WorkQueue(RequeueLimiter<? super K> limiter, Clock clock) {
    this.limiter = Objects.requireNonNull(limiter, "WorkQueue: limiter is null");
    Objects.requireNonNull(clock, "WorkQueue: clock is null");
    this.delayed = new DelayedKeys<>(clock, lock, this::addLocked);
  }

  /**
   * A new, empty queue on the system clock with {@link RequeueLimiter#defaultController()}.
   *
   * @param <K> the type of the keys
   * @return a new, empty queue on the system clock
   */
  public static <K> WorkQueue<K> create() {
    return new WorkQueue<>(RequeueLimiter.defaultController(), Clock.system());
  }

  /**
   * A new, empty queue measuring delays on {@code clock}, with {@link
   * RequeueLimiter#defaultController(Clock)} on the same clock.
   *
   * @param <K> the type of the keys
   * @param clock the clock that measures time
   * @return a new, empty queue measuring delays on {@code clock}, with {@link
   *     RequeueLimiter#defaultController(Clock)} on the same clock
   * @throws NullPointerException if {@code clock} is null
   */
  public static <K> WorkQueue<K> create(Clock clock) {
    Objects.requireNonNull(clock, "WorkQueue: clock is null");
    return new WorkQueue<>(RequeueLimiter.defaultController(clock), clock);
  }

  /**
   * A new, empty queue using {@code limiter} for {@link #requeue} and measuring delays
   * on {@code clock}. The limiter may be shared by several queues.
   *
   * @param <K> the type of the keys
   * @param limiter decides how long a key waits when requeued after a failure
   * @param clock the clock that measures time
   * @return a new, empty queue using {@code limiter} for {@link #requeue} and measuring
   *     delays on {@code clock}
   * @throws NullPointerException if an argument is null
   */
  public static <K> WorkQueue<K> create(RequeueLimiter<? super K> limiter, Clock clock) {
    return new WorkQueue<>(limiter, clock);
  }

  // ---- adding ----

  /**
   * Marks {@code key} as needing processing. If it is already queued, nothing happens; if it is in
   * flight, it is marked dirty and queued again when {@link #done} is called for it; otherwise it
   * joins the tail of the queue and one blocked getter is woken. Ignored after shutdown. Never
   * blocks.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  public void add(K key) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    lock.lock();
    try {
      addLocked(key);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code key} as by {@link #add} once {@code delay} has elapsed on the queue's clock. If the
   * key is already waiting for a delay, the earlier ready time wins and the later one is dropped. A
   * zero or negative delay adds at once. Ignored after shutdown; keys still waiting at shutdown are
   * discarded. Never blocks.
   *
   * @param key the key
   * @param delay how long from now
   * @throws NullPointerException if an argument is null
   */
  public void addAfter(K key, Duration delay) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    Objects.requireNonNull(delay, "WorkQueue: delay is null");
    long nanos = TimeUnit.NANOSECONDS.convert(delay);
    lock.lock();
    try {
      if (shuttingDown) return;
      if (nanos <= 0) {
        addLocked(key);
        return;
      }
      delayed.offer(key, nanos);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Adds {@code key} after the delay its requeue limiter gives ({@link RequeueLimiter#when}),
   * which counts one more requeue of the key (client-go's {@code AddRateLimited}). Ignored after shutdown (the limiter is not consulted then).
   * Never blocks.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  public void requeue(K key) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    if (isShuttingDown()) return;
    Duration delay = limiter.when(key);
    if (delay == null) {
      throw new NullPointerException("WorkQueue: requeue limiter returned a null delay for " + key);
    }
    addAfter(key, delay);
  }

  /**
   * Tells the requeue limiter to forget {@code key}'s failures ({@link RequeueLimiter#forget}),
   * typically after it was processed successfully. Does not remove the key from the queue.
   *
   * @param key the key
   * @throws NullPointerException if {@code key} is null
   */
  public void forget(K key) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    limiter.forget(key);
  }

  /**
   * How many times {@code key} was requeued through {@link #requeue} since it was last
   * {@linkplain #forget forgotten} ({@link RequeueLimiter#numRequeues}).
   *
   * @param key the key
   * @return how many times {@code key} was requeued through {@link #requeue} since it was last
   *     {@linkplain #forget forgotten} ({@link RequeueLimiter#numRequeues})
   * @throws NullPointerException if {@code key} is null
   */
  public int numRequeues(K key) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    return limiter.numRequeues(key);
  }

  // ---- taking ----

  /**
   * Takes the key at the head of the queue, waiting while the queue is empty and not shut down. The
   * caller must pass the key to {@link #done} when it has processed it.
   *
   * <p>Wakes when a key is queued, when the queue is shut down, or on interrupt. If interrupted
   * while waiting, no key is taken. After shutdown the keys still queued are handed out first.
   *
   * @return {@link GetResult.Item} or, once the queue is shut down and empty, {@link
   *     GetResult.ShutDown}
   * @throws InterruptedException if interrupted on entry or while waiting; no key is taken
   */
  public GetResult<K> get() throws InterruptedException {
    return get0(null, true);
  }

  /**
   * Like {@link #get()}, also giving up when {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @return {@link GetResult.Item} or {@link GetResult.ShutDown}
   * @throws ContextCancelledException if {@code ctx} is done on entry (even when a key is queued)
   *     or while waiting; no key is taken
   * @throws InterruptedException if interrupted on entry or while waiting; no key is taken
   * @throws NullPointerException if {@code ctx} is null
   */
  public GetResult<K> get(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "WorkQueue: context is null");
    return get0(ctx, true);
  }

  /**
   * Like {@link #get(Context)}, reporting a done context as a result instead of throwing.
   *
   * @param ctx the context; the call gives up when it is done
   * @return {@link GetResult.Item}, {@link GetResult.ShutDown}, or {@link GetResult.Cancelled} if
   *     {@code ctx} was done on entry or while waiting (no key is taken then)
   * @throws InterruptedException if interrupted on entry or while waiting; no key is taken
   * @throws NullPointerException if {@code ctx} is null
   */
  public GetResult<K> getResult(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "WorkQueue: context is null");
    return get0(ctx, false);
  }

  /**
   * Takes the key at the head of the queue if there is one, without waiting. Does not check the
   * interrupt status.
   *
   * @return {@link GetResult.Item}, {@link GetResult.ShutDown} if shut down and empty, or {@link
   *     GetResult.Empty}
   */
  public GetResult<K> tryGet() {
    lock.lock();
    try {
      if (!queue.isEmpty()) return take();
      return shuttingDown ? new GetResult.ShutDown<>() : new GetResult.Empty<>();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Marks {@code key}, taken by a {@code get}, as processed. If it was added again while in flight,
   * it is queued again now. Works after shutdown too (that is how in-flight keys are drained).
   *
   * @param key the key
   * @throws IllegalStateException if {@code key} is not in flight (never taken, or already done)
   * @throws NullPointerException if {@code key} is null
   */
  public void done(K key) {
    Objects.requireNonNull(key, "WorkQueue: key is null");
    lock.lock();
    try {
      if (!processing.remove(key)) {
        throw new IllegalStateException("WorkQueue: done(" + key + ") for a key not in flight");
      }
      if (dirty.contains(key)) {
        queue.addLast(key);
        notEmpty.signal();
      }
      if (processing.isEmpty()) idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  // ---- shutdown ----

  /**
   * Shuts the queue down without waiting: from now on adds are ignored and delayed keys are
   * discarded; blocked getters wake, and {@code get} returns the keys still queued, then {@link
   * GetResult.ShutDown}. Ends the wait of any {@link #shutDownWithDrain()} in progress. Idempotent;
   * never blocks.
   */
  public void shutDown() {
    lock.lock();
    try {
      shutDownLocked();
      drain = false;
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Shuts the queue down as {@link #shutDown()} does, then waits until no key is in flight, that is
   * until {@link #done} has been called for every key handed out. Returns at once if none is. Keys
   * still queued do not count: workers go on taking them until {@code get} reports shutdown.
   *
   * <p>Wakes when the last in-flight key is done, when {@link #shutDown()} is called, or on
   * interrupt. Interrupted on entry, it does nothing; interrupted while waiting, the queue stays
   * shut down and only the wait is abandoned.
   *
   * @return {@code true} if no key was in flight when it returned, {@code false} if a concurrent
   *     {@code shutDown()} ended the wait first
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public boolean shutDownWithDrain() throws InterruptedException {
    return drain0(null);
  }

  /**
   * Like {@link #shutDownWithDrain()}, also giving up the wait when {@code ctx} is done.
   *
   * @param ctx the context; the call gives up when it is done
   * @return as {@link #shutDownWithDrain()}
   * @throws ContextCancelledException if {@code ctx} is done on entry (the queue is then not shut
   *     down) or while waiting (the queue stays shut down)
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public boolean shutDownWithDrain(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "WorkQueue: context is null");
    return drain0(ctx);
  }

  /**
   * Whether {@link #shutDown()} or {@link #shutDownWithDrain()} has been called.
   *
   * @return whether {@link #shutDown()} or {@link #shutDownWithDrain()} has been called
   */
  public boolean isShuttingDown() {
    lock.lock();
    try {
      return shuttingDown;
    } finally {
      lock.unlock();
    }
  }

  // ---- monitoring ----

  /**
   * The number of keys queued, ready to be handed out (Go's {@code Len()}); a snapshot.
   *
   * @return the number of keys queued, ready to be handed out (Go's {@code Len()}); a snapshot
   */
  public int len() {
    lock.lock();
    try {
      return queue.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of keys handed out and not yet done; a snapshot.
   *
   * @return the number of keys handed out and not yet done; a snapshot
   */
  public int inFlight() {
    lock.lock();
    try {
      return processing.size();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of keys waiting for their delay to elapse; a snapshot.
   *
   * @return the number of keys waiting for their delay to elapse; a snapshot
   */
  public int delayed() {
    lock.lock();
    try {
      return delayed.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "WorkQueue[len="
          + queue.size()
          + ", inFlight="
          + processing.size()
          + ", delayed="
          + delayed.size()
          + (shuttingDown ? ", shutting down" : "")
          + "]";
    } finally {
      lock.unlock();
    }
  }

  /** The number of threads blocked in a get; for tests. */
  int waitingGetters() {
    lock.lock();
    try {
      return waitingGetters;
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  /** With the lock held. */
  private void addLocked(K key) {
    if (shuttingDown) return;
    if (!dirty.add(key)) return; // already queued, or in flight and already dirty
    if (processing.contains(key)) return; // done() will queue it
    queue.addLast(key);
    notEmpty.signal();
  }

  /** With the lock held and the queue not empty. */
  private GetResult<K> take() {
    K key = queue.pollFirst();
    dirty.remove(key);
    processing.add(key);
    return new GetResult.Item<>(key);
  }

  private GetResult<K> get0(Context ctx, boolean throwOnCancel) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) return cancelled(ctx, throwOnCancel);
    ContextHooks.Registration reg = ctx == null ? null : ContextHooks.onDone(ctx, this::wakeGetters);
    try {
      lock.lock();
      try {
        while (true) {
          if (!queue.isEmpty()) return take();
          if (shuttingDown) return new GetResult.ShutDown<>();
          if (ctx != null && ctx.isDone()) break;
          waitingGetters++;
          try {
            notEmpty.await();
          } finally {
            waitingGetters--;
          }
        }
      } finally {
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
    return cancelled(ctx, throwOnCancel);
  }

  private static <K> GetResult<K> cancelled(Context ctx, boolean throwOnCancel) {
    if (throwOnCancel) throw ContextHooks.cancelled(ctx);
    return new GetResult.Cancelled<>(ctx.err().orElseThrow());
  }

  private boolean drain0(Context ctx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    if (ctx != null && ctx.isDone()) throw ContextHooks.cancelled(ctx);
    ContextHooks.Registration reg = ctx == null ? null : ContextHooks.onDone(ctx, this::wakeDrainers);
    try {
      lock.lock();
      try {
        shutDownLocked();
        drain = true;
        while (drain && !processing.isEmpty()) {
          if (ctx != null && ctx.isDone()) throw ContextHooks.cancelled(ctx);
          idle.await();
        }
        return processing.isEmpty();
      } finally {
        lock.unlock();
      }
    } finally {
      if (reg != null) reg.remove();
    }
  }

  /** With the lock held. */
  private void shutDownLocked() {
    if (shuttingDown) return;
    shuttingDown = true;
    delayed.stop();
    notEmpty.signalAll();
  }

  /** Context callback of a blocked get: wakes the getters to re-check their contexts. */
  private void wakeGetters() {
    lock.lock();
    try {
      notEmpty.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Context callback of a blocked shutDownWithDrain. */
  private void wakeDrainers() {
    lock.lock();
    try {
      idle.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
