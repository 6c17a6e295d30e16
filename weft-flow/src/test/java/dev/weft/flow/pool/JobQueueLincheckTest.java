package dev.weft.flow.pool;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link JobQueue}'s {@code offer} and {@code poll} are linearizable with respect to a FIFO queue
 * ({@link Spec}), with segments of two cells (so the segment list grows and drops segments within
 * a scenario) and no patience (so a consumer breaks the cell of a producer between its index and
 * its write, and the producer retries). {@code isEmpty} is left out on purpose: it counts a job
 * still being written as queued, which the pool wants and a FIFO specification does not.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:4")
public class JobQueueLincheckTest {

  private static final int MAX_OFFERS = 16; // more than a scenario's actors

  private final JobQueue q = new JobQueue(2, 0);
  // fresh jobs made up front, found again by identity (no hashing: Lincheck's model checker
  // does not keep identity hash codes stable)
  private final Job[] jobs = new Job[MAX_OFFERS];
  private final int[] labels = new int[MAX_OFFERS]; // published to pollers by the queue itself
  private final AtomicInteger used = new AtomicInteger();

  /** Lincheck creates one instance per scenario. */
  public JobQueueLincheckTest() {
    for (int i = 0; i < MAX_OFFERS; i++) {
      jobs[i] = JobQueueTest.job();
    }
  }

  @Operation
  public void offer(@Param(name = "v") int v) {
    int i = used.getAndIncrement();
    labels[i] = v;
    q.offer(jobs[i]);
  }

  /** The label of the polled job, or -1 when empty. */
  @Operation
  public int poll() {
    Job j = q.poll();
    if (j == null) return -1;
    for (int i = 0; i < MAX_OFFERS; i++) {
      if (jobs[i] == j) return labels[i];
    }
    throw new AssertionError("JobQueueLincheckTest: polled a job never offered");
  }

  @Test
  @Timeout(120)
  void modelChecking() {
    new ModelCheckingOptions()
        .iterations(30)
        .invocationsPerIteration(300)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(1)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(JobQueueLincheckTest.class);
  }

  @Test
  @Timeout(120)
  void stress() {
    new StressOptions()
        .iterations(30)
        .invocationsPerIteration(500)
        .threads(3)
        .actorsPerThread(3)
        .actorsBefore(2)
        .actorsAfter(1)
        .sequentialSpecification(Spec.class)
        .check(JobQueueLincheckTest.class);
  }

  /** The sequential specification: a FIFO queue. */
  public static final class Spec {
    private final ArrayDeque<Integer> q = new ArrayDeque<>();

    /** A fresh queue, as Lincheck requires. */
    public Spec() {}

    public void offer(int v) {
      q.addLast(v);
    }

    public int poll() {
      Integer v = q.pollFirst();
      return v == null ? -1 : v;
    }
  }
}
