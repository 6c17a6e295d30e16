package dev.weft.resilience.throttle;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.Context;
import dev.weft.spi.ThreadRegistry;
import dev.weft.task.ThrowingConsumer;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The machinery shared by {@link Debouncer} and {@link Throttler}: a {@link Shape} driven by
 * submits and clock actions, and the thread that runs the callback.
 *
 * @param <T> the type of the events
 */
final class Engine<T> {

  /*
   * Implementation notes. A lock rather than a CAS on one word: an event updates a value and
   * several times together, and these are not policies on a call's hot path. One lock guards
   * everything below; it is held only for short, non-blocking
   * steps (never while the callback runs), so submit() costs a lock, a clock reading and a few
   * field writes, and allocates nothing while a burst or interval is in progress.
   *
   * Timer: at most one clock action is scheduled, for `timerAt`. It is lazy: when an event moves
   * the shape's due time later, the action is left alone and, when it runs early, it asks the
   * shape (which then does nothing) and re-arms for the new due time. So a burst of n events
   * schedules one action per `wait`, not one per event. `timerToken` changes whenever the action
   * is cancelled or replaced; an action that finds a stale token does nothing (it may already
   * have started when it was cancelled).
   *
   * Callback: if no runner thread is alive, a value to deliver starts one (a tracked virtual
   * thread) with the value in hand; otherwise it goes to `next`. The runner calls the callback
   * with its value, then with `next` until `next` is empty, then ends and closes `idle`. So the
   * callback never runs on a submitting thread or on the clock's thread, and never twice at once.
   * A value due while a call is in hand replaces an undelivered `next`: delivery never falls
   * behind by more than one call, and memory stays constant.
   *
   * Lock order: this lock, then the clock's (schedule/cancel). The clock runs actions without its
   * locks, so an action waiting for this lock cannot deadlock with a submit that schedules.
   */

  private static final System.Logger LOG = System.getLogger("dev.weft.resilience.throttle");

  private final String type; // "Debouncer" or "Throttler", for messages and thread names
  private final Clock clock;
  private final boolean systemClock; // the timer's placement needs no re-check, see arm()
  private final ThrowingConsumer<? super T> callback;
  private final Consumer<? super Throwable> onError;
  private final ReentrantLock lock = new ReentrantLock();
  private final Shape<T> shape; // guarded by lock
  private Scheduled timer; // guarded by lock; null when none is scheduled
  private long timerAt; // guarded by lock; the due time `timer` was scheduled for
  private long timerToken; // guarded by lock
  private boolean closed; // guarded by lock
  private T next; // guarded by lock; the next value for the callback
  private Thread runner; // guarded by lock; the live runner thread, or null
  private Channel<Void> idle; // guarded by lock; closed when `runner` ends; null with it

  Engine(
      String type,
      Shape<T> shape,
      Clock clock,
      ThrowingConsumer<? super T> callback,
      Consumer<? super Throwable> onError) {
    this.type = type;
    this.shape = shape;
    this.clock = clock;
    this.systemClock = clock == Clock.system();
    this.callback = Objects.requireNonNull(callback, type + ": callback is null");
    this.onError = Objects.requireNonNull(onError, type + ": onError is null");
  }

  void submit(T value) {
    Objects.requireNonNull(value, type + ": value is null");
    lock.lock();
    try {
      if (closed) throw new IllegalStateException(type + ": submit after close");
      long now = clock.nanoTime();
      deliver(shape.onEvent(value, now));
      arm();
    } finally {
      lock.unlock();
    }
  }

  boolean flush() {
    lock.lock();
    try {
      long now = clock.nanoTime();
      T v = shape.flush(now);
      deliver(v);
      arm();
      return v != null;
    } finally {
      lock.unlock();
    }
  }

  boolean cancel() {
    lock.lock();
    try {
      boolean dropped = shape.cancel();
      if (next != null) {
        next = null;
        dropped = true;
      }
      arm();
      return dropped;
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      if (closed) return;
      closed = true;
      deliver(shape.flush(clock.nanoTime()));
      shape.cancel(); // ends the burst or interval: nothing is due any more
      disarm();
    } finally {
      lock.unlock();
    }
  }

  boolean isClosed() {
    lock.lock();
    try {
      return closed;
    } finally {
      lock.unlock();
    }
  }

  boolean hasPending() {
    lock.lock();
    try {
      return shape.hasPending();
    } finally {
      lock.unlock();
    }
  }

