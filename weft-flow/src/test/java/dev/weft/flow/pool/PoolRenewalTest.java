package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Thread renewal: a busy root worker moves to a fresh thread between two tasks (here at every
 * check, {@link PoolTuning#RENEW_CHECK_EVERY} tasks, instead of after {@link
 * PoolTuning#RENEW_AFTER}). The worker must stay the same worker: no task lost or run twice, no
 * more tasks at once than the limit, exact metrics, and a renewed worker that goes idle must still
 * be reachable by a hand-off.
 */
@Timeout(60)
class PoolRenewalTest {

  private static final int TASKS = 2_000;

  @Test
  void workersMoveToFreshThreadsAndLoseNothing() throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    List<TaskHandle<Void>> handles = new ArrayList<>();
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withRenewAfter(Duration.ZERO)
            .newPool(PoolConfig.defaults().withMaxWorkers(2).withUnboundedQueue())) {
      for (int i = 0; i < TASKS; i++) {
        int id = i;
        handles.add(
            pool.go(
                () -> {
                  maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                  threads.add(Thread.currentThread());
                  runs.incrementAndGet(id);
                  running.decrementAndGet();
                }));
      }
      for (TaskHandle<Void> h : handles) h.await(Duration.ofSeconds(20));
      PoolMetrics m = pool.metrics();
      assertThat(m.submitted()).isEqualTo(TASKS);
      assertThat(m.succeeded()).isEqualTo(TASKS);
      assertThat(m.running()).isZero();
      assertThat(m.waiting()).isZero();
      assertThat(m.workers()).isBetween(1, 2);
    }
    for (int i = 0; i < TASKS; i++) assertThat(runs.get(i)).as("runs of %d", i).isEqualTo(1);
    assertThat(maxRunning.get()).isLessThanOrEqualTo(2);
    // each worker renews every RENEW_CHECK_EVERY tasks: at least TASKS / 16 - 2 renewals in all
    assertThat(threads.size()).isGreaterThanOrEqualTo(TASKS / PoolTuning.RENEW_CHECK_EVERY - 4);
  }

  @Test
  void aWorkerIsHandedTasksAcrossRenewalsAndIdlePeriods() throws Exception {
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withRenewAfter(Duration.ZERO)
            .newPool(PoolConfig.defaults().withMaxWorkers(1).withUnboundedQueue())) {
      Set<Thread> threads = ConcurrentHashMap.newKeySet();
      for (int round = 0; round < 50; round++) {
        List<TaskHandle<Void>> batch = new ArrayList<>();
        for (int i = 0; i < PoolTuning.RENEW_CHECK_EVERY; i++) {
          batch.add(pool.go(() -> threads.add(Thread.currentThread())));
        }
        for (TaskHandle<Void> h : batch) h.await(Duration.ofSeconds(10));
        // the 16th task made the worker renew; give the new thread time to go idle (if it has
        // not, the next task is queued and polled instead: the round still passes, but most do)
        Thread.sleep(1);
        // handed to the idle worker: it must get a thread again
        pool.go(() -> threads.add(Thread.currentThread())).await(Duration.ofSeconds(10));
      }
      assertThat(threads.size()).isGreaterThanOrEqualTo(50);
      assertThat(pool.metrics().workers()).isEqualTo(1);
    }
  }

  @Test
  void subPoolTasksRunOnRenewingParentWorkers() throws Exception {
    AtomicIntegerArray runs = new AtomicIntegerArray(TASKS);
    AtomicInteger inChild = new AtomicInteger();
    AtomicInteger maxInChild = new AtomicInteger();
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withRenewAfter(Duration.ZERO)
            .newPool(PoolConfig.defaults().withMaxWorkers(3).withUnboundedQueue())) {
      WorkerPool child = pool.subPool(2);
      List<TaskHandle<Void>> handles = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        int id = i;
        WorkerPool target = i % 2 == 0 ? pool : child;
        handles.add(
            target.go(
                () -> {
                  if (target == child) maxInChild.accumulateAndGet(inChild.incrementAndGet(), Math::max);
                  runs.incrementAndGet(id);
                  if (target == child) inChild.decrementAndGet();
                }));
      }
      for (TaskHandle<Void> h : handles) h.await(Duration.ofSeconds(20));
      assertThat(pool.metrics().succeeded() + child.metrics().succeeded()).isEqualTo(TASKS);
    }
    for (int i = 0; i < TASKS; i++) assertThat(runs.get(i)).as("runs of %d", i).isEqualTo(1);
    assertThat(maxInChild.get()).isLessThanOrEqualTo(2);
  }

  @Test
  void withoutRenewalABusyWorkerKeepsItsThread() throws Exception {
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withRenewAfter(null)
            .newPool(PoolConfig.defaults().withMaxWorkers(1).withUnboundedQueue())) {
      assertThat(threadsOfQueuedTasks(pool, 500)).hasSize(1);
    }
  }

  @Test
  void theDefaultPeriodRenewsOnceAtTheFirstCheckThenAtMostOncePerPeriod() throws Exception {
    long start = System.nanoTime();
    Set<Thread> threads;
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1))) {
      threads = threadsOfQueuedTasks(pool, 2_000);
    }
    long elapsed = System.nanoTime() - start;
    // one busy worker: its first check renews (so the JIT sees that branch taken early), and
    // every later renewal needs a whole period of its thread's life
    assertThat(threads).hasSizeGreaterThanOrEqualTo(2);
    assertThat(threads.size() - 2L).isLessThanOrEqualTo(elapsed / PoolTuning.RENEW_AFTER.toNanos());
  }

  @Test
  void anIdleWorkerGivesUpItsThreadAndResumesOnAFreshOne() throws Exception {
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withRenewAfter(null)
            .newPool(PoolConfig.defaults().withMaxWorkers(1).withUnboundedQueue())) {
      Thread first = pool.submit(Thread::currentThread).await();
      // the worker is idle once it has no task and its thread has ended
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while (first.isAlive()) {
        assertThat(System.nanoTime()).as("idle worker's thread ended").isLessThan(deadline);
        Thread.sleep(1);
      }
      assertThat(pool.metrics().workers()).isEqualTo(1); // still a worker, without a thread
      Thread second = pool.submit(Thread::currentThread).await(Duration.ofSeconds(10));
      assertThat(second).isNotSameAs(first);
      assertThat(pool.metrics().workers()).isEqualTo(1);
    }
  }

  /**
   * Runs {@code n} tasks on a one-worker pool, all queued before the worker takes the first (so it
   * never goes idle among them), and returns the threads they ran on.
   */
  private static Set<Thread> threadsOfQueuedTasks(WorkerPool pool, int n) throws Exception {
    Set<Thread> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch gate = new CountDownLatch(1);
    TaskHandle<Void> blocker = pool.go(gate::await);
    List<TaskHandle<Void>> handles = new ArrayList<>();
    for (int i = 0; i < n; i++) handles.add(pool.go(() -> threads.add(Thread.currentThread())));
    gate.countDown();
    blocker.await(Duration.ofSeconds(10));
    for (TaskHandle<Void> h : handles) h.await(Duration.ofSeconds(10));
    return threads;
  }
}
