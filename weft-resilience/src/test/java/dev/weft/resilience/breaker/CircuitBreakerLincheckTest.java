package dev.weft.resilience.breaker;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The state machine of {@link CircuitBreaker} is linearizable with respect to its own sequential
 * run: calls that succeed, fail or are abandoned (an ignored exception) trip it, probe it and
 * close it while other threads move it by hand ({@code transitionTo}), read its state and advance
 * its clock past the open wait.
 *
 * <p>What is checked and why not more. The calls and {@code metrics()} run on one thread
 * ({@code nonParallelGroup}); the transitions, {@code state()} and the clock on every thread. A
 * breaker decides a trip from the counts its own record saw and makes the move a moment later,
 * and a call's admission and its outcome are two steps: a second thread of calls could see the
 * counts of a call whose move has not landed, or find a trial taken by a call still running,
 * which no sequential run of whole calls shows. Those windows are the documented design ("a
 * transition is decided by whoever sees the condition first"), not bugs. Time moves between
 * operations, never within one (a shared lock for operations, the exclusive one for an advance),
 * for the reason given in the rate limiters' Lincheck tests.
 */
@Param(name = "state", gen = IntGen.class, conf = "0:5")
@Param(name = "d", gen = LongGen.class, conf = "5:10")
public class CircuitBreakerLincheckTest {

  static final Context CTX = Context.background();

  /** The states {@code transitionTo} picks from, by the index Lincheck draws. */
  private static final CircuitState[] STATES = {
    CircuitState.CLOSED,
    CircuitState.OPEN,
    CircuitState.HALF_OPEN,
    CircuitState.DISABLED,
    CircuitState.FORCED_OPEN,
    CircuitState.METRICS_ONLY
  };

  private final SteppedClock clock = new SteppedClock();
  private final ReentrantReadWriteLock time = new ReentrantReadWriteLock();
  private final CircuitBreaker breaker =
      CircuitBreaker.of(
          "lincheck",
          CircuitBreakerConfig.defaults()
              .withClock(clock)
              .withCountWindow(4)
              .withMinimumCalls(2)
              .withFailureRateThreshold(50)
              .withConsecutiveFailures(3)
              .withHalfOpenCalls(2)
              .withOpenWait(Duration.ofNanos(10))
              .withIgnoreException(IllegalStateException.class::isInstance));

  /** Lincheck creates one instance per scenario. */
  public CircuitBreakerLincheckTest() {}

  @Operation
  public void advance(@Param(name = "d") long d) {
    time.writeLock().lock();
    try {
      clock.advance(d);
    } finally {
      time.writeLock().unlock();
    }
  }

  @Operation(nonParallelGroup = "calls")
  public String succeed() throws Exception {
    time.readLock().lock();
    try {
      return breaker.call(CTX, c -> "ok");
    } catch (CallNotPermittedException e) {
      return "rejected " + e.state();
    } finally {
      time.readLock().unlock();
    }
  }

  @Operation(nonParallelGroup = "calls")
  public String fail() throws Exception {
    return throwing(new IOException("down"));
  }

  /** A call whose exception is ignored: it counts as nothing and gives a trial back. */
  @Operation(nonParallelGroup = "calls")
  public String abandon() throws Exception {
    return throwing(new IllegalStateException("gave up"));
  }

  /** State, calls, failed calls, failures in a row and rejections, as one string. */
  @Operation(nonParallelGroup = "calls")
  public String metrics() {
    time.readLock().lock();
    try {
      CircuitBreakerMetrics m = breaker.metrics();
      return m.state()
          + " calls=" + m.calls()
          + " failed=" + m.failedCalls()
          + " inARow=" + m.consecutiveFailures()
          + " rejected=" + m.notPermittedCalls();
    } finally {
      time.readLock().unlock();
    }
  }

  @Operation
  public void transitionTo(@Param(name = "state") int state) {
    time.readLock().lock();
    try {
      breaker.transitionTo(STATES[state]);
    } finally {
      time.readLock().unlock();
    }
  }

  @Operation
  public CircuitState state() {
    return breaker.state();
  }

  private String throwing(Exception failure) {
    time.readLock().lock();
    try {
      breaker.call(CTX, c -> {
        throw failure;
      });
      throw new AssertionError("the call returned");
    } catch (CallNotPermittedException e) {
      return "rejected " + e.state();
    } catch (Exception e) {
      if (e != failure) throw new AssertionError("unexpected " + e, e);
      return "threw";
    } finally {
      time.readLock().unlock();
    }
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(20)
        .invocationsPerIteration(150)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(2)
        .check(CircuitBreakerLincheckTest.class);
  }

  @Test
  @Timeout(60)
  void stress() {
    new StressOptions()
        .iterations(20)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(3)
        .actorsAfter(2)
        .check(CircuitBreakerLincheckTest.class);
  }

  /** A clock that only {@link #advance} moves; the breaker never schedules anything. */
  static final class SteppedClock implements Clock {
    private static final Instant START = Instant.parse("2000-01-01T00:00:00Z");
    private final AtomicLong nanos = new AtomicLong();

    void advance(long d) {
      nanos.addAndGet(d);
    }

    @Override
    public long nanoTime() {
      return nanos.get();
    }

    @Override
    public Instant now() {
      return START.plusNanos(nanos.get());
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      throw new UnsupportedOperationException("SteppedClock: schedule");
    }

    @Override
    public void sleep(Duration duration) {
      throw new UnsupportedOperationException("SteppedClock: sleep");
    }
  }
}
