package dev.weft.resilience.throttle;

import dev.weft.context.Context;
import dev.weft.task.ThrowingConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Calls a callback at most once per interval however often events come: a progress display that
 * redraws at most ten times a second, a position update sent at most once a second.
 *
 * <p><b>Mental model.</b> An event when no interval is running is delivered at once (the leading
 * call) and starts an {@link ThrottleConfig#interval() interval}. Events during the interval are
 * not delivered then; with {@link ThrottleConfig#trailing() trailing} (the default) the latest of
 * them is delivered when the interval ends (the trailing call), which starts the next interval;
 * without it they are dropped. So calls are at least one interval apart, and with the trailing call
 * the last event is never lost, only delayed by at most one interval.
 *
 * <pre>{@code
 * try (Throttler<Progress> redraw = Throttler.create(Duration.ofMillis(100), screen::show)) {
 *   for (Chunk c : download) redraw.submit(progress(c));   // at most 10 redraws a second
 * }
 * }</pre>
 *
 * <p><b>The callback</b> runs as for a {@link Debouncer}: on a tracked virtual thread weft starts,
 * never on the submitting thread or the clock's thread, never twice at once; a call due while the
 * callback still runs waits for it (merged into the latest if several are due, so a slow callback
 * makes calls rarer, never more frequent); what the callback throws goes to the error handler (by
 * default logged as a {@code WARNING} on the {@link System.Logger} named {@code
 * "dev.weft.resilience.throttle"}) and the throttler goes on.
 *
 * <p><b>Lifecycle.</b> {@link #flush()} makes the pending trailing call now, sooner than the
 * interval would allow, and starts a new interval from now. {@link #cancel()} drops the pending
 * call (and a call waiting for the running callback) but not the interval: the next event still
 * waits for its end. {@link #close()} refuses further events and <i>makes the pending trailing call
 * at once</i>, even if sooner than the interval allows (no call can follow it); call {@code
 * cancel()} first to drop it. A closed throttler cannot be reopened.
 *
 * <p><b>Time</b> is read from the configuration's {@link dev.weft.time.Clock}; with a {@link
 * dev.weft.time.FakeClock} an interval ends when the clock is advanced to its end.
 *
 * <p><b>Fairness and cost.</b> {@link #submit} never blocks on the callback; it takes a short lock
 * (submitters are served in no particular order), reads the clock and writes a few fields. It
 * allocates only to schedule its clock action (once per interval) and to start a callback thread
 * when none is alive.
 *
 * <p><b>Memory per instance:</b> constant, whatever the rate of events: the configuration, a few
 * fields of state, a reference to the latest pending value and to at most one value waiting for the
 * callback, at most one scheduled clock action (while an interval runs) and, only while a call is
 * running or due, one virtual thread.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a value
 * <i>happen-before</i> the callback's call with that value, and each call of the callback
 * happens-before the next. Actions of the callback happen-before {@link #awaitIdle} returns.
 *
 * <p>All methods are thread-safe.
 *
 * @param <T> the type of the events; never {@code null}
 */
public final class Throttler<T> implements AutoCloseable {

  private final ThrottleConfig config;
  private final Engine<T> engine;

  private Throttler(
      ThrottleConfig config, ThrowingConsumer<? super T> callback, Consumer<? super Throwable> onError) {
    this.config = Objects.requireNonNull(config, "Throttler: config is null");
    this.engine =
        new Engine<>("Throttler", new ThrottleShape<>(config), config.clock(), callback, onError);
  }

  /**
   * A new throttler on the system clock, with the trailing call, that calls {@code callback} at
   * most once per {@code interval}.
   *
   * @param <T> the type of the events
   * @param interval the shortest time between two calls
   * @param callback what to call
   * @return the new throttler, open, with no interval running
   * @throws IllegalArgumentException if {@code interval} is not positive
   * @throws NullPointerException if an argument is null
   */
  public static <T> Throttler<T> create(Duration interval, ThrowingConsumer<? super T> callback) {
    return create(ThrottleConfig.of(interval), callback);
  }

  /**
   * A new throttler with the given configuration; callback failures are logged.
   *
   * @param <T> the type of the events
   * @param config the interval, the trailing call and the clock
   * @param callback what to call
   * @return the new throttler, open, with no interval running
   * @throws NullPointerException if an argument is null
   */
  public static <T> Throttler<T> create(ThrottleConfig config, ThrowingConsumer<? super T> callback) {
    return create(config, callback, e -> Engine.log("Throttler", e));
  }

  /**
   * A new throttler with the given configuration whose callback failures go to {@code onError} (on
   * the callback's thread; if {@code onError} throws, both are logged).
   *
   * @param <T> the type of the events
   * @param config the interval, the trailing call and the clock
   * @param callback what to call
   * @param onError receives what the callback throws
   * @return the new throttler, open, with no interval running
   * @throws NullPointerException if an argument is null
   */
  public static <T> Throttler<T> create(
      ThrottleConfig config,
      ThrowingConsumer<? super T> callback,
      Consumer<? super Throwable> onError) {
    return new Throttler<>(config, callback, onError);
  }

  /**
   * Records an event: delivers it at once if no interval is running, else keeps it as the pending
   * trailing call (or drops it, without the trailing call). Never blocks and never runs the
   * callback on this thread.
   *
   * @param value the event's value
   * @throws IllegalStateException if the throttler is closed
   * @throws NullPointerException if {@code value} is null
   */
  public void submit(T value) {
    engine.submit(value);
  }

  /**
   * Makes the pending trailing call now, if there is one, and starts a new interval from now.
   * Without a pending call, does nothing.
   *
   * @return whether a call was made
   */
  public boolean flush() {
    return engine.flush();
  }

  /**
   * Drops the pending trailing call and a call waiting for the running callback, if any. The running
   * interval is kept. A callback already running is not interrupted.
   *
   * @return whether a call was dropped
   */
  public boolean cancel() {
    return engine.cancel();
  }

  /**
   * Whether a trailing call is pending.
   *
   * @return whether a trailing call is pending
   */
  public boolean hasPending() {
    return engine.hasPending();
  }

  /**
   * Waits until the callback is not running and no call is waiting for it. After {@link #close()}
   * this means the callback will not be called again. Returns at once if the callback is idle.
   *
   * @param ctx the wait ends early when it is done
   * @throws dev.weft.context.ContextCancelledException if {@code ctx} is done on entry or while
   *     waiting
   * @throws IllegalStateException if called from the callback (it would wait for itself)
   * @throws InterruptedException if the thread is interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public void awaitIdle(Context ctx) throws InterruptedException {
    engine.awaitIdle(ctx);
  }

  /**
   * Refuses further events and makes the pending trailing call at once, if there is one (call
   * {@link #cancel()} first to drop it). Does not wait for the callback: see {@link #awaitIdle}.
   * Idempotent.
   */
  @Override
  public void close() {
    engine.close();
  }

  /**
   * Whether {@link #close()} was called.
   *
   * @return whether the throttler is closed
   */
  public boolean isClosed() {
    return engine.isClosed();
  }

  /**
   * The configuration this throttler was created with.
   *
   * @return the configuration
   */
  public ThrottleConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
