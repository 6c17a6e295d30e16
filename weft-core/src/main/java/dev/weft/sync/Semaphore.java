package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A weighted counting semaphore with strictly first-in first-out waiters: Go's {@code
 * x/sync/semaphore.Weighted}.
 *
 * <p><b>Mental model.</b> The semaphore holds {@link #size()} permits. {@link #acquire(long)
 * acquire(n)} takes {@code n} of them, waiting until {@code n} are free and every earlier waiter
 * has been served; {@link #release(long) release(n)} gives {@code n} back. Permits are not owned
 * by threads: any thread may release what another acquired. A new semaphore has all of its permits
 * available; it can be used for as long as it is needed and needs no closing.
 *
 * <pre>{@code
 * Semaphore memory = new Semaphore(512);          // MiB we are willing to spend at once
 * memory.acquire(job.sizeMiB(), ctx);             // waits its turn, or throws when ctx is done
 * try {
 *   run(job);
 * } finally {
 *   memory.release(job.sizeMiB());
 * }
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly FIFO. Permits released go to the oldest waiter first; if it needs
 * more than are free, nobody behind it is served, even a waiter that would fit. Otherwise a stream
 * of small acquirers could starve a large one forever (think of a read-write lock built from N
 * permits: readers take 1, a writer takes N). For the same reason {@link #tryAcquire(long)} fails
 * whenever anyone is waiting, even if the permits it asks for are free.
 *
 * <p><b>Asking for more than exists.</b> Go's {@code Acquire} with {@code n > size} blocks until
 * its context is done; here it fails fast with {@link IllegalArgumentException}, as does {@code n
 * <= 0}.
 *
 * <p><b>Interruption and cancellation.</b> An acquire that is interrupted, times out or sees its
 * context done leaves the semaphore as if it had never been called: it takes no permits, and if it
 * was the oldest waiter, the waiters behind it that now fit are served. An interrupt or a done
 * context is checked on entry and fails the call even when permits are free. A grant that races
 * with an interrupt or a timeout wins: the call returns normally (after an interrupt with the
 * interrupt status set). A grant that races with the context becoming done is given back, as Go
 * does: the call releases the permits and throws {@link ContextCancelledException}.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread prior to calling {@code release}
 * <i>happen-before</i> actions following a successful acquire (any form) in another thread that
 * obtained permits after that release.
 *
 * <p>All methods are thread-safe.
 *
 * <p><b>Next to {@link java.util.concurrent.Semaphore}.</b> The name is Go's, so it clashes with
 * the JDK's. In a file that needs both, import this one and qualify the JDK's:
 *
 * <pre>{@code
 * import dev.weft.sync.Semaphore;
 * java.util.concurrent.Semaphore legacy = new java.util.concurrent.Semaphore(4);
 * }</pre>
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // `used` is only written with the lock held
public final class Semaphore {

  /*
   * Implementation notes. Follows Go's semaphore.go: one lock, a counter of permits in use and a
   * FIFO list of waiters, each asking for a weight.
   *
   * Invariants, whenever the lock is free:
   *   - 0 <= used <= size.
   *   - Every waiter in `waiters` is WAITING, and the list is either empty or its head needs more
   *     than size - used permits: grants happen eagerly (notifyWaiters after every release and
   *     every cancellation), never lazily by the woken thread.
   *   - A granted waiter's permits are already counted in `used` before it is marked GRANTED.
   * Unparking happens after the lock is released.
   */

  private final long size;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile long used; // written under lock; read without it by available()
  private final WaitList waiters = new WaitList(); // guarded by lock

  /**
   * A new semaphore with {@code size} permits, all available.
   *
   * @param size the number of permits, at least 1
   * @throws IllegalArgumentException if {@code size <= 0}
   */
  public Semaphore(long size) {
    if (size <= 0) throw new IllegalArgumentException("Semaphore: size must be > 0, was " + size);
    this.size = size;
  }

  /**
   * Acquires {@code n} permits, waiting until they are free and every earlier waiter is served.
   *
   * <p>Wakes when released permits make this the oldest waiter and {@code n} are free, or on
   * interrupt.
   *
   * @param n the number of permits
   * @throws InterruptedException if interrupted on entry or while waiting; no permits are taken
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > size()}
   */
  public void acquire(long n) throws InterruptedException {
    acquire0(n, 0, null);
  }

  /**
   * Acquires {@code n} permits, waiting until they are free and every earlier waiter is served, or
   * until {@code ctx} is done. A context already done on entry fails the call even when permits
   * are free; permits granted at the moment {@code ctx} becomes done are released again before
   * this throws (Go's rule: a done context "happened before" the acquire).
   *
   * @param n the number of permits
   * @param ctx the context; the call gives up when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting; no
   *     permits are taken
   * @throws InterruptedException if interrupted on entry or while waiting; no permits are taken
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > size()}
   * @throws NullPointerException if {@code ctx} is null
   */
  public void acquire(long n, Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Semaphore: context is null");
    acquire0(n, 0, ctx);
  }

  /**
   * Acquires {@code n} permits only if they are free and nobody is waiting. Never blocks, never
   * fails spuriously, ignores the interrupt status.
   *
   * @param n the number of permits
   * @return whether the permits were acquired
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > size()}
   */
  public boolean tryAcquire(long n) {
    checkWeight(n);
    lock.lock();
    try {
      if (!waiters.isEmpty() || size - used < n) return false;
      used += n;
      return true;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Acquires {@code n} permits, waiting at most {@code timeout} for them to be free and every
   * earlier waiter to be served. A zero or negative timeout is {@link #tryAcquire(long)} after the
   * interrupt check.
   *
   * @param n the number of permits
   * @param timeout how long to wait at most
   * @return {@code true} if acquired, {@code false} if the timeout elapsed first (no permits taken)
   * @throws InterruptedException if interrupted on entry or while waiting; no permits are taken
   * @throws IllegalArgumentException if {@code n <= 0} or {@code n > size()}
   * @throws NullPointerException if {@code timeout} is null
   */
  public boolean tryAcquire(long n, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Semaphore: timeout is null");
    checkWeight(n);
    long nanos = Park.nanos(timeout);
    if (nanos <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      return tryAcquire(n);
    }
    return acquire0(n, Park.deadline(nanos), null);
  }

  /**
   * Releases {@code n} permits and serves waiters in FIFO order while the oldest one fits. Never
   * blocks.
   *
   * @param n the number of permits
   * @throws IllegalStateException if more permits would be released than are held; nothing is
   *     released then
   * @throws IllegalArgumentException if {@code n <= 0}
   */
  public void release(long n) {
    if (n <= 0) throw new IllegalArgumentException("Semaphore: n must be > 0, was " + n);
    ParkWaiter granted;
    lock.lock();
    try {
      if (n > used) {
        throw new IllegalStateException(
            "Semaphore: released more than held (release " + n + ", held " + used + ")");
      }
      used -= n;
      granted = notifyWaitersLocked();
    } finally {
      lock.unlock();
    }
    unparkAll(granted);
  }

  /**
   * The number of permits.
   *
   * @return the number of permits
   */
  public long size() {
    return size;
  }

  /**
   * The number of permits not acquired now. A snapshot for monitoring; waiters may be queued even
   * when it is positive (the oldest needs more).
   *
   * @return the number of permits not acquired now
   */
  public long available() {
    return size - used;
  }

  /**
   * The number of threads waiting to acquire now; a snapshot for monitoring and tests.
   *
   * @return the number of threads waiting to acquire now; a snapshot for monitoring and tests
   */
  public int queueLength() {
    lock.lock();
    try {
      return waiters.size();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "Semaphore[size=" + size + ", available=" + available() + "]";
  }

  // ---- implementation ----

  /** Returns true when acquired, false on timeout; throws on interrupt and cancellation. */
  private boolean acquire0(long n, long deadline, Context ctx) throws InterruptedException {
    checkWeight(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ParkWaiter w;
    lock.lock();
    try {
      // Checked under the lock, as Go does: a context done before we got here fails the call.
      if (ctx != null && ctx.isDone()) throw Park.cancelled(ctx);
      if (waiters.isEmpty() && size - used >= n) {
        used += n;
        return true;
      }
      w = new ParkWaiter(n);
      waiters.add(w);
    } finally {
      lock.unlock();
    }
    int r = Park.await(this, this::tryCancel, w, deadline, ctx);
    if (r == Park.TIMED_OUT) return false;
    if (r == Park.CANCELLED || (ctx != null && ctx.isDone())) {
      if (r == Park.GRANTED) release(n); // granted as ctx became done: give it back (Go)
      throw Park.cancelled(ctx);
    }
    return true;
  }

  /** {@link Park.Owner#tryCancel}: called by a waiter giving up. */
  private boolean tryCancel(ParkWaiter w) {
    ParkWaiter granted;
    lock.lock();
    try {
      if (w.state() != ParkWaiter.WAITING) return false;
      boolean wasHead = waiters.peek() == w;
      waiters.remove(w);
      w.cancel();
      // A head that gave up may have been holding back waiters that fit now.
      granted = wasHead ? notifyWaitersLocked() : null;
    } finally {
      lock.unlock();
    }
    unparkAll(granted);
    return true;
  }

  /**
   * Grants waiters from the head while the head fits, and returns them chained through {@code
   * next} for unparking after the lock is released. Stops at the first waiter that does not fit:
   * skipping it for smaller ones behind would starve large waiters.
   */
  private ParkWaiter notifyWaitersLocked() {
    ParkWaiter first = null;
    ParkWaiter last = null;
    for (ParkWaiter w; (w = waiters.peek()) != null && size - used >= w.weight; ) {
      used += w.weight;
      waiters.remove(w);
      w.grant();
      if (last == null) first = w;
      else last.next = w;
      last = w;
    }
    return first;
  }

  private static void unparkAll(ParkWaiter list) {
    while (list != null) {
      ParkWaiter next = list.next;
      list.next = null;
      LockSupport.unpark(list.thread);
      list = next;
    }
  }

  private void checkWeight(long n) {
    if (n <= 0) throw new IllegalArgumentException("Semaphore: n must be > 0, was " + n);
    if (n > size) {
      throw new IllegalArgumentException(
          "Semaphore: n must be <= size (" + size + "), was " + n);
    }
  }
}
