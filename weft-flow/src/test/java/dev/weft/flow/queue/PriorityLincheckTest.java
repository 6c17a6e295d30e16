package dev.weft.flow.queue;

import dev.weft.chan.ReceiveResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The non-blocking operations of a bounded {@link PriorityWorkQueue} ({@code offer}, {@code poll},
 * {@code size}) are linearizable with respect to a sequential queue ({@link Spec}) that picks
 * levels with the same (sequential) {@link ShareScheduler}.
 */
@Param(name = "level", gen = IntGen.class, conf = "0:1")
@Param(name = "v", gen = IntGen.class, conf = "1:4")
public class PriorityLincheckTest {

  static final PriorityOptions OPTIONS =
      PriorityOptions.of(2).withWindow(3).withReserved(1, 1).withCapacity(2);

  private final PriorityWorkQueue<Integer> q = new PriorityWorkQueue<>(OPTIONS);

  /** Lincheck creates one instance per scenario. */
  public PriorityLincheckTest() {}

  @Operation
  public boolean offer(@Param(name = "level") int level, @Param(name = "v") int v) {
    return q.offer(level, v);
  }

  /** The polled element, or -1 when empty. */
  @Operation
  public int poll() {
    return q.poll() instanceof ReceiveResult.Value<Integer>(Integer v) ? v : -1;
  }

  @Operation
  public int size() {
    return q.size();
  }

  @Test
  @Timeout(60)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(15)
        .invocationsPerIteration(200)
        .threads(2)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(PriorityLincheckTest.class);
  }

  /** The sequential specification: one deque per level, bounded in total, scheduled as specified. */
  public static final class Spec {
    private final List<ArrayDeque<Integer>> levels = new ArrayList<>();
    private final int[] sizes = new int[OPTIONS.levels()];
    private final ShareScheduler scheduler = new ShareScheduler(OPTIONS);
    private int total;

    /** A fresh queue, as Lincheck requires. */
    public Spec() {
      for (int k = 0; k < OPTIONS.levels(); k++) levels.add(new ArrayDeque<>());
    }

    public boolean offer(int level, int v) {
      if (total == OPTIONS.capacity()) return false;
      levels.get(level).addLast(v);
      sizes[level]++;
      total++;
      return true;
    }

    public int poll() {
      if (total == 0) return -1;
      int level = scheduler.next(sizes);
      sizes[level]--;
      total--;
      return levels.get(level).removeFirst();
    }

    public int size() {
      return total;
    }
  }
}
