package dev.weft.resilience.throttle;

import dev.weft.context.Context;
import dev.weft.task.ThrowingConsumer;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Calls a callback once a burst of events has gone quiet: a search box that queries when the user
 * stops typing, a file watcher that rebuilds once the writes settle.
 *
 * <p><b>Mental model.</b> A <i>burst</i> begins with an event when none is in progress and ends once
 * no event has come for {@link DebounceConfig#quietPeriod() quiet period}. With {@link Edge#TRAILING} (the
 * default) the callback gets the burst's latest value when it ends; with {@link Edge#LEADING} it
 * gets the first value at once and the rest of the burst is ignored; with {@link Edge#BOTH} it gets
 * the first value at once and, if more events came, the latest one at the end. With a {@link
 * DebounceConfig#maxWait() maxWait}, a steady stream that never pauses still makes a call at least
 * every {@code maxWait}, with the latest value, counted from the start of the burst or the last call
 * (for {@code LEADING}: the first event after {@code maxWait} counts as the start of a new burst).
 * This is the behaviour of lodash's {@code debounce} and its options.
 *
 * <pre>{@code
 * try (Debouncer<String> search = Debouncer.create(Duration.ofMillis(300), q -> index.query(q))) {
 *   keystrokes.forEach(search::submit);      // one query, 300 ms after the last keystroke
 * }
 * }</pre>
 *
 * <p><b>The callback</b> runs on a virtual thread that weft starts and tracks (the leak detector
 * sees it until it ends), never on the thread that calls {@link #submit} and never on the clock's
 * timer thread. It never runs twice at once. If a call is due while the callback still runs, it
 * waits until the callback returns; calls due meanwhile are merged into the latest, so the
 * callback never falls behind by more than one call. When nothing is due the thread ends; the
 * next call starts a new one. An exception (or error other than a {@link VirtualMachineError})
 * thrown by the callback goes to the error handler given to {@link #create(DebounceConfig,
 * ThrowingConsumer, Consumer)}, by default a {@code WARNING} with the stack on the {@link
 * System.Logger} named {@code "dev.weft.resilience.throttle"}, and the debouncer goes on.
 *
 * <p><b>Lifecycle.</b> {@link #flush()} makes the pending trailing call now and ends the burst;
 * {@link #cancel()} drops it (and a call waiting for the running callback) and ends the burst.
 * {@link #close()} refuses further events and <i>makes the pending trailing call at once</i>, as a
 * closed channel still delivers its buffered values; to drop it instead, call {@code cancel()}
 * before {@code close()}. A closed debouncer cannot be reopened. {@link #awaitIdle(Context)} waits
 * until the callback has returned and none is due, for an orderly shutdown.
 *
 * <p><b>Time</b> is read from the configuration's {@link dev.weft.time.Clock}, so tests use a
 * {@link dev.weft.time.FakeClock}: calls at the trailing edge or after {@code maxWait} become due
 * when the clock is advanced to their time.
 *
 * <p><b>Fairness and cost.</b> {@link #submit} never blocks on the callback; it takes a short
 * lock (submitters are served in no particular order), reads the clock and writes a few fields. It
 * allocates only to schedule its clock action (at most about once per quiet period, however many
 * events come) and to start a callback thread when none is alive.
 *
 * <p><b>Memory per instance:</b> constant, whatever the rate of events: the configuration, a few
 * fields of state, a reference to the latest pending value and to at most one value waiting for the
 * callback, at most one scheduled clock action (while a burst is in progress) and, only while a call
 * is running or due, one virtual thread.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a value
 * <i>happen-before</i> the callback's call with that value (or a later one), and each call of the
 * callback happens-before the next. Actions of the callback happen-before {@link #awaitIdle}
 * returns.
 *
 * <p>All methods are thread-safe.
 *
 * @param <T> the type of the events; never {@code null}
 */
public final class Debouncer<T> implements AutoCloseable {

  private final DebounceConfig config;
  private final Engine<T> engine;

  private Debouncer(
      DebounceConfig config, ThrowingConsumer<? super T> callback, Consumer<? super Throwable> onError) {
    this.config = Objects.requireNonNull(config, "Debouncer: config is null");
    this.engine =
        new Engine<>("Debouncer", new DebounceShape<>(config), config.clock(), callback, onError);
  }

  /**
   * A new trailing-edge debouncer on the system clock that calls {@code callback} once events have
   * been quiet for {@code wait}.
   *
   * @param <T> the type of the events
   * @param wait how long a burst must be quiet before the call
   * @param callback what to call with the burst's latest value
   * @return the new debouncer, open, with nothing pending
   * @throws IllegalArgumentException if {@code wait} is not positive
   * @throws NullPointerException if an argument is null
   */
  public static <T> Debouncer<T> create(Duration wait, ThrowingConsumer<? super T> callback) {
    return create(DebounceConfig.of(wait), callback);
  }

  /**
   * A new debouncer with the given configuration; callback failures are logged.
   *
   * @param <T> the type of the events
   * @param config the quiet period, maximum wait, edges and clock
   * @param callback what to call
   * @return the new debouncer, open, with nothing pending
   * @throws NullPointerException if an argument is null
   */
  public static <T> Debouncer<T> create(DebounceConfig config, ThrowingConsumer<? super T> callback) {
    return create(config, callback, e -> Engine.log("Debouncer", e));
  }

  /**
   * A new debouncer with the given configuration whose callback failures go to {@code onError}
   * (on the callback's thread; if {@code onError} throws, both are logged).
   *
   * @param <T> the type of the events
   * @param config the quiet period, maximum wait, edges and clock
   * @param callback what to call
   * @param onError receives what the callback throws
   * @return the new debouncer, open, with nothing pending
   * @throws NullPointerException if an argument is null
   */
  public static <T> Debouncer<T> create(
      DebounceConfig config,
      ThrowingConsumer<? super T> callback,
      Consumer<? super Throwable> onError) {
    return new Debouncer<>(config, callback, onError);
  }

  /**
   * Records an event. Never blocks and never runs the callback on this thread; with a leading
   * edge the call it makes starts on the callback thread.
   *
   * @param value the event's value; the callback gets the latest one
   * @throws IllegalStateException if the debouncer is closed
   * @throws NullPointerException if {@code value} is null
   */
  public void submit(T value) {
    engine.submit(value);
  }

  /**
   * Makes the pending trailing call now, if there is one, and ends the burst: the next event begins
   * a new one. Without a pending call, does nothing.
   *
   * @return whether a call was made
   */
  public boolean flush() {
    return engine.flush();
  }

  /**
   * Drops the pending trailing call and a call waiting for the running callback, if any, and ends
   * the burst. A callback already running is not interrupted.
   *
   * @return whether a call was dropped
   */
  public boolean cancel() {
    return engine.cancel();
  }

  /**
   * Whether a trailing call is pending: events came that the callback has not been called for.
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
   * @return whether the debouncer is closed
   */
  public boolean isClosed() {
    return engine.isClosed();
  }

  /**
   * The configuration this debouncer was created with.
   *
   * @return the configuration
   */
  public DebounceConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return engine.toString();
  }
}
