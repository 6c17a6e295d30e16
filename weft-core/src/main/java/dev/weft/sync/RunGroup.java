package dev.weft.sync;

import dev.weft.chan.Channel;
import dev.weft.chan.Select;
import dev.weft.chan.Timer;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ThreadRegistry;
import dev.weft.task.ContextTask;
import dev.weft.task.ThrowingConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a set of long-lived actors (a server, a consumer, a metrics loop) until the first one
 * exits, then stops the others and waits for them: the run group of Go's {@code oklog/run}, with
 * restarts.
 *
 * <p><b>Mental model.</b> An actor is a {@link ContextTask} that runs until its context is done,
 * and optionally an <i>interrupt</i> that makes it return by other means (closing a listening
 * socket, say). {@link #run()} starts every actor in its own weft virtual thread and waits. The
 * first actor to exit, by returning or by throwing, stops the group: the group's {@link
 * #context()} is cancelled, every actor's interrupt is called (as in {@code oklog/run}, also the
 * one that exited), and {@code run} waits until every actor has returned. The group's context is
 * also the way to stop it from outside: cancelling its parent (for example a {@link
 * dev.weft.context.SignalContext} on SIGTERM) stops the group the same way.
 *
 * <pre>{@code
 * try (SignalContext shutdown = SignalContext.notifyShutdown(Context.background())) {
 *   RunGroup group = RunGroup.withContext(shutdown.context());
 *   group.add("http", ctx -> server.serve(ctx));
 *   group.add("accept", ctx -> acceptLoop(socket), cause -> socket.close());
 *   group.addRestartable("poller", ctx -> poll(ctx), RestartPolicy.defaults());
 *   group.run();   // throws ExecutionException if an actor failed
 * }
 * }</pre>
 *
 * <p><b>Errors.</b> The first failure wins: if the first actor to exit threw, {@code run} throws an
 * {@link ExecutionException} with that exception as cause; otherwise the first failure seen while
 * stopping (an actor or an interrupt that threw) is reported instead. Later failures are {@linkplain
 * Throwable#addSuppressed suppressed} into the first. A {@link ContextCancelledException} or an
 * {@link InterruptedException} thrown once the group's context is done is the echo of the stop,
 * not a failure, and is dropped; so a group stopped from outside, whose actors give up with such
 * exceptions, returns normally.
 *
 * <p><b>Restarts.</b> An actor added by {@link #addRestartable} that throws (anything but the echo
 * of a stop) is run again, in the same thread and with the same context, after the delay its
 * {@link RestartPolicy} gives, at most {@code maxRestarts} times; only the failure that exceeds the
 * limit is its exit. An actor that returns normally has exited, restartable or not. The back-off
 * is slept on the clock of the group's context, so a {@link dev.weft.time.FakeClock} drives it in
 * tests; a stop during the back-off ends the actor at once.
 *
 * <p><b>No interrupts.</b> As in {@link ErrGroup}, stopping does not interrupt the actors' threads:
 * the context, and the interrupts given to {@link #add(String, ContextTask, ThrowingConsumer)}, are
 * the stop signals. An actor that ignores both keeps {@code run} waiting.
 *
 * <p><b>Reuse.</b> A new group has no actors. Actors are added before {@code run}; a group runs
 * once, and its context stays cancelled afterwards.
 *
 * <p><b>Memory consistency effects:</b> actions before {@code add} <i>happen-before</i> the actor
 * runs; everything an actor and its interrupt did <i>happens-before</i> {@code run} returns or
 * throws.
 *
 * <p>All methods are thread-safe.
 */
public final class RunGroup {

  /*
   * Implementation notes. Each actor's thread sends one Exit to a channel with a slot per actor,
   * so an exit never blocks. run() selects on that channel and the context's done channel; the
   * first of the two decides the stop cause, and run() then receives the remaining exits. The
   * lock guards only the list of actors and the started flag.
   */

  private record Actor(
      String name, ContextTask<?> task, ThrowingConsumer<? super Throwable> interrupt, RestartPolicy restart) {}

  /** How an actor ended: {@code error} is null if it returned. */
  private record Exit(Actor actor, Throwable error, int restarts) {}

  private final CancelContext ctx;
  private final ReentrantLock lock = new ReentrantLock();
  private final List<Actor> actors = new ArrayList<>(); // guarded by lock
  private boolean started; // guarded by lock

  /** A new group with no actors whose context is a child of {@link Context#background()}. */
  public RunGroup() {
    this(Context.background());
  }

  private RunGroup(Context parent) {
    this.ctx = Context.withCancel(parent);
  }

  /**
   * A new group with no actors whose {@link #context()} is a child of {@code parent}: when {@code
   * parent} is done, the group stops.
   *
   * @param parent the parent of the group's context
   * @return a new group
   * @throws NullPointerException if {@code parent} is null
   */
  public static RunGroup withContext(Context parent) {
    return new RunGroup(Objects.requireNonNull(parent, "RunGroup: parent context is null"));
  }

  /**
   * The group's context, which every actor receives: cancelled when the group stops, with the stop's
   * cause as its {@linkplain Context#cause() cause} (the first actor's failure, a {@link
   * CancellationException} naming an actor that returned, or the parent's cause).
   *
   * @return the group's context
   */
  public Context context() {
    return ctx;
  }

  /**
   * Adds an actor that stops when its context is done.
   *
   * @param name the actor's name, for messages and its thread's name
   * @param task what the actor runs; it receives the group's context
   * @return this group
   * @throws IllegalStateException if the group has been run
   * @throws NullPointerException if an argument is null
   */
  public RunGroup add(String name, ContextTask<?> task) {
    return add0(name, task, null, null);
  }

  /**
   * Adds an actor with an interrupt: when the group stops, {@code interrupt} is called with the stop's
   * cause on the thread that called {@link #run()}, after the group's context is cancelled (Go's
   * {@code run.Group.Add(execute, interrupt)}). It should make {@code task} return, and must not
   * wait for it.
   *
   * @param name the actor's name, for messages and its thread's name
   * @param task what the actor runs; it receives the group's context
   * @param interrupt makes {@code task} return; a failure is reported like an actor's
   * @return this group
   * @throws IllegalStateException if the group has been run
   * @throws NullPointerException if an argument is null
   */
  public RunGroup add(String name, ContextTask<?> task, ThrowingConsumer<? super Throwable> interrupt) {
    return add0(name, task, Objects.requireNonNull(interrupt, "RunGroup: interrupt is null"), null);
  }

  /**
   * Adds an actor that is run again after a failure, as {@code policy} says; see the class
   * documentation.
   *
   * @param name the actor's name, for messages and its thread's name
   * @param task what the actor runs; it receives the group's context
   * @param policy the back-off between restarts and their limit
   * @return this group
   * @throws IllegalStateException if the group has been run
   * @throws NullPointerException if an argument is null
   */
  public RunGroup addRestartable(String name, ContextTask<?> task, RestartPolicy policy) {
    return add0(name, task, null, Objects.requireNonNull(policy, "RunGroup: restart policy is null"));
  }

  private RunGroup add0(
      String name, ContextTask<?> task, ThrowingConsumer<? super Throwable> interrupt, RestartPolicy restart) {
    Objects.requireNonNull(name, "RunGroup: name is null");
    Objects.requireNonNull(task, "RunGroup: task is null");
    lock.lock();
    try {
      if (started) throw new IllegalStateException("RunGroup: cannot add actor '" + name + "': the group has been run");
      actors.add(new Actor(name, task, interrupt, restart));
    } finally {
      lock.unlock();
    }
    return this;
  }

  /**
   * Starts every actor, waits until the first one exits or the group's context is done, stops the
   * others and waits until all have returned.
   *
   * <p>An interrupt while waiting for the first exit stops the group too (with the {@link
   * InterruptedException} as the stop's cause): {@code run} then still waits for every actor to
   * return, ignoring further interrupts, and throws {@code InterruptedException}. An interrupt that
   * arrives while the group is stopping is kept: the interrupt status is set when {@code run}
   * returns or throws.
   *
   * @throws ExecutionException if an actor or an interrupt failed: the cause is the first failure,
   *     later ones suppressed in it; the message names the actor
   * @throws InterruptedException if interrupted on entry (then nothing was started and the group
   *     may still be run) or while waiting for the first exit (then every actor has returned)
   * @throws IllegalStateException if the group has no actors or has been run
   */
  public void run() throws InterruptedException, ExecutionException {
    List<Actor> all;
    lock.lock();
    try {
      if (Thread.interrupted()) throw new InterruptedException();
      if (actors.isEmpty()) throw new IllegalStateException("RunGroup: no actors");
      if (started) throw new IllegalStateException("RunGroup: the group has been run");
      started = true;
      all = List.copyOf(actors);
    } finally {
      lock.unlock();
    }
    Channel<Exit> exits = Channel.buffered(all.size());
    for (Actor a : all) {
      ThreadRegistry.start("run-" + a.name(), () -> exits.trySend(runActor(a)));
    }
    Exit first = null;
    InterruptedException interrupted = null;
    try {
      first = new Select<Exit>().onReceive(exits, e -> e).onDone(ctx, () -> null).select();
    } catch (InterruptedException e) {
      interrupted = e;
    }
    // A first exit that is the echo of a parent done meanwhile is no failure: the parent stopped us.
    if (first != null && first.error() != null && ctx.isDone() && isEcho(first.error())) first = new Exit(first.actor(), null, first.restarts());
    Throwable cause;
    if (ctx.isDone()) {
      cause = ctx.cause().orElseThrow(); // the parent was done first
    } else if (first != null) {
      cause = first.error() != null ? first.error() : new CancellationException("RunGroup: actor '" + first.actor().name() + "' returned");
    } else {
      cause = Objects.requireNonNull(interrupted);
    }
    ctx.cancel(cause);
    Failures failures = new Failures();
    if (first != null) failures.exit(first);
    for (Actor a : all) {
      if (a.interrupt() == null) continue;
      try {
        a.interrupt().accept(cause);
      } catch (Throwable t) {
        failures.add("RunGroup: interrupt of actor '" + a.name() + "' failed", t);
      }
    }
    boolean interruptedWhileStopping = false;
    for (int left = first == null ? all.size() : all.size() - 1; left > 0; ) {
      try {
        failures.exit(exits.receive());
        left--;
      } catch (InterruptedException e) {
        interruptedWhileStopping = true;
      }
    }
    if (interrupted != null) {
      if (interruptedWhileStopping) interrupted.addSuppressed(new InterruptedException("interrupted again while stopping"));
      throw interrupted;
    }
    if (interruptedWhileStopping) Thread.currentThread().interrupt();
    failures.throwFirst();
  }

  /** Runs {@code a}, restarting it as its policy says; returns how it ended. Never throws. */
  private Exit runActor(Actor a) {
    int restarts = 0;
    while (true) {
      try {
        a.task().call(ctx);
        return new Exit(a, null, restarts);
      } catch (Throwable t) {
        RestartPolicy p = a.restart();
        if (p == null || restarts >= p.maxRestarts() || isEcho(t)) return new Exit(a, t, restarts);
        try {
          Timer.sleep(ctx.clock(), p.backoff().delay(restarts), ctx);
        } catch (ContextCancelledException | InterruptedException stopped) {
          stopped.addSuppressed(t);
          return new Exit(a, stopped, restarts);
        }
        restarts++;
      }
    }
  }

  /** Whether {@code t} is how an actor gives up once the group is stopping. */
  private boolean isEcho(Throwable t) {
    return (t instanceof ContextCancelledException || t instanceof InterruptedException) && ctx.isDone();
  }

  /** The first failure and its message; later ones suppressed into it. Used by run()'s thread. */
  private final class Failures {
    private Throwable first;
    private String message;

    void exit(Exit e) {
      if (e.error() == null || isEcho(e.error())) return;
      String m = "RunGroup: actor '" + e.actor().name() + "' failed";
      add(e.restarts() > 0 ? m + " after " + e.restarts() + " restarts" : m, e.error());
    }

    void add(String m, Throwable t) {
      if (first == null) {
        first = t;
        message = m;
      } else if (t != first) {
        first.addSuppressed(t);
      }
    }

    void throwFirst() throws ExecutionException {
      if (first != null) throw new ExecutionException(message, first);
    }
  }

  @Override
  public String toString() {
    lock.lock();
    try {
      return "RunGroup[" + actors.size() + " actors" + (started ? ", run" : "") + (ctx.isDone() ? ", stopped" : "") + "]";
    } finally {
      lock.unlock();
    }
  }
}
