package dev.weft.chan;

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
   * counterpart queued on the same carrier run, which is what makes one carrier fast too.
   */
  static final int YIELDS = Math.max(0, Integer.getInteger("weft.chan.yields", 2));

  private Spin() {}

  private static int budget() {
    int parallelism = Runtime.getRuntime().availableProcessors();
    String p = System.getProperty("jdk.virtualThreadScheduler.parallelism");
    if (p != null) {
      try {
        parallelism = Integer.parseInt(p.trim());
      } catch (NumberFormatException e) {
        // the JDK rejects a malformed value itself; keep the processor count
      }
    }
    int fallback = parallelism >= 2 ? 64 : 0;
    Integer configured = Integer.getInteger("weft.chan.spins");
    return configured == null ? fallback : Math.max(0, configured);
  }

  /** Spins until {@code w} is decided or the budget runs out; true if it was decided. */
  static boolean awaitDecided(Waiter w) {
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
