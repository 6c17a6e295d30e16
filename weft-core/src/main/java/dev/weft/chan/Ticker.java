package dev.weft.chan;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Delivers the time at a fixed rate: Go's {@code time.Ticker}, with the semantics of Go 1.23.
 *
 * <p><b>Mental model.</b> {@link #start(Duration) start(period)} begins ticking: the {@code k}-th
 * tick is due at {@code t0 + k * period} on the ticker's {@link Clock} ({@code t0} being the time
 * of {@code start} or the last {@link #reset}), and delivers the clock's {@link Clock#now() now()}
 * on {@link #channel()}. The schedule is fixed-rate: a late tick does not push the following ones
 * back, so ticks do not drift.
 *
 * <pre>{@code
 * try (Ticker heartbeat = Ticker.start(Duration.ofSeconds(5))) {
 *   while (true) {
 *     boolean done = new Select<Boolean>()
 *         .onReceive(heartbeat.channel(), t -> { ping(t); return false; })
 *         .onDone(ctx, () -> true)
 *         .select();
 *     if (done) break;
 *   }
 * }                                                 // stops the ticker: no "ticker leak"
 * }</pre>
 *
 * <p><b>Slow receivers.</b> The channel holds one tick. A tick that finds it full is dropped (the
 * waiting, older tick is kept), so a slow receiver sees fewer ticks, never a backlog. If the
 * clock's thread itself falls behind by whole periods, the missed ticks are skipped and the
 * schedule resumes at the next {@code t0 + k * period} still in the future (Go does the same).
 *
 * <p><b>No stale ticks (Go 1.23).</b> Once {@link #stop()} or {@link #reset(Duration)} has
 * returned, no tick from before the call is received: a waiting tick is discarded and a tick
 * racing with the call is suppressed. The channel is never closed, so a thread receiving from a
 * stopped ticker waits until interrupted: combine it with a context or another channel in a
 * {@link Select}.
 *
 * <p>A stopped ticker can be started again by {@link #reset(Duration)}. {@link #close()} is {@link
 * #stop()}, so that try-with-resources stops the ticker.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #start} or {@link
 * #reset} <i>happen-before</i> the receipt of any tick that call scheduled.
 *
 * <p>All methods are thread-safe.
 */
public final class Ticker implements AutoCloseable {

  /*
   * Implementation notes. Invariants, all under `lock`:
   *  - `armed != null` iff ticking; it is the clock's handle for the next tick, scheduled with the
   *    generation current at the last start/reset.
   *  - `generation` changes on every stop/reset; a tick of an older generation does nothing (Go
   *    1.23's `seq`), and stop/reset drain the channel's single slot, so no stale tick survives.
   *  - Tick k is due at `base + k * period` in clock nanoTime; `nextOffset` is the offset of the
   *    next tick from `base`, kept relative to avoid overflow near nanoTime's arbitrary origin.
   * Each tick schedules the next one (the clock has one-shot actions only). Lock order: ticker
   * lock, then the channel's or the clock's lock.
   */

  private final Clock clock;
  private final Channel<Instant> channel = Channel.buffered(1);
  private final ReentrantLock lock = new ReentrantLock();
  private long generation; // guarded by lock
  private Duration period; // guarded by lock
  private long periodNanos; // guarded by lock
  private long base; // guarded by lock; clock.nanoTime() at start/reset
  private long nextOffset; // guarded by lock
  private Scheduled armed; // guarded by lock

  private Ticker(Clock clock) {
    this.clock = clock;
  }

  /**
   * A new ticker on the system clock, first ticking one {@code period} from now (Go's {@code
   * time.NewTicker}).
   *
   * @param period the time between ticks
   * @return a new ticker on the system clock, first ticking one {@code period} from now (Go's
   *     {@code time.NewTicker})
   * @throws IllegalArgumentException if {@code period} is zero or negative
   * @throws NullPointerException if {@code period} is null
   */
  public static Ticker start(Duration period) {
    return start(Clock.system(), period);
  }

  /**
   * A new ticker on {@code clock}, first ticking one {@code period} from now.
   *
   * @param clock the clock that measures time
   * @param period the time between ticks
   * @return a new ticker on {@code clock}, first ticking one {@code period} from now
   * @throws IllegalArgumentException if {@code period} is zero or negative
   * @throws NullPointerException if an argument is null
   */
  public static Ticker start(Clock clock, Duration period) {
    Objects.requireNonNull(clock, "Ticker: clock is null");
    checkPeriod(period);
    Ticker t = new Ticker(clock);
    t.lock.lock();
    try {
      t.arm(period);
    } finally {
      t.lock.unlock();
    }
    return t;
  }

  /**
   * The channel on which ticks are delivered; it holds at most one and is never closed.
   *
   * @return the channel on which ticks are delivered; it holds at most one and is never closed
   */
  public ReceiveChannel<Instant> channel() {
    return channel;
  }

  /**
   * The current period.
   *
   * @return the current period
   */
  public Duration period() {
    lock.lock();
    try {
      return period;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Stops ticking (Go's {@code Ticker.Stop}); idempotent. Does not close the channel. Afterwards
   * no tick from before this call is received.
   */
  public void stop() {
    lock.lock();
    try {
      disarm();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Restarts ticking with a new {@code period}: the next tick is one {@code period} from now,
   * whether the ticker was ticking or stopped (Go's {@code Ticker.Reset}). Afterwards no tick from
   * before this call is received.
   *
   * @param period the time between ticks
   * @throws IllegalArgumentException if {@code period} is zero or negative
   * @throws NullPointerException if {@code period} is null
   */
  public void reset(Duration period) {
    checkPeriod(period);
    lock.lock();
    try {
      disarm();
      arm(period);
    } finally {
      lock.unlock();
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Ticker[period=" + period + (armed == null ? ", stopped" : "") + ", " + clock + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  private static void checkPeriod(Duration period) {
    Objects.requireNonNull(period, "Ticker: period is null");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException("Ticker: period must be > 0, was " + period);
    }
  }

  /** With the lock held: the ticker is disarmed and its channel empty. */
  private void arm(Duration p) {
    period = p;
    periodNanos = Timeouts.nanos(p);
    base = clock.nanoTime();
    nextOffset = periodNanos;
    long gen = generation;
    armed = clock.schedule(p, () -> tick(gen));
  }

  /** With the lock held. */
  private void disarm() {
    generation++;
    if (armed != null) {
      armed.cancel(); // if the tick already started, the generation check suppresses it
      armed = null;
    }
    channel.tryReceive(); // discard a waiting tick
  }

  /** Run by the clock at (or after) {@code base + nextOffset}. */
  private void tick(long gen) {
    lock.lock();
    try {
      if (gen != generation || armed == null) return; // stopped or reset meanwhile
      channel.trySend(clock.now()); // dropped if a tick is already waiting
      long elapsed = clock.nanoTime() - base;
      long next = saturatedAdd(nextOffset, periodNanos);
      if (next <= elapsed) { // fell behind by whole periods: skip the missed ticks
        long missed = (elapsed - next) / periodNanos + 1;
        next = saturatedAdd(next, saturatedMultiply(missed, periodNanos));
      }
      nextOffset = next;
      armed = clock.schedule(Duration.ofNanos(next - elapsed), () -> tick(gen));
    } finally {
      lock.unlock();
    }
  }

  private static long saturatedAdd(long a, long b) { // a, b >= 0
    long r = a + b;
    return r < 0 ? Long.MAX_VALUE : r;
  }

  private static long saturatedMultiply(long a, long b) { // a, b >= 0
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
  }
}
