package dev.weft.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A channel's lock: a test-and-test-and-set spin lock that never parks.
 *
 * <p>Why not {@link java.util.concurrent.locks.ReentrantLock}: a channel's critical sections are a
 * few queue operations and CASes (tens of nanoseconds), and nothing in them blocks, parks or
 * yields a virtual thread, so the holder is always running on a carrier (unless the operating
 * system took the carrier away). A contended {@code ReentrantLock} queues the loser and, after a
 * short spin, parks it: for a virtual thread that is an unmount and a resubmission to the
 * scheduler, hundreds of nanoseconds to save a wait of tens, paid again by the releaser, which
 * must unpark it. On the rendezvous and select shapes that was a third of the CPU profile. See
 * docs/adr/0010-channel-spin-lock.md.
 *
 * <p>A virtual thread waiting for it only spins ({@link Thread#onSpinWait()}). It must not yield:
 * a {@link Select} waits for its second lock while holding its first, and a holder that yields is
 * unmounted; then the threads spinning for its lock can keep re-queueing themselves ahead of it on
 * the carriers' local queues, and it never runs again (a {@code ChannelStressTest} hang, the same
 * trap as in {@code Ring.awaitSeq}). A holder that never unmounts always has a carrier, so spinning
 * for it ends. A platform thread spins, then yields between attempts, which lets the operating
 * system run a holder whose thread it descheduled. The lock is not reentrant and not fair (neither
 * was the {@code ReentrantLock} it replaces, as used here).
 *
 * <p>Rule for callers: never park, yield, wait, block or call out to user code while holding it.
 */
final class ChanLock {
  private static final VarHandle STATE;

  static {
    try {
      STATE = MethodHandles.lookup().findVarHandle(ChanLock.class, "state", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** Spins before a platform thread's first yield. */
  private static final int SPINS = 128;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile int state; // 0 free, 1 held

  /** Acquires the lock, spinning (then yielding) while another thread holds it. */
  void lock() {
    if (!STATE.compareAndSet(this, 0, 1)) lockContended();
  }

  private void lockContended() {
    boolean virtual = Thread.currentThread().isVirtual();
    int spins = SPINS;
    for (; ; ) {
      if (state == 0 && STATE.compareAndSet(this, 0, 1)) return;
      if (virtual || spins > 0) {
        spins--;
        Thread.onSpinWait();
      } else {
        Thread.yield(); // a platform thread: let the OS run a descheduled holder
      }
    }
  }

  /** Releases the lock; only its holder may call this. */
  void unlock() {
    STATE.setRelease(this, 0);
  }

  /** Whether some thread holds the lock; for tests and assertions. */
  boolean isLocked() {
    return state != 0;
  }
}
