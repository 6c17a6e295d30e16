package dev.weft.flow.workqueue;

import dev.weft.time.Clock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking operations of {@link WorkQueue} ({@code add}, {@code tryGet}, {@code done},
 * {@code len}) are linearizable with respect to a sequential model of client-go's semantics
 * ({@link Spec}): FIFO, a key queued at most once, a key added while in flight queued again on
 * done.
 *
 * <p>Both strategies are bounded explicitly (model checking of the lock-based queue is costly) so
 * the class runs in about 15 s.
 */
@Param(name = "k", gen = IntGen.class, conf = "1:3")
public class WorkQueueLincheckTest {

  private final WorkQueue<Integer> queue =
      WorkQueue.create(RequeueLimiter.exponential(), new StoppedClock());

  /** Lincheck creates one instance per scenario. */
  public WorkQueueLincheckTest() {}

  @Operation
  public void add(@Param(name = "k") int k) {
    queue.add(k);
  }

  /** The key taken, or 0 when none was queued. */
  @Operation
  public int tryGet() {
    return queue.tryGet() instanceof GetResult.Item<Integer>(Integer k) ? k : 0;
  }

  /** {@code false} when the key was not in flight. */
  @Operation
  public boolean done(@Param(name = "k") int k) {
    try {
      queue.done(k);
      return true;
    } catch (IllegalStateException e) {
      return false;
    }
  }

  @Operation
  public int len() {
    return queue.len();
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(5)
        .invocationsPerIteration(100)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(WorkQueueLincheckTest.class);
  }

  @Test
  @Timeout(60)
  void stress() {
    new StressOptions()
        .iterations(20)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(2)
        .sequentialSpecification(Spec.class)
        .check(WorkQueueLincheckTest.class);
  }

  /**
   * A clock that never moves or runs anything: the operations checked here do not use time, and
   * the model checker cannot snapshot FakeClock's JDK-internal comparator.
   */
  static final class StoppedClock implements Clock {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public Instant now() {
      return Instant.EPOCH;
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      return () -> false;
    }

    @Override
    public void sleep(Duration duration) {
      throw new UnsupportedOperationException("StoppedClock: sleep");
    }
  }

  /**
   * The sequential model, written independently of the implementation: waiting keys in FIFO
   * order, keys in flight, and keys in flight that were added again (pending).
   */
  public static final class Spec {
    private final ArrayDeque<Integer> waiting = new ArrayDeque<>();
    private final Set<Integer> inFlight = new HashSet<>();
    private final Set<Integer> pending = new HashSet<>();

    /** One instance per scenario. */
    public Spec() {}

    public void add(int k) {
      if (inFlight.contains(k)) pending.add(k);
      else if (!waiting.contains(k)) waiting.addLast(k);
    }

    public int tryGet() {
      Integer k = waiting.pollFirst();
      if (k == null) return 0;
      inFlight.add(k);
      return k;
    }

    public boolean done(int k) {
      if (!inFlight.remove(k)) return false;
      if (pending.remove(k)) waiting.addLast(k);
      return true;
    }

    public int len() {
      return waiting.size();
    }
  }
}
