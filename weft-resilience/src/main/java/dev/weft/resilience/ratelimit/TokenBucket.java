package dev.weft.resilience.ratelimit;

import dev.weft.context.AfterFunc;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A token bucket with one or more {@link Bandwidth}s: the main {@link RateLimiter}.
 *
 * <p><b>Mental model.</b> Each bandwidth is a bucket of tokens that fills at its rate up to its
 * capacity, either continuously ({@link Bandwidth.Refill#GREEDY}) or all the tokens of a period at
 * once ({@link Bandwidth.Refill#INTERVAL}). A request for {@code n} permits takes {@code n} tokens
 * from every bucket, so it must fit all of them: with 100 per second and 1,000 per minute, a
 * burst of 100 passes, and the 1,001st request of a minute waits for the minute to end. A request
 * that waits (or reserves) takes its tokens at once and puts the buckets into debt; the next
 * request then waits until the debt is repaid and its own tokens have come, exactly as Go's {@code
 * x/time/rate} does. A new bucket holds each bandwidth's {@code initialTokens}.
 *
 * <pre>{@code
 * TokenBucket api = TokenBucket.of(
 *     Bandwidth.perSecond(100),
 *     Bandwidth.of(1_000, Duration.ofMinutes(1)));
 * api.acquire(1, ctx);
 * }</pre>
 *
 * <p><b>Fairness.</b> Strictly first come, first served: waiters and reservations are served in
 * the order they arrived, whatever their sizes, and {@link #tryAcquire(int)} fails while anyone is
 * in line, since the line is a debt. A waiter that gives up (interrupt, context done, a timeout
 * made unreachable by a rate change) or a reservation cancelled before its time gives its tokens
 * back, and everyone behind it moves forward by as much: the bucket is left as if it had never
 * come. With several bandwidths, a give-back can return tokens to a bandwidth that had meanwhile
 * filled up; its capacity still bounds what is available.
 *
 * <p><b>Changing the rate.</b> {@link #setBandwidths} replaces the bandwidths at run time. The
 * tokens available (or the debt) carry over, capped at the new capacity; the new rates apply from
 * that moment (an interval refill starts a new period then), and waiters keep their places and
 * are woken to re-time their waits.
 *
 * <p><b>Time.</b> Measured on the injected {@link Clock} ({@link Clock#system()} by default) in
 * whole nanoseconds with exact integer arithmetic: a rate such as 3 per second does not drift,
 * and nothing overflows between 1 token per 292 years and 10^9 tokens per second, for about 292
 * years of uptime. Tokens arrive on a fixed schedule counted from the bucket's creation (the
 * {@code k}-th at {@code ceil(k × refillPeriod / refillTokens)}), which goes on while the bucket
 * is full. Limiters that keep a fraction of a token (Guava, Bucket4j, {@code x/time/rate}, GCRA)
 * drop that fraction when the bucket fills, so right after a full bucket they may admit the next
 * token up to one refill interval later than this one does; the average rate and the bound on a
 * burst (the capacity plus the tokens arrived meanwhile) are the same.
 *
 * <p><b>Memory.</b> Estimated from the object layout on a 64-bit JVM with compressed pointers: a
 * bucket with one bandwidth takes about 300 bytes, each further bandwidth about 150 more, and
 * each waiter or pending reservation about 150 bytes while it is in line. Nothing grows with the
 * number of permits or the rate. With one bandwidth, {@code tryAcquire} and an admitted {@code
 * decide} take no lock and allocate nothing.
 *
 * <p><b>Memory consistency effects:</b> a rate limiter orders nothing between the callers it
 * admits. Actions in a thread prior to {@link #setBandwidths} <i>happen-before</i> every decision
 * that uses the new bandwidths; actions prior to giving tokens back (cancelling a reservation, a
 * wait that ends without its permits) happen-before the admission of a caller that uses them.
 *
 * <p>All methods are thread-safe. A bucket needs no closing.
 */
public final class TokenBucket implements RateLimiter {

  /*
   * Implementation notes. Each band counts tokens: `Band.slotsAt(t)` is how many have arrived by
   * clock reading t, and the bucket keeps per band `consumed`, the number of the last token handed
   * out. Tokens available = min(capacity, slotsAt(now) - consumed). Taking n means
   * consumed' = max(consumed, slotsAt(now) - capacity) + n, admitted now iff consumed' <=
   * slotsAt(now), else due at Band.timeOf(consumed'). This is the virtual scheduling of GCRA (one
   * number says when the bucket is full again), counted in tokens on a fixed arrival schedule so
   * that it stays exact in integers (see "Time" in the class doc for how that differs).
   * Dividing a band's tokens and period by their gcd and requiring tokens <= period ns and
   * tokens * period < 2^63 keeps every product in Band below 2^63.
   *
   * With one band, `consumed` is a single long updated by CAS: tryAcquire and decide take no lock
   * and allocate nothing. With several bands the counters live in `multi` and every access holds
   * `lock`; `consumed` is then RETIRED (a value no CAS can expect), which sends the lock-free path
   * to the locked one. Switching between one and several bands happens under the lock: leaving
   * single mode CASes `consumed` to RETIRED before publishing the new setup; entering it publishes
   * the setup before writing `consumed`.
   *
   * setBandwidths with the same number of bands re-anchors each band at the current reading
   * (origin = now, originSlots = old slotsAt(now)), so `consumed` and every ticket keep their
   * meaning and the lock-free path needs no coordination: a tryAcquire that read the old setup
   * just before the change uses the old rate for the nanoseconds between its clock reading and
   * the change. With a different number of bands the debt is carried over as
   * max over bands of (consumed - slotsAt(now)), capped at the capacity.
   *
   * Waiting: an acquirer that must wait commits its tokens, appends a Ticket to a FIFO list
   * (guarded by `lock`) and waits on its own Condition until its due time: with the system clock by
   * awaitNanos, with any other clock by a timer scheduled on that clock. Invariants, whenever the
   * lock is free: tickets are in arrival order; their ends grow along the list in every band (so
   * due times never decrease along it); and while a ticket is not due, the band that keeps it
   * waiting has not refilled past it, so every later ticket took the tokens just after it. That
   * makes giving back exact with one band: subtract n from `consumed` and from the ends of every
   * later ticket, and wake those that wait. (With several bands, a band in which the ticket was
   * already covered may have been capped since; the give-back then over-credits it, within its
   * capacity.) A ticket
   * whose due time has come is admitted; its tokens are never given back (a grant wins races with
   * an interrupt or a done context). Reservation tickets are pruned from the head once due.
   */

  private static final VarHandle CONSUMED;

  static {
    try {
      CONSUMED =
          MethodHandles.lookup().findVarHandle(TokenBucket.class, "consumed", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /** The value of {@link #consumed} while the bucket has several bands. */
  private static final long RETIRED = Long.MIN_VALUE;

  /** The reservation returned when the permits are available at once. */
  private static final Reservation USED =
      new Reservation() {
        @Override
        public Duration delay() {
          return Duration.ZERO;
        }

        @Override
        public boolean cancel() {
          return false;
        }

        @Override
        public String toString() {
          return "Reservation[used]";
        }
      };

  /** The type named in error messages: TokenBucket, or the limiter built on it. */
  private final String type;

  private final Clock clock;
  private final boolean systemClock;
  private final ReentrantLock lock = new ReentrantLock();

  /** The bands and their smallest capacity; replaced under {@link #lock}. */
  private volatile Setup setup;

  /** With one band, the number of its last token handed out (CAS); otherwise {@link #RETIRED}. */
  @SuppressWarnings("UnusedVariable") // accessed through CONSUMED
  private volatile long consumed;

  /** With several bands, per band the number of the last token handed out; guarded by lock. */
  private long[] multi;

  /** Room for a decision that may not be committed, with several bands; guarded by lock. */
  private long[] scratch = new long[0];

  private Ticket head; // guarded by lock
  private Ticket tail; // guarded by lock
  private int waiting; // guarded by lock; tickets in line

  private TokenBucket(String type, Clock clock, List<Bandwidth> bandwidths, long unit) {
    this.type = type;
    this.clock = clock;
    this.systemClock = clock == Clock.system();
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

  /**
   * A new bucket on the system clock with the given bandwidths; a request must fit all of them.
   *
   * @param first a bandwidth
   * @param more further bandwidths
   * @return the new bucket, holding each bandwidth's initial tokens
   * @throws NullPointerException if an argument or element is null
   */
  public static TokenBucket of(Bandwidth first, Bandwidth... more) {
    return of(Clock.system(), list(first, more));
  }

  /**
   * A new bucket measuring time on {@code clock} (a {@link dev.weft.time.FakeClock} in tests).
   *
   * @param clock the clock
   * @param bandwidths one or more bandwidths; a request must fit all of them
   * @return the new bucket, holding each bandwidth's initial tokens
   * @throws IllegalArgumentException if {@code bandwidths} is empty
   * @throws NullPointerException if an argument or element is null
   */
  public static TokenBucket of(Clock clock, List<Bandwidth> bandwidths) {
    Objects.requireNonNull(clock, "TokenBucket: clock is null");
    return new TokenBucket("TokenBucket", clock, checked(bandwidths), 1);
  }

  /**
   * A bucket for a limiter built on it: error messages name {@code type}, and a permit costs
   * {@code unit} tokens (a GCRA limiter counts nanoseconds of credit).
   */
  static TokenBucket named(String type, Clock clock, List<Bandwidth> bandwidths, long unit) {
    return new TokenBucket(type, clock, checked(bandwidths), unit);
  }

  // ---- RateLimiter ----

  @Override
  public boolean tryAcquire(int n) {
    Setup st = checkPermits(n);
    if (st.single != null) {
      Band b = st.single;
      long now = clock.nanoTime();
      long arrived = b.slotsAt(now);
      long low = arrived - b.capacity;
      while (true) {
        long c = (long) CONSUMED.getVolatile(this);
        if (c == RETIRED) break;
        long next = Math.max(c, low) + n * st.unit;
        if (next > arrived) return false;
        if (CONSUMED.compareAndSet(this, c, next)) return true;
      }
    }
    lock.lock();
    try {
      return reserveLocked(n, clock.nanoTime(), 0, null) == 0;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public Decision decide(int n) {
    Setup st = checkPermits(n);
    long now;
    long wait;
    if (st.single != null) {
      Band b = st.single;
      now = clock.nanoTime();
      long arrived = b.slotsAt(now);
      long low = arrived - b.capacity;
      while (true) {
        long c = (long) CONSUMED.getVolatile(this);
        if (c == RETIRED) break;
        long next = Math.max(c, low) + n * st.unit;
        if (next > arrived) {
          return new Decision.Limited(Duration.ofNanos(Band.satAdd(b.timeOf(next), -now)));
        }
        if (CONSUMED.compareAndSet(this, c, next)) return Decision.admitted();
      }
    }
    lock.lock();
    try {
      now = clock.nanoTime();
      wait = reserveLocked(n, now, 0, null);
    } finally {
      lock.unlock();
    }
    return wait == 0 ? Decision.admitted() : new Decision.Limited(Duration.ofNanos(wait));
  }

  @Override
  public void acquire(int n) throws InterruptedException {
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquire(n)) return;
    await(n, Long.MAX_VALUE, null);
  }

  @Override
  public void acquire(int n, Context ctx) throws InterruptedException {
    if (ctx == null) throw new NullPointerException(type + ": context is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    if (tryAcquire(n)) return;
    await(n, Long.MAX_VALUE, ctx);
  }

  @Override
  public boolean tryAcquire(int n, Duration timeout) throws InterruptedException {
    if (timeout == null) throw new NullPointerException(type + ": timeout is null");
    checkPermits(n);
    if (Thread.interrupted()) throw new InterruptedException();
    if (tryAcquire(n)) return true;
    long maxWait = Bandwidth.periodNanos(timeout);
    if (maxWait <= 0) return false;
    return await(n, maxWait, null);
  }

  @Override
  public Reservation reserve(int n) {
    checkPermits(n);
    if (tryAcquire(n)) return USED;
    lock.lock();
    try {
      long now = clock.nanoTime();
      pruneLocked(now);
      long[] ends = new long[setup.bands.length];
      if (reserveLocked(n, now, Long.MAX_VALUE, ends) == 0) return USED;
      Ticket t = new Ticket(this, n, n * setup.unit, ends, null);
      append(t);
      return t;
    } finally {
      lock.unlock();
    }
  }

  // ---- TokenBucket ----

  /**
   * Replaces the bandwidths, from now on. The tokens available, or the debt of the line, carry
   * over (capped at the new capacity; a new bandwidth's {@code initialTokens} is not used), an
   * interval refill starts a new period now, and every waiter is woken to re-time its wait: it may
   * now be admitted, or a timed wait may give up when its turn has moved past its timeout.
   *
   * @param first a bandwidth
   * @param more further bandwidths; a request must fit all of them
   * @throws NullPointerException if an argument or element is null
   */
  public void setBandwidths(Bandwidth first, Bandwidth... more) {
    List<Bandwidth> list = checked(list(first, more));
    lock.lock();
    try {
      long now = clock.nanoTime();
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
      } else {
        for (int i = 0; i < next.length; i++) next[i] = new Band(list.get(i), now, 0);
        long debt = Long.MIN_VALUE;
        if (old.single != null) {
          long c = (long) CONSUMED.getAndSet(this, RETIRED);
          debt = c - old.single.slotsAt(now);
          debt = Math.max(debt, -old.single.capacity);
        } else {
          for (int i = 0; i < multi.length; i++) {
            debt = Math.max(debt, Math.max(multi[i] - old.bands[i].slotsAt(now), -old.bands[i].capacity));
          }
        }
        for (Ticket t = head; t != null; t = t.next) {
          long d = Long.MIN_VALUE;
          for (int i = 0; i < old.bands.length; i++) {
            d = Math.max(d, t.ends[i] - old.bands[i].slotsAt(now));
          }
          long[] ends = new long[next.length];
          Arrays.fill(ends, d);
          t.ends = ends;
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
      }
      for (Ticket t = head; t != null; t = t.next) {
        if (t.wakeUp != null) t.wakeUp.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * The bandwidths in force.
   *
   * @return the bandwidths in force, unmodifiable
   */
  public List<Bandwidth> bandwidths() {
    Band[] bands = setup.bands;
    List<Bandwidth> out = new ArrayList<>(bands.length);
    for (Band b : bands) out.add(b.bandwidth);
    return List.copyOf(out);
  }

  /**
   * The permits that could be taken now by a request that fits; negative while the line of
   * waiters and reservations is in debt. A snapshot, for monitoring and tests.
   *
   * @return the permits that could be taken now, or minus the debt
   */
  public long available() {
    lock.lock();
    try {
      long now = clock.nanoTime();
      Setup st = setup;
      long min = Long.MAX_VALUE;
      for (int i = 0; i < st.bands.length; i++) {
        Band b = st.bands[i];
        long c = st.single != null ? (long) CONSUMED.getVolatile(this) : multi[i];
        min = Math.min(min, Math.min(b.capacity, b.slotsAt(now) - c));
      }
      return Math.floorDiv(min, st.unit);
    } finally {
      lock.unlock();
    }
  }

  /**
   * How long until every bandwidth is full again if nobody takes permits meanwhile; {@link
   * Duration#ZERO} when it is full now (the {@code reset} of rate-limit response headers).
   *
   * @return how long until every bandwidth is full again
   */
  public Duration untilFull() {
    lock.lock();
    try {
      long now = clock.nanoTime();
      Setup st = setup;
      long full = Long.MIN_VALUE;
      for (int i = 0; i < st.bands.length; i++) {
        Band b = st.bands[i];
        long c = st.single != null ? (long) CONSUMED.getVolatile(this) : multi[i];
        full = Math.max(full, b.timeOf(Band.satAdd(c, b.capacity)));
      }
      return Duration.ofNanos(Math.max(0, Band.satAdd(full, -now)));
    } finally {
      lock.unlock();
    }
  }

  /**
   * The number of acquirers waiting and reservations whose time has not come.
   *
   * @return the number of acquirers waiting and reservations whose time has not come
   */
  public int queued() {
    lock.lock();
    try {
      pruneLocked(clock.nanoTime());
      return waiting;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "TokenBucket[bandwidths="
        + bandwidths()
        + ", available="
        + available()
        + ", queued="
        + queued()
        + "]";
  }

  // ---- implementation ----

  /**
   * Waits for {@code n} permits at most {@code maxWait} ns (Long.MAX_VALUE: no limit), or until
   * {@code ctx} (may be null) is done. The caller checked the arguments, the interrupt and ctx.
   */
  private boolean await(int n, long maxWait, Context ctx) throws InterruptedException {
    Ticket t;
    AfterFunc watch = null;
    lock.lock();
    try {
      long now = clock.nanoTime();
      checkPermits(n);
      pruneLocked(now);
      long[] ends = new long[setup.bands.length];
      long wait = reserveLocked(n, now, maxWait, ends);
      if (wait > maxWait) return false;
      if (wait == 0) return true;
      long deadline = maxWait == Long.MAX_VALUE ? Long.MAX_VALUE : Band.satAdd(now, maxWait);
      t = new Ticket(this, n, n * setup.unit, ends, lock.newCondition());
      append(t);
      if (ctx != null) {
        Ticket w = t;
        watch = Context.afterFunc(ctx, () -> wake(w));
      }
      try {
        while (true) {
          now = clock.nanoTime();
          long due = dueOf(t);
          if (now >= due) {
            unlink(t);
            return true;
          }
          if (ctx != null && ctx.isDone()) {
            giveBack(t);
            ctx.throwIfDone();
          }
          if (due > deadline) {
            giveBack(t);
            return false;
          }
          if (systemClock) {
            t.wakeUp.awaitNanos(Band.satAdd(due, -now));
          } else {
            arm(t, due, now);
            t.wakeUp.await();
          }
        }
      } catch (InterruptedException e) {
        if (clock.nanoTime() >= dueOf(t)) {
          unlink(t);
          Thread.currentThread().interrupt();
          return true;
        }
        giveBack(t);
        throw e;
      } finally {
        if (t.timer != null) t.timer.cancel();
      }
    } finally {
      lock.unlock();
      if (watch != null) watch.stop();
    }
  }

  /** With the lock held: makes the fake-clock timer fire at {@code due}. */
  private void arm(Ticket t, long due, long now) {
    if (t.timer != null) {
      if (t.timerDue == due) return;
      t.timer.cancel();
    }
    t.timerDue = due;
    t.timer = clock.schedule(Duration.ofNanos(Band.satAdd(due, -now)), () -> timerFired(t, due));
  }

  private void timerFired(Ticket t, long due) {
    lock.lock();
    try {
      if (t.timer != null && t.timerDue == due) t.timer = null;
      t.wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  private void wake(Ticket t) {
    lock.lock();
    try {
      t.wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  /**
   * With the lock held: the wait in ns for {@code n} tokens at {@code now}; takes them if that is
   * at most {@code maxWait}, writing the ends into {@code ends} when not null.
   */
  private long reserveLocked(int n, long now, long maxWait, long[] ends) {
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

  /** With the lock held: the clock reading at which {@code t}'s tokens have all arrived. */
  private long dueOf(Ticket t) {
    Band[] bands = setup.bands;
    long due = Long.MIN_VALUE;
    for (int i = 0; i < bands.length; i++) due = Math.max(due, bands[i].timeOf(t.ends[i]));
    return due;
  }

  /**
   * With the lock held: gives {@code t}'s tokens back (it is not due), moves every later ticket
   * forward by as much and wakes the waiters among them.
   */
  private void giveBack(Ticket t) {
    long n = t.cost;
    if (setup.single != null) {
      while (true) {
        long c = (long) CONSUMED.getVolatile(this);
        if (CONSUMED.compareAndSet(this, c, c - n)) break;
      }
    } else {
      for (int i = 0; i < multi.length; i++) multi[i] -= n;
    }
    for (Ticket u = t.next; u != null; u = u.next) {
      for (int i = 0; i < u.ends.length; i++) u.ends[i] -= n;
      if (u.wakeUp != null) u.wakeUp.signal();
    }
    unlink(t);
  }

  /** Package-private for {@link Ticket#delay()}. */
  Duration delayOf(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return Duration.ZERO;
      long now = clock.nanoTime();
      long wait = Band.satAdd(dueOf(t), -now);
      if (wait <= 0) {
        pruneLocked(now);
        return Duration.ZERO;
      }
      return Duration.ofNanos(wait);
    } finally {
      lock.unlock();
    }
  }

  /** Package-private for {@link Ticket#cancel()}. */
  boolean cancel(Ticket t) {
    lock.lock();
    try {
      if (!t.linked) return false;
      long now = clock.nanoTime();
      if (now >= dueOf(t)) {
        pruneLocked(now);
        return false;
      }
      giveBack(t);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held: drops reservations at the head of the line whose time has come. */
  private void pruneLocked(long now) {
    while (head != null && head.wakeUp == null && now >= dueOf(head)) unlink(head);
  }

  private void append(Ticket t) {
    t.prev = tail;
    if (tail == null) head = t;
    else tail.next = t;
    tail = t;
    t.linked = true;
    waiting++;
  }

  private void unlink(Ticket t) {
    if (!t.linked) return;
    if (t.prev == null) head = t.next;
    else t.prev.next = t.next;
    if (t.next == null) tail = t.prev;
    else t.next.prev = t.prev;
    t.prev = null;
    t.next = null;
    t.linked = false;
    waiting--;
  }

  private Setup checkPermits(int n) {
    Setup st = setup;
    if (n <= 0) throw new IllegalArgumentException(type + ": n must be > 0, was " + n);
    if (n > st.capacity) {
      throw new IllegalArgumentException(
          type + ": " + n + " permits can never succeed, the capacity is " + st.capacity);
    }
    return st;
  }

  private static List<Bandwidth> list(Bandwidth first, Bandwidth... more) {
    Objects.requireNonNull(first, "TokenBucket: bandwidth is null");
    Objects.requireNonNull(more, "TokenBucket: bandwidths are null");
    List<Bandwidth> all = new ArrayList<>(1 + more.length);
    all.add(first);
    for (Bandwidth b : more) all.add(Objects.requireNonNull(b, "TokenBucket: bandwidth is null"));
    return all;
  }

  private static List<Bandwidth> checked(List<Bandwidth> bandwidths) {
    Objects.requireNonNull(bandwidths, "TokenBucket: bandwidths are null");
    for (Bandwidth b : bandwidths) Objects.requireNonNull(b, "TokenBucket: bandwidth is null");
    if (bandwidths.isEmpty()) {
      throw new IllegalArgumentException("TokenBucket: at least one bandwidth is needed");
    }
    return List.copyOf(bandwidths);
  }

  /** The bands in force, with what the lock-free path needs. Immutable. */
  private static final class Setup {
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
  }
}
