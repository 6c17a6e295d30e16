package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A blocking submit gives up on interrupt or a done context, before or during the wait, and then
 * has submitted nothing and left the pool as it was (the blocked-submitter slot is free again).
 */
@Timeout(10)
class SubmitInterruptionTest {

  private static WorkerPool fullPool(Gate gate) throws Exception {
    WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1).withMaxBlockedSubmitters(1));
    pool.submit(gate.task(0));
    pool.submit(gate.task(0));
    gate.awaitStarted(1);
    return pool;
  }

  private static void assertUnchanged(WorkerPool pool, Gate gate) throws Exception {
    PoolMetrics m = pool.metrics();
    assertThat(m.submitted()).isEqualTo(2);
    assertThat(m.waiting()).isEqualTo(1);
    // the single blocked-submitter slot is free again: a new submitter can block, then get in
    Async<TaskHandle<Integer>> next = Async.call(() -> pool.submit(() -> 5));
    next.assertStillBlocked();
    gate.open();
    assertThat(next.get().await()).isEqualTo(5);
  }

  @Test
  void interruptedOnEntryEvenWithRoom() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> pool.submit(() -> 1)).isInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isFalse();
      assertThat(pool.metrics().submitted()).isZero();
    }
  }

  @Test
  void interruptedWhileWaitingForRoom() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = fullPool(gate)) {
      Async<TaskHandle<Integer>> s = Async.call(() -> pool.submit(() -> 1));
      s.assertStillBlocked();
      s.thread().interrupt();
      assertThat(s.failure()).isInstanceOf(InterruptedException.class);
      assertUnchanged(pool, gate);
    }
  }

  @Test
  void contextDoneOnEntryEvenWithRoom() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      CancelContext ctx = Context.withCancelCause(Context.background());
      IOException cause = new IOException("gone");
      ctx.cancel(cause);
      assertThatThrownBy(() -> pool.submit(ctx, c -> 1))
          .isInstanceOf(ContextCancelledException.class)
          .hasCause(cause);
      assertThat(pool.metrics().submitted()).isZero();
    }
  }

  @Test
  void contextDoneWhileWaitingForRoom() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = fullPool(gate)) {
      CancelContext ctx = Context.withCancel(Context.background());
      Async<TaskHandle<Integer>> s = Async.call(() -> pool.submit(ctx, c -> 1));
      s.assertStillBlocked();
      ctx.cancel();
      assertThat(s.failure())
          .isInstanceOf(ContextCancelledException.class)
          .satisfies(e -> assertThat(((ContextCancelledException) e).error()).isEqualTo(ContextError.CANCELED));
      assertUnchanged(pool, gate);
    }
  }

  @Test
  void aGivingUpSubmitterPassesOnTheWakeUpItMayHaveTaken() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool =
        WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1))) {
      pool.submit(gate.task(0));
      pool.submit(gate.task(0));
      gate.awaitStarted(1);
      Async<TaskHandle<Integer>> quitter = Async.call(() -> pool.submit(() -> 1));
      Async<TaskHandle<Integer>> stayer = Async.call(() -> pool.submit(() -> 2));
      quitter.assertStillBlocked();
      stayer.assertStillBlocked();
      quitter.thread().interrupt();
      assertThat(quitter.failure()).isInstanceOf(InterruptedException.class);
      gate.open();
      assertThat(stayer.get().await()).isEqualTo(2);
    }
  }
}
