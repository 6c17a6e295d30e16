package dev.weft.flow.queue;

import dev.weft.chan.ReceiveResult;
import java.util.ArrayDeque;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking operations of {@link RingBuffer} ({@code put}, {@code poll}, {@code size},
 * {@code dropped}) are linearizable with respect to a sequential drop-oldest deque ({@link Spec}).
 * (This test found that a poll holding a semaphore permit made another poll report "empty" while
 * {@code size()} said 1; removal now happens only under the buffer's lock.)
 */
@Param(name = "v", gen = IntGen.class, conf = "1:5")
public class RingBufferLincheckTest {

  static final int CAPACITY = 2;

  private final RingBuffer<Integer> rb = new RingBuffer<>(CAPACITY);

  /** Lincheck creates one instance per scenario. */
  public RingBufferLincheckTest() {}

  /** The evicted element, or -1. */
  @Operation
  public int put(@Param(name = "v") int v) {
    return rb.put(v).orElse(-1);
  }

  /** The polled element, or -1 when empty. */
  @Operation
  public int poll() {
    return rb.poll() instanceof ReceiveResult.Value<Integer>(Integer v) ? v : -1;
  }

  @Operation
  public int size() {
    return rb.size();
  }

  @Operation
  public long dropped() {
    return rb.dropped();
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(20)
        .invocationsPerIteration(300)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(RingBufferLincheckTest.class);
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
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(RingBufferLincheckTest.class);
  }

  /** The sequential specification: a deque that drops its head when full. */
  public static final class Spec {
    private final ArrayDeque<Integer> q = new ArrayDeque<>();
    private long dropped;

    /** A fresh deque, as Lincheck requires. */
    public Spec() {}

    public int put(int v) {
      int evicted = -1;
      if (q.size() == CAPACITY) {
        evicted = q.removeFirst();
        dropped++;
      }
      q.addLast(v);
      return evicted;
    }

    public int poll() {
      Integer v = q.pollFirst();
      return v == null ? -1 : v;
    }

    public int size() {
      return q.size();
    }

    public long dropped() {
      return dropped;
    }
  }
}
