package dev.weft.sync;

import org.jetbrains.lincheck.datastructures.LongGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking operations of {@link Semaphore} ({@code tryAcquire(n)}, {@code release(n)},
 * {@code available()}) are linearizable with respect to a sequential counter ({@link Spec}).
 *
 * <p>Lincheck drives this class from its own platform threads; both strategies are bounded
 * explicitly (iterations and invocations per iteration) so the class runs in well under 30 s.
 */
@Param(name = "n", gen = LongGen.class, conf = "1:3")
public class SemaphoreLincheckTest {

  static final long SIZE = 3;

  private final Semaphore sem = new Semaphore(SIZE);

  /** Lincheck creates one instance per scenario. */
  public SemaphoreLincheckTest() {}

  @Operation
  public boolean tryAcquire(@Param(name = "n") long n) {
    return sem.tryAcquire(n);
  }

  /** {@code false} when the release was refused as more than held. */
  @Operation
  public boolean release(@Param(name = "n") long n) {
    try {
      sem.release(n);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  @Operation
  public long available() {
    return sem.available();
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(SemaphoreLincheckTest.class);
  }

  @Test
  @Timeout(60)
  void stress() {
    new StressOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(SemaphoreLincheckTest.class);
  }

  /** The sequential specification: a counter of used permits; no waiters ever exist here. */
  public static final class Spec {
    private long used;

    /** A fresh counter, as Lincheck requires. */
    public Spec() {}

    public boolean tryAcquire(long n) {
      if (SIZE - used < n) return false;
      used += n;
      return true;
    }

    public boolean release(long n) {
      if (n > used) return false;
      used -= n;
      return true;
    }

    public long available() {
      return SIZE - used;
    }
  }
}
