package dev.weft.resilience.ratelimit;

import java.time.Duration;
import java.util.ArrayDeque;
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
 * The non-blocking operations of {@link Gcra} ({@code tryAcquire(n)}, {@code decide(n)}, {@code
 * reserve(n)} with the reservation's {@code delay()} and {@code cancel()}) are linearizable with
 * respect to a sequential meter of nanoseconds of credit ({@link Spec}): one request per 2 ns with
 * a burst of 2 more, so a credit of 6 ns refilled one per nanosecond, a permit costing 2.
 *
 * <p>As in {@link TokenBucketLincheckTest}, reservations belong to one thread and time moves
 * between operations, never within one.
 */
@Param(name = "n", gen = IntGen.class, conf = "1:3")
@Param(name = "d", gen = LongGen.class, conf = "1:3")
public class GcraLincheckTest {

  static final long INTERVAL = 2;
  static final long LIMIT = 3;

  private final SteppedClock clock = new SteppedClock();
  private final ReentrantReadWriteLock time = new ReentrantReadWriteLock();
  private final Gcra gcra = Gcra.of(clock, 1, Duration.ofNanos(INTERVAL), LIMIT - 1);

  /** Touched only by the thread of the "line" group. */
  private final ArrayDeque<Reservation> reservations = new ArrayDeque<>();

  /** Lincheck creates one instance per scenario. */
  public GcraLincheckTest() {}

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
      return gcra.tryAcquire(n);
    } finally {
      time.readLock().unlock();
    }
  }

  /** 0 when admitted, else the retry-after in ns. */
  @Operation
  public long decide(@Param(name = "n") int n) {
    time.readLock().lock();
    try {
      return gcra.decide(n) instanceof Decision.Limited l ? l.retryAfter().toNanos() : 0;
    } finally {
      time.readLock().unlock();
    }
  }

  /** Whether the reservation had to take its place in line. */
  @Operation(nonParallelGroup = "line")
  public boolean reserve(@Param(name = "n") int n) {
    time.readLock().lock();
    try {
      Reservation r = gcra.reserve(n);
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
        .check(GcraLincheckTest.class);
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
        .check(GcraLincheckTest.class);
  }

  /** The sequential specification: a full credit of {@code LIMIT × INTERVAL} ns at time 0. */
  public static final class Spec extends LimiterModel {
    /** As Lincheck requires. */
    public Spec() {
      super(LIMIT * INTERVAL, 1, 1, LIMIT * INTERVAL, INTERVAL);
    }
  }
}
