package dev.weft.chan;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The buffer of a buffered channel: a bounded lock-free ring that many threads may offer to and
 * poll from at once, so that a send or receive that neither waits nor wakes anybody takes no lock.
 *
 * <p>Implementation notes. Two counters, {@code tail} (the next position to fill) and {@code head}
 * (the next position to empty), only grow; position {@code p} lives in slot {@code p & mask} of a
 * power-of-two array at least {@code capacity} (and 2) long. The counters are the truth: an offer claims
 * position {@code t} with a CAS of {@code tail} from {@code t} to {@code t + 1} after seeing {@code
 * t - head < capacity}, a poll claims {@code h} with a CAS of {@code head} after seeing {@code h <
 * tail}. Those CASes are the linearization points, and "full" and "empty" are decided from
 * volatile reads of the counters (never from a slot), so a channel can order them against its
 * waiter counts (see {@link ChannelImpl}: a thread that registers as a waiter and then finds the
 * ring full or empty, and a thread that changes the ring and then reads the waiter count, cannot
 * both miss each other).
 *
 * <p>Each slot has a sequence number that publishes its value (Vyukov's bounded queue): the offer
 * at {@code t} waits for {@code seq == t} (the poll of the previous lap has emptied the slot),
 * writes the value and releases {@code seq = t + 1}; the poll at {@code h} waits for {@code seq ==
 * h + 1}, takes the value and releases {@code seq = h + slots}. Those waits are for the few
 * instructions between a counterpart's CAS and its release, so they spin (see {@code awaitSeq}).
 *
 * <p>Closing sets a bit in {@code tail}, so that an offer's CAS fails from then on; offers that
 * claimed a position before it still publish, and polls wait for them, so nothing sent before the
 * close is lost. Each side keeps a stale copy of the other side's counter next to its own ({@code
 * headSeen}, {@code tailSeen}) and reads the real one only when the copy says full or empty: the
 * copies only lag, so they can only say full or empty too often, never too rarely.
 */
final class Ring extends RingPad2 {
  static final long CLOSED = 1L << 62;

  /** {@link #poll()} results that are not values. */
  static final Object EMPTY = new Object();

  static final Object CLOSED_EMPTY = new Object();

  /** {@link #offer} results. */
  static final int OK = 0;

  static final int FULL = 1;
  static final int CLOSED_FULL = 2;

