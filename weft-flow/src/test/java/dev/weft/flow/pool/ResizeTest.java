package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** resize: growing starts workers for queued tasks; shrinking retires workers; no task is lost. */
@Timeout(20)
class ResizeTest {

  @Test
  void growingStartsWorkersForQueuedTasksAtOnce() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      for (int i = 0; i < 4; i++) pool.submit(gate.task(i));
      gate.awaitStarted(1);
      assertThat(pool.metrics().waiting()).isEqualTo(3);
      pool.resize(4);
      gate.awaitStarted(4);
      assertThat(pool.metrics().workers()).isEqualTo(4);
      assertThat(pool.metrics().maxWorkers()).isEqualTo(4);
      gate.open();
    }
  }

  @Test
  void growingWakesBlockedSubmitters() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withDirectHandoff())) {
      pool.submit(gate.task(0));
      Async<TaskHandle<Integer>> blocked = Async.call(() -> pool.submit(gate.task(1)));
      blocked.assertStillBlocked();
      pool.resize(2);
      gate.awaitStarted(2);
      gate.open();
      assertThat(blocked.get().await()).isEqualTo(1);
    }
  }

  @Test
  void shrinkingLetsRunningTasksFinishThenHoldsTheNewLimit() throws Exception {
    Gate first = new Gate();
    try (WorkerPool pool = WorkerPool.create(4)) {
      for (int i = 0; i < 4; i++) pool.submit(first.task(i));
      first.awaitStarted(4);
      pool.resize(2);
      Gate second = new Gate();
      List<TaskHandle<Integer>> later = new ArrayList<>();
      for (int i = 0; i < 6; i++) later.add(pool.submit(second.task(i)));
      assertThat(first.running()).isEqualTo(4); // not interrupted
      first.open();
      second.awaitStarted(2);
      second.open();
      for (TaskHandle<Integer> h : later) h.await();
      assertThat(second.maxRunning()).isLessThanOrEqualTo(2);
      assertThat(pool.metrics().workers()).isLessThanOrEqualTo(2);
      assertThat(pool.metrics().maxWorkers()).isEqualTo(2);
    }
  }

  @Test
  void resizingUpAndDownUnderLoadLosesNoTask() throws Exception {
    AtomicInteger done = new AtomicInteger();
    int n = 2000;
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(4).withBoundedQueue(16))) {
      Async<Void> resizer =
          Async.run(
              () -> {
                int[] sizes = {1, 8, 2, 6, 1, 3, 5};
                for (int i = 0; done.get() < n && i < 10_000; i++) {
                  pool.resize(sizes[i % sizes.length]);
                  Thread.sleep(1);
                }
              });
      List<TaskHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int v = i;
        hs.add(pool.submit(() -> {
          done.incrementAndGet();
          Thread.onSpinWait();
          return v;
        }));
      }
      for (int i = 0; i < n; i++) assertThat(hs.get(i).await()).isEqualTo(i);
      resizer.get();
      assertThat(done.get()).isEqualTo(n);
      PoolMetrics m = pool.metrics();
      assertThat(m.succeeded()).isEqualTo(n);
      assertThat(m.waiting()).isZero();
    }
  }
}
