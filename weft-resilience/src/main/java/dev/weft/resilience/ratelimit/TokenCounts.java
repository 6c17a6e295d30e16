package dev.weft.resilience.ratelimit;

import dev.weft.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.List;

/**
 * The token counts of a {@link TokenBucket}: its bands, the number of the last token handed out in
 * each, and the lock-free path taken with a single band.
 */
final class TokenCounts {

  /*
   * Implementation notes. Owns `setup` (the bands in force), `consumed` (one band) or `multi`
   * (several bands) and `scratch`.
   *
   * Each band counts tokens: `Band.slotsAt(t)` is how many have arrived by clock reading t, and
   * the counts keep per band `consumed`, the number of the last token handed out. Tokens available
   * = min(capacity, slotsAt(now) - consumed). Taking n means
   * consumed' = max(consumed, slotsAt(now) - capacity) + n, admitted now iff consumed' <=
   * slotsAt(now), else due at Band.timeOf(consumed'). This is the virtual scheduling of GCRA (one
   * number says when the bucket is full again), counted in tokens on a fixed arrival schedule so
   * that it stays exact in integers (see "Time" in TokenBucket's class doc for how that differs).
   * Dividing a band's tokens and period by their gcd and requiring tokens <= period ns and
   * tokens * period < 2^63 keeps every product in Band below 2^63.
   *
   * Protection. `setup` is volatile and replaced only under the bucket's lock. With one band,
   * `consumed` is a single long updated by CAS: tryTake and decideFast take no lock and allocate
   * nothing. With several bands the counters live in `multi` and every access holds the bucket's
   * lock, as does every access to `scratch`; `consumed` is then RETIRED (a value no CAS can
   * expect), which sends the lock-free path to the locked one. Methods named ...Locked, and every
   * method that touches `multi`, require the bucket's lock.
   *
   * Invariants. Exactly one of: setup has one band and `consumed` != RETIRED and `multi` == null;
   * or setup has several bands, `consumed` == RETIRED and `multi` has one counter per band.
   * Switching between one and several bands happens under the lock: leaving single mode CASes
   * `consumed` to RETIRED before publishing the new setup; entering it publishes the setup before
   * writing `consumed`. A lock-free reader that read a single-band setup therefore either CASes a
   * live `consumed` or sees RETIRED and falls back to the lock.
   *
   * rebaseLocked with the same number of bands re-anchors each band at the current reading
   * (origin = now, originSlots = old slotsAt(now)), so `consumed` and every ticket keep their
   * meaning and the lock-free path needs no coordination: a tryAcquire that read the old setup
   * just before the change uses the old rate for the nanoseconds between its clock reading and
   * the change. With a different number of bands the debt is carried over as
   * max over bands of (consumed - slotsAt(now)), capped at the capacity (the waiting line re-times
   * its tickets the same way).
   */

  private static final VarHandle CONSUMED;

