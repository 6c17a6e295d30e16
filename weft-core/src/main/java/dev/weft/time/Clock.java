package dev.weft.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A source of time and of delayed actions, injected wherever weft's behaviour depends on time
 * (context deadlines, timers, tickers, back-off), so that tests can use a {@link FakeClock}
 * instead of sleeping.
 *
 * <p>{@link #nanoTime()} is monotonic and measures elapsed time; {@link #now()} is wall-clock time
 * used to express deadlines. For the {@linkplain #system() system clock} they are
 * {@link System#nanoTime()} and {@link Instant#now()}; a fake clock moves both only when told to.
 *
 * <p>Actions given to {@link #schedule} run on a thread owned by the clock and must not block:
 * they are expected to do things like closing a channel, offering to a buffered channel or
 * cancelling a context. Long work should start its own thread.
 *
 * <p>Implementations are thread-safe.
 *
 * <p><b>Next to {@link java.time.Clock}.</b> The name clashes with the JDK's wall-clock source.
 * In a file that needs both, import this one and qualify the JDK's:
 *
 * <pre>{@code
 * import dev.weft.time.Clock;
 * java.time.Clock utc = java.time.Clock.systemUTC();
 * }</pre>
 */
public interface Clock {

  /**
   * The system clock: {@link System#nanoTime()}, {@link Instant#now()}, one shared timer thread.
   *
   * @return the system clock: {@link System#nanoTime()}, {@link Instant#now()}, one shared timer
   *     thread
   */
  static Clock system() {
    return SystemClock.INSTANCE;
  }

  /**
   * Monotonic time in nanoseconds, for measuring elapsed time only.
   *
   * @return monotonic time in nanoseconds, for measuring elapsed time only
   */
  long nanoTime();

  /**
   * The current wall-clock instant.
   *
   * @return the current wall-clock instant
   */
  Instant now();

  /**
   * Runs {@code action} once, {@code delay} from now, on the clock's timer thread. A zero or
   * negative delay runs it as soon as possible (never on the calling thread).
   *
   * @param delay how long from now
   * @param action what to run when the delay has passed
   * @return a handle whose {@link Scheduled#cancel()} prevents the action if it has not started
   * @throws NullPointerException if an argument is null
   */
  Scheduled schedule(Duration delay, Runnable action);

  /**
   * Runs {@code action} once, when this clock reaches {@code at}, on the clock's timer thread. An
   * instant that has passed runs it as soon as possible (never on the calling thread).
   *
   * <p>Unlike {@code schedule(Duration.between(now(), at), action)}, the clock is read and the
   * action placed in one step: a clock that another thread moves between a reading and the
   * scheduling (a {@link FakeClock} advanced by a test) cannot put the action late. The default
   * reads {@link #now()} and calls {@link #schedule}, which is exact for a clock that moves only
   * with real time; {@link FakeClock} places the action atomically.
   *
   * @param at when to run the action
   * @param action what to run when the clock reaches {@code at}
   * @return a handle whose {@link Scheduled#cancel()} prevents the action if it has not started
   * @throws NullPointerException if an argument is null
   */
  default Scheduled scheduleAt(Instant at, Runnable action) {
    Objects.requireNonNull(at, "Clock: at is null");
    Objects.requireNonNull(action, "Clock: action is null");
    Duration delay = Duration.between(now(), at);
    return schedule(delay.isNegative() ? Duration.ZERO : delay, action);
  }

  /**
   * Blocks the calling thread until {@code duration} has elapsed on this clock. To also wake when
   * a context is done, use {@code dev.weft.chan.Timer.sleep(Clock, Duration, Context)}.
   *
   * @param duration how long to sleep
   * @throws InterruptedException if the thread is interrupted on entry or while waiting
   * @throws NullPointerException if {@code duration} is null
   */
  void sleep(Duration duration) throws InterruptedException;
}
