package dev.weft.resilience.retry;

import dev.weft.chan.Select;
import dev.weft.chan.Timer;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.resilience.Policy;
import dev.weft.task.ContextTask;
import dev.weft.time.Backoff;
import dev.weft.time.Clock;
import java.lang.reflect.UndeclaredThrowableException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A policy that runs a call again when it fails or returns an unwanted result, waiting a back-off
 * delay between attempts, until it succeeds or a limit is reached.
 *
 * <p><b>Mental model.</b> Each call runs the task on the caller's thread, with the caller's
 * context. After an attempt that threw an exception {@link RetryConfig#retryOn()} accepts, or
 * returned a result {@link RetryConfig#retryOnResult()} accepts, the retry takes the next delay of
 * a fresh {@link Backoff.Sequence}, checks the limits, takes a token from the {@link RetryBudget}
 * if there is one, and waits, as {@link Timer#sleep(Clock, Duration, Context)} does, until the delay
 * has passed on its clock since that decision; then it tries again. It stops, returning the last
 * outcome, when:
 *
 * <ul>
 *   <li>the attempt succeeded with a result not to be retried: that result is returned;
 *   <li>the attempt threw something not to be retried: an {@link Error}, an {@link
 *       InterruptedException}, anything once the caller's context is done, or what {@code
 *       retryOn} rejects: it is thrown;
 *   <li>no retry is left (the back-off's attempt limit, {@link RetryConfig#maxElapsed()} counted
 *       from the start of the call including the next delay, or an empty budget): the last
 *       failure is thrown, or, if the last attempt returned a result, a {@link
 *       RetriesExhaustedException} carrying it;
 *   <li>the wait between attempts is interrupted or the caller's context is done: {@link
 *       InterruptedException} or {@link ContextCancelledException}, and the task is not run
 *       again.
 * </ul>
 *
 * <p>The exception thrown carries the failures of the earlier attempts as {@linkplain
 * Throwable#getSuppressed() suppressed} exceptions, oldest first, at most the last {@value
 * #MAX_SUPPRESSED} (a call retried a thousand times does not hold a thousand stack traces).
 *
 * <pre>{@code
 * Retry retry = new Retry(RetryConfig.defaults()
 *     .withMaxAttempts(4)
 *     .withRetryOnResult(r -> r instanceof HttpResponse<?> h && h.statusCode() == 503)
 *     .withBudget(RetryBudget.of(0.2, 10)));
 * HttpResponse<String> r = retry.call(ctx, c -> client.send(request, ofString()));
 * }</pre>
 *
 * <p><b>Interruption.</b> The interrupt status is not checked on entry: the first attempt runs
 * and the task decides what an interrupt means to it. A wait between attempts throws {@link
 * InterruptedException} if the thread is interrupted when it begins or while it lasts, and the
 * task is not run again. An attempt that throws {@code InterruptedException} is never retried.
 *
 * <p><b>Idempotence.</b> A retried task runs more than once; it must be safe to repeat.
 *
 * <p><b>Memory.</b> Per instance: the configuration and five counters. Per call: nothing until
 * the first retry; then a back-off sequence and a small array of failures.
 *
 * <p><b>Memory consistency effects:</b> actions of one attempt <i>happen-before</i> the next
 * attempt and the return of {@code call}; all attempts run on the calling thread.
 *
 * <p>Thread-safe: one instance serves many calls at once; each call has its own sequence.
 */
public final class Retry implements Policy {

  /** The most earlier failures attached as suppressed to the exception a call ends with. */
  public static final int MAX_SUPPRESSED = 8;

  private final RetryConfig config;
  private final Backoff backoff;
  private final Clock clock;
  private final long maxElapsedNanos;
  private final Predicate<Throwable> retryOn;
  private final Predicate<Object> retryOnResult;
  private final RetryBudget budget; // null: none
  private final LongAdder calls = new LongAdder();
  private final LongAdder retries = new LongAdder();
  private final LongAdder succeededAfterRetry = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder budgetExhausted = new LongAdder();

  /**
   * A retry following {@code config}.
   *
   * @param config the configuration
   * @throws NullPointerException if {@code config} is null
   */
  public Retry(RetryConfig config) {
    this.config = Objects.requireNonNull(config, "Retry: config is null");
    this.backoff = config.backoff();
    this.clock = config.clock();
    this.maxElapsedNanos = saturatedNanos(config.maxElapsed());
    this.retryOn = config.retryOn();
    this.retryOnResult = config.retryOnResult();
    this.budget = config.budget().orElse(null);
  }

  /**
   * Runs {@code task}, retrying it as described in the class documentation.
   *
   * @param <T> the task's result type
   * @param ctx the caller's context, passed to every attempt; once it is done no attempt is
   *     started and the wait between attempts ends with a {@link ContextCancelledException}
   * @param task the call to retry; it must be safe to repeat
   * @return the first result not to be retried
   * @throws RetriesExhaustedException if the last attempt returned a result still to be retried
   * @throws InterruptedException if interrupted while waiting between attempts (then with the
   *     earlier failures suppressed), or if an attempt threw it
   * @throws ContextCancelledException if {@code ctx} is done on entry (the task is not run) or
   *     while waiting between attempts
   * @throws Exception the failure of the last attempt, with the earlier ones suppressed
   * @throws NullPointerException if an argument is null
   */
  @Override
  public <T> T call(Context ctx, ContextTask<T> task) throws Exception {
    Objects.requireNonNull(ctx, "Retry: context is null");
    Objects.requireNonNull(task, "Retry: task is null");
    ctx.throwIfDone();
    calls.increment();
    if (budget != null) budget.deposit();
    long start = clock.nanoTime();
    Backoff.Sequence delays = null;
    Failures earlier = null;
    for (int attempt = 1; ; attempt++) {
      T result = null;
      Throwable failure = null;
      try {
        result = task.call(ctx);
      } catch (Throwable t) {
        failure = t;
      }
      if (failure == null) {
        if (!retryOnResult.test(result)) {
          if (attempt > 1) succeededAfterRetry.increment();
          return result;
        }
      } else if (!shouldRetry(failure, ctx)) {
        failed.increment();
        throw rethrow(attach(failure, earlier));
      }
      if (delays == null) delays = backoff.start();
      Optional<Duration> next = delays.next();
      long decided = clock.nanoTime();
      boolean giveUp = next.isEmpty() || exceedsMaxElapsed(start, decided, next.get());
      if (!giveUp && budget != null && !budget.tryWithdraw()) {
        budgetExhausted.increment();
        giveUp = true;
      }
      if (giveUp) {
        failed.increment();
        throw rethrow(
            failure != null
                ? attach(failure, earlier)
                : attach(new RetriesExhaustedException(config.name(), attempt, result), earlier));
      }
      if (failure != null) {
        if (earlier == null) earlier = new Failures();
        earlier.add(failure);
      }
      retries.increment();
      try {
        pause(decided, saturatedNanos(next.get()), ctx);
      } catch (InterruptedException | ContextCancelledException e) {
        failed.increment();
        throw rethrow(attach(e, earlier));
      }
    }
  }

  /**
   * A snapshot of this retry's counters since it was created. The counters are read one by one
   * while calls go on, so a snapshot may be slightly inconsistent under load.
   *
   * @return the counters
   */
  public Metrics metrics() {
    return new Metrics(
        calls.sum(), retries.sum(), succeededAfterRetry.sum(), failed.sum(), budgetExhausted.sum());
  }

  /**
   * This retry's configuration.
   *
   * @return the configuration
   */
  public RetryConfig config() {
    return config;
  }

  @Override
  public String toString() {
    return "Retry[" + config.name() + ", maxAttempts=" + backoff.maxAttempts() + "]";
  }

  /**
   * Counters of a {@link Retry}.
   *
   * @param calls calls started
   * @param retries attempts after the first, over all calls
   * @param succeededAfterRetry calls that returned a result after at least one retry
   * @param failed calls that ended with an exception (including {@link
   *     RetriesExhaustedException}, an interrupt or a cancelled context)
   * @param budgetExhausted calls that gave up because the budget was empty
   */
  public record Metrics(
      long calls, long retries, long succeededAfterRetry, long failed, long budgetExhausted) {}

  private boolean shouldRetry(Throwable failure, Context ctx) {
    if (failure instanceof Error || failure instanceof InterruptedException) return false;
    if (ctx.isDone()) return false;
    return retryOn.test(failure);
  }

  private boolean exceedsMaxElapsed(long start, long now, Duration delay) {
    long elapsed = now - start;
    return saturatedNanos(delay) > maxElapsedNanos - elapsed; // elapsed + delay > max
  }

  /**
   * Waits until {@code delay} ns after the clock reading {@code from}, which decided the retry,
   * or until {@code ctx} is done. {@code Timer.sleep(delay)} would count the delay from its own
   * placement of the timer, so a clock that moved since the decision (another thread advancing a
   * fake clock) would start the retry that much later, past {@code maxElapsed} perhaps. So the
   * wait ends at a time: the timer's delay comes from a reading taken just before it is placed,
   * and the timer is placed again if the clock moved meanwhile (not with the system clock, which
   * always moves: a timer late by nanoseconds is what any timer is).
   *
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws ContextCancelledException if {@code ctx} is done on entry or while waiting
   */
  private void pause(long from, long delay, Context ctx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    long wake = saturatedAdd(from, delay);
    long now = clock.nanoTime();
    Timer timer = Timer.start(clock, Duration.ofNanos(until(wake, now)));
    try {
      while (clock != Clock.system()) {
        long again = clock.nanoTime();
        if (again == now) break;
        now = again;
        timer.reset(Duration.ofNanos(until(wake, now)));
      }
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

  /** Nanoseconds from {@code now} to {@code wake}, at least 0; saturates. */
  private static long until(long wake, long now) {
    return wake <= now ? 0 : saturatedAdd(wake, -now);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? (b < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }

  private static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** Adds the earlier failures to {@code last} as suppressed, skipping {@code last} itself. */
  private static Throwable attach(Throwable last, Failures earlier) {
    if (earlier != null) earlier.attachTo(last);
    return last;
  }

  /** Returns {@code t} as an exception to throw ({@code throw rethrow(t)}), or throws an Error. */
  private static Exception rethrow(Throwable t) {
    if (t instanceof Error e) throw e;
    if (t instanceof Exception e) return e;
    return new UndeclaredThrowableException(t);
  }

  /** The last {@link #MAX_SUPPRESSED} failures of one call, oldest first. Confined to it. */
  private static final class Failures {
    private final Throwable[] ring = new Throwable[MAX_SUPPRESSED];
    private int next; // the slot the next failure goes to
    private int size; // failures held, at most MAX_SUPPRESSED

    void add(Throwable t) {
      ring[next] = t;
      next = (next + 1) % MAX_SUPPRESSED;
      if (size < MAX_SUPPRESSED) size++;
    }

    void attachTo(Throwable last) {
      int first = (next - size + MAX_SUPPRESSED) % MAX_SUPPRESSED;
      for (int k = 0; k < size; k++) {
        Throwable t = ring[(first + k) % MAX_SUPPRESSED];
        if (t != last && !heldBefore(t, first, k)) last.addSuppressed(t);
      }
    }

    /** Whether {@code t} is held before position {@code k}: one instance thrown twice. */
    private boolean heldBefore(Throwable t, int first, int k) {
      for (int j = 0; j < k; j++) {
        if (ring[(first + j) % MAX_SUPPRESSED] == t) return true;
      }
      return false;
    }
  }
}