  void awaitIdle(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, type + ": context is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    while (true) {
      Channel<Void> ch;
      lock.lock();
      try {
        if (runner == Thread.currentThread()) {
          throw new IllegalStateException(type + ": awaitIdle called from the callback");
        }
        ch = idle;
      } finally {
        lock.unlock();
      }
      if (ch == null) return;
      ReceiveResult<Void> r = ch.receiveResult(ctx);
      if (r instanceof ReceiveResult.Cancelled<Void>) ctx.throwIfDone();
      // Closed: that runner ended; another may have started since, so look again.
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return type + "[" + (closed ? "closed" : "open") + (shape.hasPending() ? ", pending" : "")
          + (runner != null ? ", calling" : "") + "]";
    } finally {
      lock.unlock();
    }
  }

  // ---- implementation ----

  /** With the lock held: hands {@code v} (if not null) to the runner, starting one if needed. */
  private void deliver(T v) {
    if (v == null) return;
    if (runner != null) {
      next = v;
      return;
    }
    // The new thread needs this lock before it can end, so the fields are set before it reads them.
    runner = ThreadRegistry.start(type.toLowerCase(Locale.ROOT), () -> runCallbacks(v));
    idle = Channel.unbuffered();
  }

  /**
   * With the lock held: makes the timer match the shape's due time (lazily, see the notes).
   *
   * <p>{@link Clock#schedule} takes a delay, not a time, so the delay comes from a reading taken
   * just before the call, and the reading is taken again after it: if the clock moved in between
   * (another thread advancing a fake clock), the timer may lie past {@code due} and is placed
   * again. The reading the caller made for the shape is older still: the shape's work and starting
   * a runner thread lie between it and this call. The system clock is not read again: it moves all
   * the time, and a timer late by the nanoseconds between two readings is what any timer is.
   */
  private void arm() {
    while (true) {
      long due = shape.due();
      if (due == Shape.NONE) {
        disarm();
        return;
      }
      if (timer != null && timerAt <= due) return; // it will run early and re-arm
      disarm();
      long token = timerToken;
      timerAt = due;
      Runnable action = () -> onTimer(token);
      while (true) {
        long now = clock.nanoTime();
        if (Shape.until(due, now) == 0) {
          // Due already (the clock moved since the shape computed it): do now what the timer
          // would do. A zero-delay timer would wait for a fake clock's next advance.
          timerToken++;
          deliver(shape.onDue(now));
          break; // and arm for what is due next
        }
        Scheduled placed = clock.schedule(Duration.ofNanos(Shape.until(due, now)), action);
        // Kept if the clock stood still, or if it can no longer be cancelled: then it has started,
        // and will find its token current once this lock is free.
        if (systemClock || clock.nanoTime() == now || !placed.cancel()) {
          timer = placed;
          return;
        }
      }
    }
  }

  /** With the lock held. */
  private void disarm() {
    timerToken++;
    if (timer != null) {
      timer.cancel();
      timer = null;
    }
  }

  /** Run by the clock. */
  private void onTimer(long token) {
    lock.lock();
    try {
      if (token != timerToken) return; // cancelled or replaced meanwhile
      timer = null;
      timerToken++;
      long now = clock.nanoTime();
      deliver(shape.onDue(now));
      arm();
    } finally {
      lock.unlock();
    }
  }

  /** The runner thread: calls the callback with {@code first}, then until none is waiting. */
  private void runCallbacks(T first) {
    boolean normal = false;
    T v = first;
    try {
      while (true) {
        try {
          callback.accept(v);
        } catch (VirtualMachineError e) {
          throw e;
        } catch (Exception | Error e) {
          report(e);
        }
        Thread.interrupted(); // an interrupt aimed at one call does not reach the next
        lock.lock();
        try {
          v = next;
          next = null;
          if (v == null) {
            normal = true;
            endRunner();
            return;
          }
        } finally {
          lock.unlock();
        }
      }
    } finally {
      if (!normal) { // a VirtualMachineError: let a later delivery start a new runner
        lock.lock();
        try {
          endRunner();
        } finally {
          lock.unlock();
        }
      }
    }
  }

  /** With the lock held, on the runner thread. */
  private void endRunner() {
    runner = null;
    Channel<Void> ch = idle;
    idle = null;
    ch.close();
  }

  private void report(Throwable e) {
    try {
      onError.accept(e);
    } catch (RuntimeException | Error handlerFailure) {
      e.addSuppressed(handlerFailure);
      log(type, e);
    }
  }

  /** The default error handler: a {@code WARNING} with the full stack. */
  static void log(String type, Throwable e) {
    LOG.log(System.Logger.Level.WARNING, type + ": the callback failed", e);
  }
}
