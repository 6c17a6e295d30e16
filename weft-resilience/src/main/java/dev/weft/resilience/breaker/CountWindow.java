package dev.weft.resilience.breaker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The last {@code size} outcomes, in a ring updated without locks.
 *
 * <p>Implementation notes. Each slot holds the packed contribution of one outcome to the window's
 * three counts (calls, failures, slow calls), 21 bits each: calls in bits 0-20, failures in
 * 21-41, slow calls in 42-62; an empty slot holds 0. {@code totals} holds the sum of every slot in
 * the same packing. Recording takes a ticket from {@code cursor}, swaps its contribution into slot
 * {@code ticket % size} with {@code getAndSet} and adds the difference between the new and the old
 * contribution to {@code totals} with one {@code getAndAdd}: three atomic operations, no lock, no
 * allocation. When the two contributions are equal (a success replacing a success) the add is
 * skipped, and so is the judgement of the rates: the totals did not change, and the recorder
 * whose add produced them judged them (the last add of a burst sees the final totals, since adds
 * commute).
 *
 * <p>The steady state of a healthy dependency writes nothing at all. When the totals say the window
 * is full and clean ({@code size} calls, no failure, no slow call) and the outcome is a success that
 * is not slow, the outcome is not recorded: it would replace a success by a success, so the
 * window's contents, and every decision taken from them, are the same either way. Only the cursor
 * would have moved, which decides when a later failure leaves the window; skipping moves that
 * moment by the number of successes skipped while a failure was being recorded, the same slack as
 * the calls in flight below. Two threads calling a healthy dependency through one breaker then
 * share only cache lines that nobody writes.
 *
 * <p>Invariant: once every recorder has finished, {@code totals} equals the sum of the slots
 * exactly, because each swap removes exactly one old contribution and adds one new one, and
 * addition commutes. While recorders are between their swap and their add, one field of {@code
 * totals} may be off by the number of such recorders, even below zero (a recorder may remove a
 * contribution whose own add has not landed yet). The fields are therefore decoded as signed
 * 21-bit values with carries (see {@link #calls}); a window is at most 1,000,000 calls, which
 * leaves room for about 48,000 recorders in flight before a field could wrap. A rate computed
 * from such a transient value is clamped into [0, 100] percent by construction of the comparison
 * and is exact again after the next quiescent moment.
 *
 * <p>Two recorders whose tickets are {@code size} apart race for the same slot: the later swap
 * wins and the earlier outcome leaves the window early. The window is thus "the last {@code size}
 * outcomes" up to the calls in flight, which is what a breaker needs.
 *
 * <p>Memory: 8 bytes per slot plus two atomics, about {@code 8 * size + 100} bytes.
 */
final class CountWindow extends Window {

  private static final int BITS = 21;
  private static final long ONE_CALL = 1L;
  private static final long ONE_FAILURE = 1L << BITS;
  private static final long ONE_SLOW = 1L << (2 * BITS);

  /** Below this, a {@code long} is exact as a {@code double}. */
  private static final long EXACT = 1L << 52;

  private final int size;
  private final double inverse; // 1.0 / size, for slotOf
  private final AtomicLongArray slots;
  private final AtomicLong cursor = new AtomicLong();
  private final AtomicLong totals = new AtomicLong();

  /** {@code totals} of a full window of successes that were not slow. */
  private final long fullAndClean;

  CountWindow(CircuitBreakerConfig config) {
    super(config);
    this.size = config.windowSize();
    this.inverse = 1.0 / size;
    this.slots = new AtomicLongArray(size);
    this.fullAndClean = size * ONE_CALL;
  }

  @Override
  boolean record(boolean failure, boolean slow, long nowNanos) {
    long contribution = ONE_CALL + (failure ? ONE_FAILURE : 0) + (slow ? ONE_SLOW : 0);
    // A clean success into a full, clean window: nothing would change (see the class notes).
    if (contribution == ONE_CALL && totals.get() == fullAndClean) return false;
    int slot = slotOf(cursor.getAndIncrement());
    long old = slots.getAndSet(slot, contribution);
    long delta = contribution - old;
    // Same contribution as the outcome it replaced (a success replacing a success, the steady
    // state): the totals do not change, and whoever changed them last has judged them already.
    if (delta == 0) return false;
    long t = totals.addAndGet(delta);
    return exceeded(calls(t), failures(t), slow(t));
  }

  /**
   * {@code ticket % size}, for a ticket from the cursor (never negative). Below 2^52 a ticket is
   * exact as a double and {@code ticket * inverse} is within one of {@code ticket / size} (two
   * roundings, a relative error of at most 2^-52), so the remainder needs one correcting step at
   * most: a multiply instead of a 64-bit division on every recorded call.
   */
  int slotOf(long ticket) {
    if (ticket >= EXACT) return (int) Long.remainderUnsigned(ticket, size);
    long q = (long) (ticket * inverse);
    long r = ticket - q * size;
    if (r < 0) r += size;
    else if (r >= size) r -= size;
    return (int) r;
  }

  @Override
  long[] counts(long nowNanos) {
    long t = totals.get();
    return new long[] {clamp(calls(t)), clamp(failures(t)), clamp(slow(t))};
  }

  private static long clamp(long v) {
    return Math.max(0, v);
  }

  /** The low field, sign-extended. */
  static long calls(long packed) {
    return (packed << (64 - BITS)) >> (64 - BITS);
  }

  static long failures(long packed) {
    long rest = (packed - calls(packed)) >> BITS;
    return (rest << (64 - BITS)) >> (64 - BITS);
  }

  static long slow(long packed) {
    long rest = (packed - calls(packed)) >> BITS;
    rest = (rest - ((rest << (64 - BITS)) >> (64 - BITS))) >> BITS;
    return (rest << (64 - BITS)) >> (64 - BITS);
  }
}