  private static final VarHandle HEAD;
  private static final VarHandle TAIL;
  private static final VarHandle HEAD_SEEN;
  private static final VarHandle TAIL_SEEN;
  private static final VarHandle SEQ = MethodHandles.arrayElementVarHandle(long[].class);

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      HEAD = l.findVarHandle(RingHeadLine.class, "head", long.class);
      TAIL = l.findVarHandle(RingTailLine.class, "tail", long.class);
      HEAD_SEEN = l.findVarHandle(RingTailLine.class, "headSeen", long.class);
      TAIL_SEEN = l.findVarHandle(RingHeadLine.class, "tailSeen", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final int capacity;
  private final int mask;
  private final Object[] items;
  private final long[] seqs;

  /** A ring of {@code capacity} values; 1 <= capacity <= 2^30. */
  Ring(int capacity) {
    if (capacity < 1 || capacity > 1 << 30) {
      throw new IllegalArgumentException("Ring: capacity must be in [1, 2^30], was " + capacity);
    }
    this.capacity = capacity;
    // At least 2 slots: with one, a published value (seq = h + 1) would read as a free slot for
    // the next offer (seq = t with t = h + 1) before its poll took it.
    int slots = Math.max(2, Integer.highestOneBit(capacity));
    if (slots < capacity) slots <<= 1;
    this.mask = slots - 1;
    this.items = new Object[slots];
    this.seqs = new long[slots];
    for (int i = 0; i < slots; i++) seqs[i] = i;
  }

  /**
   * Adds {@code v} at the tail.
   *
   * @return {@link #OK}, {@link #FULL}, or {@link #CLOSED_FULL} once {@link #close()} ran
   */
  int offer(Object v) {
    for (; ; ) {
      long t = (long) TAIL.getVolatile(this);
      if ((t & CLOSED) != 0) return CLOSED_FULL;
      if (t - (long) HEAD_SEEN.getOpaque(this) >= capacity) {
        long h = (long) HEAD.getVolatile(this);
        HEAD_SEEN.setOpaque(this, h);
        if (t - h >= capacity) return FULL;
      }
      if (TAIL.compareAndSet(this, t, t + 1)) {
        int i = (int) t & mask;
        awaitSeq(i, t);
        items[i] = v;
        SEQ.setRelease(seqs, i, t + 1);
        return OK;
      }
    }
  }

  /**
   * Takes the value at the head.
   *
   * @return the value, {@link #EMPTY}, or {@link #CLOSED_EMPTY} when empty and closed
   */
  Object poll() {
    for (; ; ) {
      long h = (long) HEAD.getVolatile(this);
      if (h >= (long) TAIL_SEEN.getOpaque(this)) {
        long t = (long) TAIL.getVolatile(this);
        long end = t & ~CLOSED;
        TAIL_SEEN.setOpaque(this, end);
        if (h >= end) return t == end ? EMPTY : CLOSED_EMPTY;
      }
      if (HEAD.compareAndSet(this, h, h + 1)) {
        int i = (int) h & mask;
        awaitSeq(i, h + 1);
        Object v = items[i];
        items[i] = null;
        SEQ.setRelease(seqs, i, h + mask + 1);
        return v;
      }
    }
  }

  /**
   * Waits out the few instructions between a counterpart's claim of slot {@code i} and its release.
   *
   * <p>A virtual thread only spins: a thread holding a claim must never give up its carrier. The
   * JDK's scheduler runs a yielding virtual thread again before threads waiting in other queues, so
   * if a claim holder yielded while others spun, it could wait behind them forever (a stress test
   * hung that way). Since no virtual thread unmounts between its claim and its release, a claim
   * holder is always mounted, and the one at the front of any chain of waits makes progress.
   *
   * <p>A platform thread spins a little, then yields to the operating system: with more spinning
   * platform threads than cores, the claim holder may be the one that is descheduled.
   */
  private void awaitSeq(int i, long want) {
    boolean platform = false;
    for (int k = 0; (long) SEQ.getAcquire(seqs, i) != want; k++) {
      if (k == 64) platform = !Thread.currentThread().isVirtual();
      if (k >= 64 && platform) Thread.yield();
      else Thread.onSpinWait();
    }
  }

  /** Makes every later offer fail with {@link #CLOSED_FULL}; idempotent. */
  void close() {
    TAIL.getAndBitwiseOr(this, CLOSED);
  }

  /** Whether {@link #close()} ran. */
  boolean isClosed() {
    return ((long) TAIL.getVolatile(this) & CLOSED) != 0;
  }

  /** Whether {@link #close()} ran and every value offered before it was polled. */
  boolean isClosedAndEmpty() {
    long h = (long) HEAD.getVolatile(this);
    long t = (long) TAIL.getVolatile(this);
    return (t & CLOSED) != 0 && h >= (t & ~CLOSED);
  }

  /** Whether the ring holds no value right now. */
  boolean isEmpty() {
    long h = (long) HEAD.getVolatile(this);
    return h >= ((long) TAIL.getVolatile(this) & ~CLOSED);
  }

  /** Whether the ring is full right now. */
  boolean isFull() {
    long t = (long) TAIL.getVolatile(this) & ~CLOSED;
    return t - (long) HEAD.getVolatile(this) >= capacity;
  }

  /** The number of values, in {@code [0, capacity]}; exact when nothing is offered or polled at once. */
  int size() {
    long h = (long) HEAD.getVolatile(this);
    long t = (long) TAIL.getVolatile(this) & ~CLOSED;
    return (int) Math.max(0, Math.min(capacity, t - h));
  }
}

// Padding, so that the consumers' counter, the producers' counter and the rest of the ring each
// have a cache line of their own: superclass fields are laid out before subclass fields.

@SuppressWarnings("unused")
abstract class RingPad0 {
  long p00, p01, p02, p03, p04, p05, p06, p07;
}

abstract class RingHeadLine extends RingPad0 {
  volatile long head;
  /** The consumers' stale copy of {@code tail} (without the closed bit). */
  long tailSeen;
}

@SuppressWarnings("unused")
abstract class RingPad1 extends RingHeadLine {
  long p10, p11, p12, p13, p14, p15, p16, p17;
}

abstract class RingTailLine extends RingPad1 {
  volatile long tail;
  /** The producers' stale copy of {@code head}. */
  long headSeen;
}

@SuppressWarnings("unused")
abstract class RingPad2 extends RingTailLine {
  long p20, p21, p22, p23, p24, p25, p26, p27;
}
