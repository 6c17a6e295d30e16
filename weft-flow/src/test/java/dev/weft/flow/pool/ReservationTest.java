package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Jobs a worker reserved from the queue ({@link JobQueue#reserve}) and has not run yet are still
 * queued tasks: cancelling one cancels it, a hard stop reports it, a graceful stop or a shrink runs
 * it, and it keeps its slot in a bounded queue. The pools here reserve however long tasks run
 * ({@link PoolTuning#alwaysReserving}), and one task checks from inside the worker that jobs are
 * reserved behind it, so each test is known to cover the reserved path, not only the queue.
 *
 * <p>The shape of each test: a single worker runs {@code first} (blocked on a gate) while {@code
 * blocker} and ten recorders queue behind it; once {@code first} ends, the worker reserves {@code
 * blocker} and the next four recorders (half of the backlog of eleven, as the only consumer), and
 * {@code blocker} blocks on its own gate.
 */
@Timeout(20)
class ReservationTest {

  private static final int RECORDERS = 10;

  private final Gate first = new Gate();
  private final Gate blocker = new Gate();
  private final Gate second = new Gate();
  private final AtomicInteger reservedBehindBlocker = new AtomicInteger(-1);
  private final ConcurrentLinkedQueue<Integer> ran = new ConcurrentLinkedQueue<>();
  private final List<TaskHandle<Void>> recorders = new ArrayList<>();
  private TaskHandle<Integer> firstHandle;
  private TaskHandle<Integer> blockerHandle;
  private WorkerPool pool;

  /** Opens every gate, then closes the pool: a failed test must not leave it blocked. */
  @AfterEach
  void openGatesAndClose() {
    first.open();
    blocker.open();
    second.open();
    if (pool != null) pool.close();
  }

  /** Makes a reserving {@link #pool}, starts the shape in it, waits for the blocker to run. */
  private void startShape(PoolConfig config) throws InterruptedException {
    pool = PoolTuning.defaults().alwaysReserving().newPool(config);
    firstHandle = pool.submit(first.task(0));
    first.awaitStarted(1);
    queueBlockerAndRecorders(1);
    first.open();
    blocker.awaitStarted(1);
    assertThat(reservedBehindBlocker.get()).as("jobs reserved behind the blocker").isEqualTo(4);
  }

  /**
   * Queues the blocker (which records the jobs reserved behind it, then waits for its gate and
   * returns {@code value}) and the recorders behind it.
   */
  private void queueBlockerAndRecorders(int value) throws InterruptedException {
    blockerHandle =
        pool.submit(
            () -> {
              reservedBehindBlocker.set(PoolTuning.reservedAhead(pool));
              return blocker.task(value).call();
            });
    for (int i = 0; i < RECORDERS; i++) {
      int id = i;
      recorders.add(pool.go(() -> ran.add(id)));
    }
  }

  @Test
  void aReservedTaskCancelledBeforeItRunsNeverRunsAndTheRestRunInOrder() throws Exception {
    startShape(PoolConfig.defaults().withMaxWorkers(1));
    assertThat(recorders.get(1).cancel()).isTrue(); // reserved
    assertThat(recorders.get(6).cancel()).isTrue(); // still in the queue
    PoolMetrics m = pool.metrics();
    assertThat(m.waiting()).isEqualTo(RECORDERS - 2);
    assertThat(m.cancelled()).isEqualTo(2);
    blocker.open();
    for (TaskHandle<Void> h : recorders) h.awaitOutcome();
    assertThat(ran).containsExactly(0, 2, 3, 4, 5, 7, 8, 9);
    assertThat(recorders.get(1).state()).isEqualTo(TaskState.CANCELLED);
    PoolMetrics done = pool.metrics();
    assertThat(done.succeeded()).isEqualTo(2 + RECORDERS - 2);
    assertThat(done.cancelled()).isEqualTo(2);
    assertThat(done.waiting()).isZero();
  }

  @Test
  void aHardStopReportsReservedTasksAsCancelledQueuedAndRunsNone() throws Exception {
    startShape(PoolConfig.defaults().withMaxWorkers(1));
    StopReport report = pool.stopNow();
    assertThat(report.interruptedRunning()).containsExactly(blockerHandle);
    assertThat(report.cancelledQueued()).containsExactlyInAnyOrderElementsOf(recorders);
    assertThat(ran).isEmpty();
    for (TaskHandle<Void> h : recorders) assertThat(h.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(pool.isTerminated()).isTrue();
    PoolMetrics m = pool.metrics();
    assertThat(m.cancelled()).isEqualTo(1 + RECORDERS);
    assertThat(m.waiting()).isZero();
    assertThat(m.workers()).isZero();
    assertThat(firstHandle.state()).isEqualTo(TaskState.SUCCEEDED);
  }

  @Test
  void aGracefulStopRunsReservedTasks() throws Exception {
    startShape(PoolConfig.defaults().withMaxWorkers(1));
    Async<StopReport> stop = Async.call(() -> pool.stop(Duration.ofSeconds(10)));
    stop.assertStillBlocked();
    blocker.open();
    assertThat(stop.get().isClean()).isTrue();
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(pool.metrics().succeeded()).isEqualTo(2 + RECORDERS);
  }

  @Test
  void aWorkerOverTheLimitRunsWhatItReservedBeforeItExits() throws Exception {
    startShape(PoolConfig.defaults().withMaxWorkers(1));
    // queued behind the six recorders, so that the second worker never finds the queue empty
    // (and so never takes from the first worker's run) before it blocks here
    TaskHandle<Integer> secondHandle = pool.submit(second.task(2));
    pool.resize(2); // a second worker starts for the queued recorders
    second.awaitStarted(1); // it ran the six queued recorders first, in order
    assertThat(ran).containsExactly(4, 5, 6, 7, 8, 9);
    pool.resize(1); // two busy workers over a limit of one
    blocker.open(); // the first comes back over the limit, with four reserved
    for (TaskHandle<Void> h : recorders) h.await(Duration.ofSeconds(10));
    assertThat(ran).containsExactly(4, 5, 6, 7, 8, 9, 0, 1, 2, 3);
    await().atMost(Duration.ofSeconds(10)).until(() -> pool.metrics().workers() == 1);
    second.open();
    assertThat(secondHandle.await()).isEqualTo(2);
    assertThat(pool.metrics().succeeded()).isEqualTo(3 + RECORDERS);
  }

  @Test
  void reservedTasksKeepTheirSlotsInABoundedQueue() throws Exception {
    startShape(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(11));
    // the blocker was claimed (its slot is free); four reserved and six queued hold ten slots
    assertThat(pool.trySubmit(() -> 99)).isInstanceOf(SubmitResult.Accepted.class);
    assertThat(pool.trySubmit(() -> 100))
        .isEqualTo(new SubmitResult.Rejected<Integer>(RejectReason.QUEUE_FULL));
    assertThat(pool.metrics().waiting()).isEqualTo(RECORDERS + 1);
    blocker.open();
    pool.close();
    assertThat(ran).hasSize(RECORDERS);
  }

  @Test
  void aFreeWorkerTakesTheRestOfARunStuckBehindALongTask() throws Exception {
    pool = PoolTuning.defaults().alwaysReserving().newPool(PoolConfig.defaults().withMaxWorkers(2));
    TaskHandle<Integer> one = pool.submit(first.task(1));
    TaskHandle<Integer> two = pool.submit(second.task(2));
    first.awaitStarted(1);
    second.awaitStarted(1);
    queueBlockerAndRecorders(3);
    // the first worker reserves the blocker and recorder 0 (eleven queued, two workers: a share
    // of two) and blocks; recorder 0 is stuck in its run
    first.open();
    blocker.awaitStarted(1);
    assertThat(reservedBehindBlocker.get()).as("jobs reserved behind the blocker").isEqualTo(1);
    // the second worker runs the queued recorders, finds the queue empty, and takes recorder 0
    second.open();
    for (TaskHandle<Void> h : recorders) h.await(Duration.ofSeconds(10));
    assertThat(ran).containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
    assertThat(blockerHandle.state()).isEqualTo(TaskState.RUNNING);
    blocker.open();
    assertThat(blockerHandle.await()).isEqualTo(3);
    assertThat(one.await()).isEqualTo(1);
    assertThat(two.await()).isEqualTo(2);
    assertThat(pool.metrics().succeeded()).isEqualTo(3 + RECORDERS);
  }
}