  static {
    try {
      CONSUMED =
          MethodHandles.lookup().findVarHandle(TokenCounts.class, "consumed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The value of {@link #consumed} while there are several bands. */
  private static final long RETIRED = Long.MIN_VALUE;

  /** What {@link #tryTake} returns. */
  static final int TAKEN = 1;

  static final int REFUSED = 0;
  static final int LOCKED = -1;

  /** The type named in error messages: TokenBucket, or the limiter built on it. */
  private final String type;

  /** The bands and their smallest capacity; replaced under the bucket's lock. */
  private volatile Setup setup;

  /** With one band, the number of its last token handed out (CAS); otherwise {@link #RETIRED}. */
  @SuppressWarnings("UnusedVariable") // accessed through CONSUMED
  private volatile long consumed;

  /** With several bands, per band the number of the last token handed out; guarded by lock. */
  private long[] multi;

  /** Room for a decision that may not be committed, with several bands; guarded by lock. */
  private long[] scratch = new long[0];

  TokenCounts(String type, Clock clock, List<Bandwidth> bandwidths, long unit) {
    this.type = type;
    long now = clock.nanoTime();
    Band[] bands = new Band[bandwidths.size()];
    for (int i = 0; i < bands.length; i++) bands[i] = new Band(bandwidths.get(i), now, 0);
    if (bands.length == 1) {
      consumed = -bandwidths.get(0).initialTokens();
    } else {
      consumed = RETIRED;
      long[] m = new long[bands.length];
      for (int i = 0; i < bands.length; i++) m[i] = -bandwidths.get(i).initialTokens();
      multi = m;
    }
    setup = new Setup(bands, unit); // last: every method reads `setup` first
  }

  /** The setup in force (a volatile read). */
  Setup setup() {
    return setup;
  }

  /** Checks {@code n} against the setup in force and returns that setup. */
  Setup checkPermits(int n) {
    Setup st = setup;
    if (n <= 0) throw new IllegalArgumentException(type + ": n must be > 0, was " + n);
    if (n > st.capacity) {
      throw new IllegalArgumentException(
          type + ": " + n + " permits can never succeed, the capacity is " + st.capacity);
    }
    return st;
  }

  /**
   * Lock-free, with the only band {@code b} of a setup read before {@code now}: takes {@code
   * cost} tokens if they are there. Returns {@link #TAKEN}, {@link #REFUSED}, or {@link #LOCKED}
   * when the bucket has left single mode and the caller must take the lock.
   */
  int tryTake(Band b, long cost, long now) {
    long arrived = b.slotsAt(now);
    long low = arrived - b.capacity;
    long c = (long) CONSUMED.getVolatile(this);
    while (true) {
      if (c == RETIRED) return LOCKED;
      long next = Math.max(c, low) + cost;
      if (next > arrived) return REFUSED;
      // The witness of a failed exchange is the value to retry with: no second read of a line
      // that another taker has just written.
      long seen = (long) CONSUMED.compareAndExchange(this, c, next);
      if (seen == c) return TAKEN;
      c = seen;
    }
  }

  /**
   * Lock-free, as {@link #tryTake}: 0 when the tokens were taken, the wait in ns when they are not
   * there (positive: token {@code next} has not arrived by {@code now}, so {@code timeOf(next) >
   * now}), or -1 when the caller must take the lock.
   */
  long decideFast(Band b, long cost, long now) {
    long arrived = b.slotsAt(now);
    long low = arrived - b.capacity;
    long c = (long) CONSUMED.getVolatile(this);
    while (true) {
      if (c == RETIRED) return -1;
      long next = Math.max(c, low) + cost;
      if (next > arrived) return Band.satAdd(b.timeOf(next), -now);
      long seen = (long) CONSUMED.compareAndExchange(this, c, next);
      if (seen == c) return 0;
      c = seen;
    }
  }

  /**
   * With the lock held: the wait in ns for {@code n} tokens at {@code now}; takes them if that is
   * at most {@code maxWait}, writing the ends into {@code ends} when not null.
   */
  long reserveLocked(int n, long now, long maxWait, long[] ends) {
    Setup st = setup;
    if (st.single != null) {
      Band b = st.single;
      long arrived = b.slotsAt(now);
      long low = arrived - b.capacity;
      long cost = n * st.unit;
      while (true) {
        long c = (long) CONSUMED.getVolatile(this);
        long next = Math.max(c, low) + cost;
        long wait = Math.max(0, Band.satAdd(b.timeOf(next), -now));
        if (wait > maxWait) return wait;
        if (CONSUMED.compareAndSet(this, c, next)) {
          if (ends != null) ends[0] = next;
          return wait;
        }
      }
    }
    Band[] bands = st.bands;
    long[] next = ends;
    if (next == null) {
      if (scratch.length != bands.length) scratch = new long[bands.length];
      next = scratch;
    }
    long due = Long.MIN_VALUE;
    for (int i = 0; i < bands.length; i++) {
      next[i] = Math.max(multi[i], bands[i].floor(now)) + n * st.unit;
      due = Math.max(due, bands[i].timeOf(next[i]));
    }
    long wait = Math.max(0, Band.satAdd(due, -now));
    if (wait <= maxWait) System.arraycopy(next, 0, multi, 0, bands.length);
    return wait;
  }

  /** With the lock held: the clock reading at which the tokens up to {@code ends} have arrived. */
  long dueLocked(long[] ends) {
    Band[] bands = setup.bands;
    long due = Long.MIN_VALUE;
    for (int i = 0; i < bands.length; i++) due = Math.max(due, bands[i].timeOf(ends[i]));
    return due;
  }

  /** With the lock held: gives {@code cost} tokens back to every band. */
  void giveBackLocked(long cost) {
    if (setup.single != null) {
      while (true) {
        long c = (long) CONSUMED.getVolatile(this);
        if (CONSUMED.compareAndSet(this, c, c - cost)) break;
      }
    } else {
      for (int i = 0; i < multi.length; i++) multi[i] -= cost;
    }
  }

  /** With the lock held: the tokens available at {@code now} (negative: the debt), in permits. */
  long availableLocked(long now) {
    Setup st = setup;
    long min = Long.MAX_VALUE;
    for (int i = 0; i < st.bands.length; i++) {
      Band b = st.bands[i];
      long c = st.single != null ? (long) CONSUMED.getVolatile(this) : multi[i];
      min = Math.min(min, Math.min(b.capacity, b.slotsAt(now) - c));
    }
    return Math.floorDiv(min, st.unit);
  }

  /** With the lock held: the clock reading at which every band is full if nobody takes tokens. */
  long fullAtLocked() {
    Setup st = setup;
    long full = Long.MIN_VALUE;
    for (int i = 0; i < st.bands.length; i++) {
      Band b = st.bands[i];
      long c = st.single != null ? (long) CONSUMED.getVolatile(this) : multi[i];
      full = Math.max(full, b.timeOf(Band.satAdd(c, b.capacity)));
    }
    return full;
  }

  /**
   * With the lock held: replaces the bands by {@code list} from {@code now}, carrying the tokens
   * available or the debt over, and returns the setup replaced. When the number of bands changes,
   * the caller must re-time the tickets in line with {@link Setup#debtAt} of the old setup.
   */
  Setup rebaseLocked(List<Bandwidth> list, long now) {
    Setup old = setup;
    Band[] next = new Band[list.size()];
    if (next.length == old.bands.length) {
      // Materialise the lazy cap first: a larger new capacity must not count idle tokens the
      // old capacity had already turned away.
      if (old.single != null) {
        long low = old.single.floor(now);
        while (true) {
          long c = (long) CONSUMED.getVolatile(this);
          if (c >= low || CONSUMED.compareAndSet(this, c, low)) break;
        }
      } else {
        for (int i = 0; i < multi.length; i++) {
          multi[i] = Math.max(multi[i], old.bands[i].floor(now));
        }
      }
      for (int i = 0; i < next.length; i++) {
        next[i] = new Band(list.get(i), now, old.bands[i].slotsAt(now));
      }
      setup = new Setup(next, old.unit);
      return old;
    }
    for (int i = 0; i < next.length; i++) next[i] = new Band(list.get(i), now, 0);
    long debt = Long.MIN_VALUE;
    if (old.single != null) {
      long c = (long) CONSUMED.getAndSet(this, RETIRED);
      debt = c - old.single.slotsAt(now);
      debt = Math.max(debt, -old.single.capacity);
    } else {
      for (int i = 0; i < multi.length; i++) {
        debt =
            Math.max(debt, Math.max(multi[i] - old.bands[i].slotsAt(now), -old.bands[i].capacity));
      }
    }
    Setup st = new Setup(next, old.unit);
    if (st.single != null) {
      multi = null;
      setup = st;
      CONSUMED.setVolatile(this, debt);
    } else {
      long[] m = new long[next.length];
      Arrays.fill(m, debt);
      multi = m;
      setup = st;
    }
    return old;
  }

  /** The bands in force, with what the lock-free path needs. Immutable. */
  static final class Setup {
    final Band[] bands;
    /** The only band, or null when there are several. */
    final Band single;
    /** Tokens per permit: 1, except for limiters built on this one. */
    final long unit;

    /** The most permits a request may ask for: the smallest capacity, in permits. */
    final long capacity;

    Setup(Band[] bands, long unit) {
      this.bands = bands;
      this.single = bands.length == 1 ? bands[0] : null;
      this.unit = unit;
      long min = Long.MAX_VALUE;
      for (Band b : bands) min = Math.min(min, b.capacity);
      this.capacity = min / unit;
    }

    /** How far the tokens up to {@code ends} lie beyond what has arrived at {@code now}. */
    long debtAt(long[] ends, long now) {
      long d = Long.MIN_VALUE;
      for (int i = 0; i < bands.length; i++) d = Math.max(d, ends[i] - bands[i].slotsAt(now));
      return d;
    }
  }
}
