package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * cancel(): a queued task is removed and never runs; a running task is interrupted and ends
 * CANCELLED once its code returned; the interrupt never reaches the worker's next task.
 */
@Timeout(10)
class CancelTest {

  @Test
  void cancellingAQueuedTaskRemovesItAndItNeverRuns() throws Exception {
    Gate gate = new Gate();
    AtomicBoolean ran = new AtomicBoolean();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1))) {
      pool.submit(gate.task(0));
      gate.awaitStarted(1);
      TaskHandle<Integer> queued = pool.submit(() -> { ran.set(true); return 1; });
      assertThat(queued.state()).isEqualTo(TaskState.QUEUED);
      assertThat(queued.cancel()).isTrue();
      assertThat(queued.cancel()).isFalse();
      assertThat(queued.state()).isEqualTo(TaskState.CANCELLED);
      assertThatThrownBy(queued::await).isInstanceOf(CancellationException.class);
      assertThat(queued.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<>());
      // its queue slot is free again
      assertThat(pool.trySubmit(() -> 2).isAccepted()).isTrue();
      PoolMetrics m = pool.metrics();
      assertThat(m.cancelled()).isEqualTo(1);
      assertThat(m.waiting()).isEqualTo(1);
      gate.open();
    }
    assertThat(ran).isFalse();
  }

  @Test
  void cancellingARunningTaskInterruptsItAndAwaitWaitsForItsCodeToReturn() throws Exception {
    CountDownLatch interrupted = new CountDownLatch(1);
    CountDownLatch letReturn = new CountDownLatch(1);
    try (WorkerPool pool = WorkerPool.create(1)) {
      CountDownLatch started = new CountDownLatch(1);
      TaskHandle<String> h =
          pool.submit(
              () -> {
                started.countDown();
                try {
                  new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                  interrupted.countDown();
                  letReturn.await(); // stays in its code after the interrupt (a cleanup)
                  return "cleaned up";
                }
                return "never";
              });
      started.await();
      assertThat(h.cancel()).isTrue();
      interrupted.await();
      assertThat(h.state()).isEqualTo(TaskState.CANCELLING);
      assertThat(h.cancel()).isFalse();
      Async<TaskOutcome<String>> waiter = Async.call(h::awaitOutcome);
      waiter.assertStillBlocked();
      letReturn.countDown();
      assertThat(waiter.get()).isEqualTo(new TaskOutcome.Cancelled<String>());
      assertThat(h.state()).isEqualTo(TaskState.CANCELLED);
      assertThat(pool.metrics().cancelled()).isEqualTo(1);
    }
  }

  @Test
  void cancellingARunningContextTaskCancelsItsContext() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h =
          pool.submit(
              c -> {
                gate.pass(c::throwIfDone);
                return 1;
              });
      gate.awaitStarted(1);
      h.cancel();
      assertThat(h.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<Integer>());
    }
  }

  @Test
  void theInterruptOfACancelledTaskDoesNotReachTheNextTask() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      for (int i = 0; i < 50; i++) {
        CountDownLatch started = new CountDownLatch(1);
        TaskHandle<Integer> h =
            pool.submit(
                () -> {
                  started.countDown();
                  return 1; // may end before or after the cancel
                });
        started.await();
        h.cancel();
        TaskHandle<Boolean> next = pool.submit(() -> Thread.currentThread().isInterrupted());
        assertThat(next.await()).as("round %d", i).isFalse();
      }
    }
  }

  @Test
  void cancellingAnEndedTaskDoesNothing() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(() -> 1);
      assertThat(h.await()).isEqualTo(1);
      assertThat(h.cancel()).isFalse();
      assertThat(h.state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void theSubmittingContextCancelsTheTaskQueuedOrRunning() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1))) {
      CancelContext ctx = Context.withCancel(Context.background());
      TaskHandle<Integer> running =
          pool.submit(
              ctx,
              c -> {
                gate.pass(c::throwIfDone);
                return 1;
              });
      gate.awaitStarted(1);
      TaskHandle<Integer> queued = pool.submit(ctx, c -> 2);
      ctx.cancel();
      assertThat(running.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<Integer>());
      assertThat(queued.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<Integer>());
      assertThat(pool.metrics().cancelled()).isEqualTo(2);
    }
  }
}
