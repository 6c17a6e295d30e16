package dev.weft.sync;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The waiting loop shared by this package's synchronizers: park until granted, interrupted, timed
 * out or the context is done, and never lose a grant that races with any of those.
 */
final class Park {

  /** Outcomes of {@link #await}. */
  static final int GRANTED = 0;

  static final int TIMED_OUT = 1;
  static final int CANCELLED = 2;

  /** The owner's side of giving up. */
  interface Owner {
    /**
     * Under the owner's lock: if {@code w} is still {@link ParkWaiter#WAITING}, unlinks it, marks it
     * {@link ParkWaiter#CANCELLED}, repairs the owner's state and returns {@code true}; returns {@code
     * false} if it was granted first.
     */
    boolean tryCancel(ParkWaiter w);
  }

  private Park() {}

  /**
   * Parks the current thread (the one that created {@code w}) until {@code w} is granted or it
   * cancels itself.
   *
   * @param blocker the synchronizer, shown in thread dumps
   * @param owner how {@code w} gives up
   * @param deadline a {@link System#nanoTime()} deadline, or 0 for none (see {@link #deadline})
   * @param ctx a context to give up on, or {@code null}
   * @return {@link #GRANTED}, {@link #TIMED_OUT} or {@link #CANCELLED}; a grant that races with an
   *     interrupt, a timeout or a context wins (after an interrupt, the interrupt status is
   *     restored)
   * @throws InterruptedException if interrupted while waiting and it cancelled itself
   */
  static int await(Object blocker, Owner owner, ParkWaiter w, long deadline, Context ctx)
      throws InterruptedException {
    ContextHooks.Registration reg =
        ctx == null ? null : ContextHooks.onDone(ctx, () -> LockSupport.unpark(w.thread));
    try {
      while (w.state() == ParkWaiter.WAITING) {
        if (Thread.interrupted()) {
          if (owner.tryCancel(w)) throw new InterruptedException();
          Thread.currentThread().interrupt(); // granted first: keep the grant, keep the interrupt
          break;
        }
        if (ctx != null && ctx.isDone()) {
          if (owner.tryCancel(w)) return CANCELLED;
          break;
        }
        if (deadline != 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            if (owner.tryCancel(w)) return TIMED_OUT;
            break;
          }
          LockSupport.parkNanos(blocker, left);
        } else {
          LockSupport.park(blocker);
        }
      }
    } finally {
      if (reg != null) reg.remove();
    }
    return GRANTED;
  }

  /** {@code d} in nanoseconds, saturated instead of overflowing. */
  static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** A non-zero {@link System#nanoTime()} deadline {@code nanos > 0} from now, saturated. */
  static long deadline(long nanos) {
    long d = System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    return d == 0 ? 1 : d;
  }

  /** The exception for a context-aware call that gave up because {@code ctx} is done. */
  static ContextCancelledException cancelled(Context ctx) {
    return (ContextCancelledException) ContextHooks.cancelled(ctx); // the documented type
  }
}
