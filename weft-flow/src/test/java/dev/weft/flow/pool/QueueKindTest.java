package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Gate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Queue kinds: a full pool is maxWorkers running plus the queue's capacity waiting, no more. */
@Timeout(10)
class QueueKindTest {

  @Test
  void aBoundedQueueHoldsExactlyItsCapacityBeyondTheWorkers() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2).withBoundedQueue(3))) {
      List<TaskHandle<Integer>> accepted = new ArrayList<>();
      for (int i = 0; i < 5; i++) accepted.add(pool.trySubmit(gate.task(i)).handle());
      gate.awaitStarted(2);
      assertThat(pool.trySubmit(gate.task(99))).isEqualTo(new SubmitResult.Rejected<>(RejectReason.QUEUE_FULL));
      PoolMetrics m = pool.metrics();
      assertThat(m.running()).isEqualTo(2);
      assertThat(m.waiting()).isEqualTo(3);
      assertThat(m.workers()).isEqualTo(2);
      gate.open();
      for (int i = 0; i < 5; i++) assertThat(accepted.get(i).await()).isEqualTo(i);
      assertThat(gate.maxRunning()).isEqualTo(2);
    }
  }

  @Test
  void aZeroQueueAcceptsOnlyWhatAWorkerTakesAtOnce() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2).withDirectHandoff())) {
      TaskHandle<Integer> a = pool.trySubmit(gate.task(1)).handle();
      TaskHandle<Integer> b = pool.trySubmit(gate.task(2)).handle();
      assertThat(pool.trySubmit(gate.task(3)).isAccepted()).isFalse();
      assertThat(pool.metrics().waiting()).isLessThanOrEqualTo(2); // handed, maybe not started
      gate.open();
      assertThat(a.await() + b.await()).isEqualTo(3);
    }
  }

  @Test
  void aZeroQueueHandsATaskToAnIdleWorker() throws Exception {
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withDirectHandoff())) {
      assertThat(pool.trySubmit(() -> "first").handle().await()).isEqualTo("first");
      // the worker is idle (or about to be): a blocking submit hands the next task to it
      assertThat(pool.submit(() -> "second").await()).isEqualTo("second");
      assertThat(pool.metrics().workers()).isEqualTo(1);
    }
  }

  @Test
  void anUnboundedQueueNeverRefuses() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withUnboundedQueue())) {
      List<TaskHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        SubmitResult<Integer> r = pool.trySubmit(gate.task(i));
        assertThat(r.isAccepted()).isTrue();
        hs.add(r.handle());
      }
      gate.awaitStarted(1);
      assertThat(pool.metrics().waiting()).isEqualTo(999);
      gate.open();
      for (int i = 0; i < 1000; i++) assertThat(hs.get(i).await()).isEqualTo(i);
    }
  }

  @Test
  void queuedTasksRunInSubmissionOrderOnASingleWorker() throws Exception {
    Gate gate = new Gate();
    List<Integer> order = java.util.Collections.synchronizedList(new ArrayList<>());
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(10))) {
      pool.submit(gate.task(0));
      gate.awaitStarted(1);
      for (int i = 1; i <= 10; i++) {
        int n = i;
        pool.submit(() -> order.add(n));
      }
      gate.open();
    }
    assertThat(order).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
  }
}
