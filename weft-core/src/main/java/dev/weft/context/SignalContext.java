package dev.weft.context;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A context that is cancelled when the JVM begins to shut down (SIGINT, SIGTERM, {@code
 * System.exit}, the last non-daemon thread ending): Go's {@code signal.NotifyContext(ctx,
 * os.Interrupt, syscall.SIGTERM)}, built on {@link Runtime#addShutdownHook} instead of the
 * unsupported {@code sun.misc.Signal}.
 *
 * <pre>{@code
 * try (SignalContext shutdown = SignalContext.notifyShutdown(Context.background())) {
 *   RunGroup group = RunGroup.withContext(shutdown.context());
 *   ...
 *   group.run();   // returns once SIGTERM has stopped every actor
 * }                // close(): lets the JVM finish shutting down
 * }</pre>
 *
 * <p><b>The JVM is already shutting down</b> when the context is cancelled, and unlike in Go
 * nothing can stop that: the signal has been handled by the JVM, not delivered to the program.
 * What that means for the code that reacts to it:
 *
 * <ul>
 *   <li>The JVM halts as soon as every shutdown hook has returned. This class's hook therefore
 *       waits, after cancelling the context, until {@link #close()} is called or the grace period
 *       passes, so that the program can stop its work and flush its output first. Call {@code
 *       close()} (with try-with-resources) once the work is stopped; a grace period shorter than
 *       the platform's own (Kubernetes sends SIGKILL after {@code terminationGracePeriodSeconds})
 *       keeps the exit orderly.
 *   <li>Other shutdown hooks run at the same time, in no defined order: a logging framework may
 *       already have stopped, so prefer {@code System.err} for the last lines.
 *   <li>{@code System.exit} must not be called while the JVM is shutting down: it blocks forever.
 *       New shutdown hooks cannot be added.
 *   <li>Daemon threads, virtual threads included, keep running until the halt; they are not
 *       stopped by the shutdown, only by the context.
 *   <li>{@code kill -9}, {@code Runtime.halt} and a JVM crash run no hooks at all.
 * </ul>
 *
 * <p>The context's {@linkplain Context#cause() cause} is a {@link CancellationException} saying
 * the JVM is shutting down. The context is also cancelled when {@code parent} is done or when
 * {@link #close()} is called.
 *
 * <p><b>Memory consistency effects:</b> as for {@link Context}; actions before {@code close()}
 * <i>happen-before</i> the shutdown hook returns.
 *
 * <p>All methods are thread-safe; {@code close()} is idempotent.
 */
public final class SignalContext implements AutoCloseable {

  /** The grace period of {@link #notifyShutdown(Context)}. */
  public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

  private final CancelContext ctx;
  private final long graceNanos;
  private final Thread hook;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final AtomicBoolean shutdownStarted = new AtomicBoolean();

  private SignalContext(Context parent, Duration grace, boolean install) {
    this.ctx = Context.withCancel(parent);
    long n;
    try {
      n = grace.toNanos();
    } catch (ArithmeticException tooLong) {
      n = Long.MAX_VALUE;
    }
    this.graceNanos = n;
    // A platform thread: the JVM starts it while shutting down and joins it; it must not depend on
    // the virtual-thread scheduler, which shuts down alongside.
    this.hook = Thread.ofPlatform().name("weft-shutdown-signal").unstarted(this::onShutdown);
    if (install) Runtime.getRuntime().addShutdownHook(hook);
  }

  /**
   * A child of {@code parent} that is cancelled when the JVM begins to shut down; the shutdown then
   * waits up to {@link #DEFAULT_GRACE} for {@link #close()}.
   *
   * @param parent the parent context
   * @return a new signal context, with its shutdown hook registered
   * @throws IllegalStateException if the JVM is already shutting down
   * @throws NullPointerException if {@code parent} is null
   */
  public static SignalContext notifyShutdown(Context parent) {
    return notifyShutdown(parent, DEFAULT_GRACE);
  }

  /**
   * A child of {@code parent} that is cancelled when the JVM begins to shut down; the shutdown then
   * waits up to {@code grace} for {@link #close()}.
   *
   * @param parent the parent context
   * @param grace how long the shutdown waits for {@code close()} after cancelling the context;
   *     zero to not wait
   * @return a new signal context, with its shutdown hook registered
   * @throws IllegalArgumentException if {@code grace} is negative
   * @throws IllegalStateException if the JVM is already shutting down
   * @throws NullPointerException if an argument is null
   */
  public static SignalContext notifyShutdown(Context parent, Duration grace) {
    return new SignalContext(check(parent), checkGrace(grace), true);
  }

  /** For tests: the same, without registering the hook; {@link #onShutdown()} stands in for it. */
  static SignalContext unregistered(Context parent, Duration grace) {
    return new SignalContext(check(parent), checkGrace(grace), false);
  }

  private static Context check(Context parent) {
    return Objects.requireNonNull(parent, "SignalContext: parent is null");
  }

  private static Duration checkGrace(Duration grace) {
    Objects.requireNonNull(grace, "SignalContext: grace is null");
    if (grace.isNegative()) throw new IllegalArgumentException("SignalContext: grace is negative: " + grace);
    return grace;
  }

  /**
   * The context that is cancelled when the JVM begins to shut down.
   *
   * @return the context
   */
  public Context context() {
    return ctx;
  }

  /**
   * Whether the JVM began to shut down while this signal context was open.
   *
   * @return whether the shutdown hook has run
   */
  public boolean shutdownStarted() {
    return shutdownStarted.get();
  }

  /**
   * Cancels the context, removes the shutdown hook if the JVM is not shutting down, and otherwise
   * lets the waiting hook return, so that the JVM finishes shutting down. Idempotent.
   */
  @Override
  public void close() {
    ctx.cancel();
    if (closed.getCount() == 0) return;
    closed.countDown();
    if (!shutdownStarted.get()) {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs or will run; it finds the latch open and returns at once
      }
    }
  }

  /** The hook's body: cancels the context and waits for close() up to the grace period. */
  void onShutdown() {
    shutdownStarted.set(true);
    ctx.cancel(new CancellationException("SignalContext: the JVM is shutting down"));
    try {
      closed.await(graceNanos, TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // nobody interrupts a shutdown hook; leave at once
    }
  }

  @Override
  public String toString() {
    return "SignalContext[" + (shutdownStarted() ? "shutting down" : ctx.isDone() ? "closed" : "open") + "]";
  }
}
