package dev.weft.chan;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ThreadRegistry;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A single event in the future: Go's {@code time.Timer}, with the semantics of Go 1.23.
 *
 * <p><b>Mental model.</b> {@link #start(Duration)} arms a timer; when the duration has elapsed on
 * its {@link Clock} it <i>fires</i>: it delivers the clock's {@link Clock#now() now()} on {@link
 * #channel()}, once. {@link #stop()} disarms it and {@link #reset(Duration)} re-arms it, also
 * after it fired, so one timer can be reused. A timer from {@link #afterFunc} instead runs a
 * function in its own weft virtual thread and has no channel.
 *
 * <pre>{@code
 * Timer idle = Timer.start(Duration.ofSeconds(30));
 * while (true) {
 *   boolean timedOut = new Select<Boolean>()
 *       .onReceive(requests, r -> { handle(r); return false; })
 *       .onReceive(idle.channel(), t -> true)
 *       .select();
 *   if (timedOut) break;
 *   idle.reset(Duration.ofSeconds(30));       // no stale expiry can follow
 * }
 * }</pre>
 *
 * <p><b>No stale values (Go 1.23).</b> Once {@link #stop()} or {@link #reset(Duration)} has
 * returned, no value from before the call is ever received from {@link #channel()}: a value
 * waiting in the channel is discarded, and a firing that races with the call is suppressed. So,
 * unlike Go before 1.23, there is no need to drain the channel before {@code reset}. The channel
 * holds at most one value; a value not yet received counts as not yet delivered, which is why
 * {@code stop()} returns {@code true} when it discards one. (Go 1.23 also reports {@code
 * cap(t.C) == 0}; here {@link ReceiveChannel#cap()} is 1.) The channel is never closed.
 *
 * <p><b>Zero and negative durations</b> fire at once, on the calling thread, before {@code start}
 * or {@code reset} returns (for {@code afterFunc}: the function's thread is started at once).
 *
 * <p><b>Threads.</b> Timers cost no thread while armed: the clock's timer thread (for the system
 * clock, one shared daemon thread named {@code weft-timer}; for a {@link
 * dev.weft.time.FakeClock}, the advancing thread) delivers the value. An {@code afterFunc} function runs in a virtual thread started by
 * weft, visible to the leak detector until it returns.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before {@link #start}, {@link #reset}
 * or {@link #afterFunc} <i>happen-before</i> the receipt of the value that call armed, or the
 * start of the function it armed. Actions before the firing happen-before a {@link #stop()} or
 * {@link #reset} that returns {@code false} because the timer had fired.
 *
 * <p>All methods are thread-safe.
 *
 * <p><b>Next to {@link java.util.Timer}.</b> The name is Go's, so it clashes with the JDK's
 * (and Swing's). In a file that needs both, import this one and qualify the JDK's:
 *
 * <pre>{@code
 * import dev.weft.chan.Timer;
 * java.util.Timer legacy = new java.util.Timer("legacy", true);
 * }</pre>
 */
public final class Timer {

  /*
   * Implementation notes. Invariants, all under `lock`:
   *  - `armed != null` iff the timer is armed; `armed` is the clock's handle for firing with the
   *    generation current when it was scheduled.
   *  - `generation` changes on every stop/reset; a firing whose generation is stale does nothing.
   *    Together with draining the channel's single slot in stop/reset, this is Go 1.23's `seq`
   *    check plus `timerchandrain`: a value prepared before the call is either discarded or never
   *    sent.
   *  - The channel (capacity 1) holds at most one value: a value is sent only by a firing of the
   *    current generation, which disarms, and arming again happens only after a drain.
   * Lock order: timer lock, then the channel's lock or the clock's. The clock runs firings without
   * its own locks, so a firing blocked on the timer lock cannot deadlock with stop/reset.
   */

  private final Clock clock;
  private final Channel<Instant> channel; // null for afterFunc timers
  private final Runnable func; // non-null for afterFunc timers
  private final ReentrantLock lock = new ReentrantLock();
  private long generation; // guarded by lock
  private Scheduled armed; // guarded by lock

  private Timer(Clock clock, Runnable func) {
    this.clock = clock;
    this.func = func;
    this.channel = func == null ? Channel.buffered(1) : null;
  }

  /**
   * A new timer on the system clock that fires after {@code duration} (Go's {@code
   * time.NewTimer}).
   *
   * @param duration how long until the timer fires
   * @return a new timer on the system clock that fires after {@code duration} (Go's {@code
   *     time.NewTimer})
   * @throws NullPointerException if {@code duration} is null
   */
  public static Timer start(Duration duration) {
    return start(Clock.system(), duration);
  }

  /**
   * A new timer on {@code clock} that fires after {@code duration}.
   *
   * @param clock the clock that measures time
   * @param duration how long until the timer fires
   * @return a new timer on {@code clock} that fires after {@code duration}
   * @throws NullPointerException if an argument is null
   */
  public static Timer start(Clock clock, Duration duration) {
    Objects.requireNonNull(clock, "Timer: clock is null");
    Objects.requireNonNull(duration, "Timer: duration is null");
    return armNew(new Timer(clock, null), duration);
  }

  /**
   * A channel that receives the current time after {@code duration} (Go's {@code time.After}):
   * the channel of a new timer nobody can stop. An unreceived value is garbage once the channel
   * is unreachable.
   *
   * @param duration how long until the timer fires
   * @return a channel that receives the current time after {@code duration} (Go's {@code
   *     time.After}): the channel of a new timer nobody can stop
   * @throws NullPointerException if {@code duration} is null
   */
  public static ReceiveChannel<Instant> after(Duration duration) {
    return start(duration).channel();
  }

  /**
   * Like {@link #after(Duration)}, on {@code clock}.
   *
   * @param clock the clock that measures time
   * @param duration how long until the timer fires
   * @return a channel that receives the time when the duration has passed
   * @throws NullPointerException if an argument is null
   */
  public static ReceiveChannel<Instant> after(Clock clock, Duration duration) {
    return start(clock, duration).channel();
  }

  /**
   * A new timer on the system clock that, after {@code duration}, runs {@code function} in a new
   * weft virtual thread (Go's {@code time.AfterFunc}). Its {@link #channel()} never delivers.
   *
   * @param duration how long until the timer fires
   * @param function what to run, on a new virtual thread, when the timer fires
   * @return a new timer on the system clock that, after {@code duration}, runs {@code function} in
   *     a new weft virtual thread (Go's {@code time.AfterFunc})
   * @throws NullPointerException if an argument is null
   */
  public static Timer afterFunc(Duration duration, Runnable function) {
    return afterFunc(Clock.system(), duration, function);
  }

  /**
   * Like {@link #afterFunc(Duration, Runnable)}, on {@code clock}.
   *
   * @param clock the clock that measures time
   * @param duration how long until the timer fires
   * @param function what to run, on a new virtual thread, when the timer fires
   * @return the new timer
   * @throws NullPointerException if an argument is null
   */
  public static Timer afterFunc(Clock clock, Duration duration, Runnable function) {
    Objects.requireNonNull(clock, "Timer: clock is null");
    Objects.requireNonNull(duration, "Timer: duration is null");
    Objects.requireNonNull(function, "Timer: function is null");
    return armNew(new Timer(clock, function), duration);
  }

  /**
   * Blocks the calling thread until {@code duration} has elapsed on the system clock or {@code
   * ctx} is done, whichever comes first: Go's {@code select} on {@code time.After(d)} and {@code
   * ctx.Done()}.
   *
   * @param duration how long to sleep
   * @param ctx the context; the sleep ends early when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or before the time elapsed
   * @throws InterruptedException if the thread is interrupted on entry or while waiting
   * @throws NullPointerException if an argument is null
   */
  public static void sleep(Duration duration, Context ctx) throws InterruptedException {
    sleep(Clock.system(), duration, ctx);
  }

  /**
   * Like {@link #sleep(Duration, Context)}, on {@code clock}: a {@link dev.weft.time.FakeClock}
   * sleeper wakes when the clock is advanced past {@code duration}. The timer it waits on is
   * stopped when the sleep ends early, so an abandoned sleep leaves nothing scheduled. A zero or
   * negative duration returns at once unless {@code ctx} is already done.
   *
   * @param clock the clock the duration is measured on
   * @param duration how long to sleep
   * @param ctx the context; the sleep ends early when it is done
   * @throws ContextCancelledException if {@code ctx} is done on entry or before the time elapsed
   * @throws InterruptedException if the thread is interrupted on entry or while waiting
   * @throws NullPointerException if an argument is null
   */
  public static void sleep(Clock clock, Duration duration, Context ctx)
      throws InterruptedException {
    Objects.requireNonNull(clock, "Timer: clock is null");
    Objects.requireNonNull(duration, "Timer: duration is null");
    Objects.requireNonNull(ctx, "Timer: context is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    Timer timer = start(clock, duration);
    try {
      boolean elapsed =
          new Select<Boolean>()
              .onReceive(timer.channel(), t -> true)
              .onDone(ctx, () -> false)
              .select();
      if (!elapsed) ctx.throwIfDone();
    } finally {
      timer.stop();
    }
  }

  /**
   * The channel on which the firing time is delivered, once per arming. For a timer from {@link
   * #afterFunc} this is {@link Channel#nil()}: it never delivers (Go's nil {@code C}).
   *
   * @return the channel on which the firing time is delivered, once per arming
   */
  public ReceiveChannel<Instant> channel() {
    return channel != null ? channel : Channel.nil();
  }

  /**
   * Disarms the timer (Go's {@code Timer.Stop}). Does not close the channel. Afterwards no value
   * from before this call is received and no function armed before it starts.
   *
   * @return {@code true} if this call stopped the timer before its value was received: it was
   *     armed, or it had fired but the value was still unreceived (the value is discarded). For an
   *     {@code afterFunc} timer, {@code true} only if it prevented the function from starting.
   *     {@code false} if it had fired and the value was received (or the function started), or it
   *     was already stopped.
   */
  public boolean stop() {
    lock.lock();
    try {
      return disarm();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Re-arms the timer to fire {@code duration} from now, whether it was armed, stopped or had
   * fired (Go's {@code Timer.Reset}). As with {@link #stop()}, no value from before this call is
   * received after it; the next value is the one this call arms.
   *
   * @param duration how long until the timer fires
   * @return {@code true} if the timer was armed or held an unreceived value, as {@link #stop()}
   *     would have returned; for an {@code afterFunc} timer, {@code true} if this call rescheduled
   *     a function that had not started, {@code false} if it schedules it to run again
   * @throws NullPointerException if {@code duration} is null
   */
  public boolean reset(Duration duration) {
    Objects.requireNonNull(duration, "Timer: duration is null");
    lock.lock();
    try {
      boolean wasActive = disarm();
      arm(duration);
      return wasActive;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "Timer[" + (armed != null ? "armed" : "stopped") + (func != null ? ", afterFunc" : "")
          + ", " + clock + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  private static Timer armNew(Timer t, Duration duration) {
    t.lock.lock();
    try {
      t.arm(duration);
    } finally {
      t.lock.unlock();
    }
    return t;
  }

  /** With the lock held: the timer is disarmed and its channel empty. */
  private void arm(Duration duration) {
    if (Timeouts.nanos(duration) <= 0) {
      deliver();
      return;
    }
    long gen = generation;
    armed = clock.schedule(duration, () -> fire(gen));
  }

  /** With the lock held: disarms, drains, and says whether that stopped anything. */
  private boolean disarm() {
    generation++;
    boolean wasActive = false;
    if (armed != null) {
      armed.cancel(); // if the firing already started, the generation check suppresses it
      armed = null;
      wasActive = true;
    }
    if (channel != null && channel.tryReceive().isValue()) wasActive = true;
    return wasActive;
  }

  /** Run by the clock. */
  private void fire(long gen) {
    lock.lock();
    try {
      if (gen != generation || armed == null) return; // stopped or reset meanwhile
      armed = null;
      deliver();
    } finally {
      lock.unlock();
    }
  }

  /** With the lock held. */
  private void deliver() {
    if (channel != null) {
      channel.trySend(clock.now()); // never full: see the invariants
    } else {
      ThreadRegistry.start("timer-func", func);
    }
  }
}
