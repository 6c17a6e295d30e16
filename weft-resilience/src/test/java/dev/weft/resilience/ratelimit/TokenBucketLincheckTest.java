package dev.weft.resilience.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
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
 * The non-blocking operations of a single-band {@link TokenBucket} ({@code tryAcquire(n)}, {@code
 * decide(n)}, {@code available()}, {@code reserve(n)} with the reservation's {@code delay()} and
 * {@code cancel()}), on a clock that the scenario advances, are linearizable with respect to a
 * sequential token counter ({@link Spec}).
 *
 * <p>The bandwidth, 2 tokens per 3 ns up to 3, makes every advance of 1 to 3 ns bring 0, 1 or 2
 * tokens, so both the lock-free path and the waiting line's debt are exercised. The reservations
 * are made, inspected and cancelled by one thread ({@code nonParallelGroup}), oldest first, so that
 * "the oldest reservation" means the same in every order; the other operations run on every
 * thread.
 *
 * <p>The clock is a {@link SteppedClock}, not a {@code FakeClock}: Lincheck walks the test's object
 * graph and cannot open the JDK comparator inside a {@code FakeClock}, and these operations never
 * schedule anything.
 *
 * <p>Time moves between operations, not within one: an operation holds a shared lock, an advance
 * the exclusive one. A limiter decides at its own clock reading, and a lock-free one cannot make
 * that reading and its compare-and-set one atomic step, so a clock advanced between the two is
 * seen by other operations before the decision lands. That window is inherent (it is the window
 * of any limiter that reads a clock outside a lock, Go's {@code x/time/rate} included), and
 * letting the model checker into it would report it, not a bug.
 */
@Param(name = "n", gen = IntGen.class, conf = "1:3")
@Param(name = "d", gen = LongGen.class, conf = "1:3")
public class TokenBucketLincheckTest {

  static final long CAPACITY = 3;
  static final long TOKENS = 2;
  static final long PERIOD = 3;

  private final SteppedClock clock = new SteppedClock();
  private final ReentrantReadWriteLock time = new ReentrantReadWriteLock();
  private final TokenBucket bucket =
      TokenBucket.of(
          clock,
          List.of(
              new Bandwidth(
                  CAPACITY,
                  TOKENS,
                  Duration.ofNanos(PERIOD),
                  Bandwidth.Refill.GREEDY,
                  CAPACITY)));

  /** Touched only by the thread of the "line" group. */
  private final ArrayDeque<Reservation> reservations = new ArrayDeque<>();

  /** Lincheck creates one instance per scenario. */
  public TokenBucketLincheckTest() {}

  @Operation
  public void advance(@Param(name = "d") long d) {
    time.writeLock().lock();
    try {
      clock.advance(d);
    } finally {
      time.writeLock().unlock();
    }
  }

  @Operation
  public boolean tryAcquire(@Param(name = "n") int n) {
    time.readLock().lock();
    try {
      return bucket.tryAcquire(n);
    } finally {
      time.readLock().unlock();
    }
  }

  /** 0 when admitted, else the retry-after in ns. */
  @Operation
  public long decide(@Param(name = "n") int n) {
    time.readLock().lock();
    try {
      return bucket.decide(n) instanceof Decision.Limited l ? l.retryAfter().toNanos() : 0;
    } finally {
      time.readLock().unlock();
    }
  }

  @Operation
  public long available() {
    time.readLock().lock();
    try {
      return bucket.available();
    } finally {
      time.readLock().unlock();
    }
  }

  /** Whether the reservation had to take its place in line (its permits were not there). */
  @Operation(nonParallelGroup = "line")
  public boolean reserve(@Param(name = "n") int n) {
    time.readLock().lock();
    try {
      Reservation r = bucket.reserve(n);
      reservations.add(r);
      return r instanceof Ticket;
    } finally {
      time.readLock().unlock();
    }
  }

  /** The oldest reservation's delay in ns, or -1 when none is left. */
  @Operation(nonParallelGroup = "line")
  public long delayOfOldest() {
    time.readLock().lock();
    try {
      Reservation r = reservations.peek();
      return r == null ? -1 : r.delay().toNanos();
    } finally {
      time.readLock().unlock();
    }
  }

  /** Cancels the oldest reservation: 1 if that gave its permits back, 0 if not, -1 if none. */
  @Operation(nonParallelGroup = "line")
  public int cancelOldest() {
    time.readLock().lock();
    try {
      Reservation r = reservations.poll();
      return r == null ? -1 : r.cancel() ? 1 : 0;
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
        .actorsBefore(2)
        .actorsAfter(2)
        .sequentialSpecification(Spec.class)
        .check(TokenBucketLincheckTest.class);
  }

  @Test
  @Timeout(60)
  void stress() {
    new StressOptions()
        .iterations(20)
        .invocationsPerIteration(200)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .sequentialSpecification(Spec.class)
        .check(TokenBucketLincheckTest.class);
  }

  /** The sequential specification: a token counter with a line of reservations. */
  public static final class Spec extends LimiterModel {
    /** A full bucket at time 0, as Lincheck requires. */
    public Spec() {
      super(CAPACITY, TOKENS, PERIOD, CAPACITY, 1);
    }
  }
}
