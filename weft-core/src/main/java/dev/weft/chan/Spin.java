package dev.weft.chan;

import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * How long a blocked rendezvous operation spins, then yields, before it parks.
 *
 * <p>Parking a virtual thread unmounts it, and waking it resubmits it to the scheduler: on a
 * rendezvous that costs far more than the hand-off itself. When the counterpart is running on
 * another carrier, a short spin sees the completion first. Spinning only helps when there is
 * another carrier for the counterpart to run on: with one carrier the spinner would hold the only
 * carrier the counterpart needs (jox collapses to microseconds there), so the budget is zero unless
 * the virtual-thread scheduler's parallelism ({@code jdk.virtualThreadScheduler.parallelism},
 * default the number of processors) is at least 2. {@code -Dweft.chan.spins=N} overrides the
 * budget (0 disables spinning). See docs/adr/0005-channel-spin-before-park.md.
 */
final class Spin {
  static final int SPINS = budget();
  /**
   * Then yields this many times ({@code -Dweft.chan.yields=N}): on a virtual thread a yield lets a
   * counterpart queued on the same carrier run, which is what makes one carrier fast too. (ADR 0010
   * tried 0 with two carriers: the rendezvous pair looked steadier, but 1,000 parallel rendezvous
   * pairs went from about 400 to about 1,050 ns per message.)
   */
  static final int YIELDS = Math.max(0, Integer.getInteger("weft.chan.yields", 2));

  private Spin() {}

  private static int parallelism() {
    int parallelism = Runtime.getRuntime().availableProcessors();
    String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    if (p != null) {
      try {
        parallelism = Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        // the JDK rejects a malformed value itself; keep the processor count
      }
    }
    return parallelism;
  }

  private static int budget() {
    int fallback = parallelism() >= 2 ? 64 : 0;
    Integer configured = Integer.getInteger("weft.chan.spins");
    return configured == null ? fallback : Math.max(0, configured);
  }

  /**
   * Rendezvous waiters parked right now, in all channels and selects. Many of them means more
   * threads wait on hand-offs than there are carriers to run their counterparts (a chain or a
   * fan of rendezvous stages): then a counterpart is rarely running while we spin, and the spin
   * and the yields only delay the park (ADR 0008 measured a per-channel budget instead, which had a
   * bad equilibrium on one producer and one consumer; this count stays at two or less there).
   */
  // A LongAdder: waiters on different carriers count in different cells, so parking does not
  // bounce one cache line between carriers; reading sums a handful of cells.
  private static final LongAdder PARKED = new LongAdder();

  /** Above this many parked rendezvous waiters, a new rendezvous wait parks at once. */
  static final int CROWD = Math.max(4, 2 * parallelism());

  /** Whether so many rendezvous waiters are parked that spinning would not pay. */
  static boolean crowded() {
    return PARKED.sum() > CROWD;
  }

  /** Rendezvous waiters parked right now; for tests. */
  static long parkedNow() {
    return PARKED.sum();
  }

  /**
   * Counts a waiter about to park in {@link #crowded()}, once per wait however often it parks:
   * only if it is a {@code rendezvous} wait not {@code counted} yet. Returns whether it is counted.
   */
  static boolean parking(boolean rendezvous, boolean counted) {
    if (rendezvous && !counted) {
      PARKED.increment();
      return true;
    }
    return counted;
  }

  /**
   * Parks the current thread for at most {@code nanos} ({@code 0}: until unparked), counting it
   * first as {@link #parking} does. Returns whether it is counted.
   */
  static boolean park(Object blocker, long nanos, boolean rendezvous, boolean counted) {
    boolean now = parking(rendezvous, counted);
    if (nanos == 0) {
      LockSupport.park(blocker);
    } else {
      LockSupport.parkNanos(blocker, nanos);
    }
    return now;
  }

  /** A waiter counted by {@link #parking} is done waiting. */
  static void unparked() {
    PARKED.decrement();
  }

  /** Spins until {@code w} is decided or the budget runs out; true if it was decided. */
  static boolean awaitDecided(ChanWaiter w) {
    for (int i = SPINS; i > 0; i--) {
      if (w.state() != null) return true;
      Thread.onSpinWait();
    }
    for (int i = YIELDS; i > 0; i--) {
      if (w.state() != null) return true;
      Thread.yield();
    }
    return w.state() != null;
  }
}
