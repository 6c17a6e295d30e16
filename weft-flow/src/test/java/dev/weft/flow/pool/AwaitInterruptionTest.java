package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Awaiting a handle gives up on interrupt, timeout or context, and the task keeps running. */
@Timeout(10)
class AwaitInterruptionTest {

  @Test
  void interruptedOnEntryEvenWhenTheTaskHasEnded() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(() -> 1);
      h.awaitOutcome();
      Thread.currentThread().interrupt();
      assertThatThrownBy(h::await).isInstanceOf(InterruptedException.class);
      assertThat(h.await()).isEqualTo(1);
    }
  }

  @Test
  void interruptedWhileWaitingLeavesTheTaskRunning() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(3));
      gate.awaitStarted(1);
      Async<Integer> waiter = Async.call(h::await);
      waiter.awaitParkedOn(h);
      waiter.thread().interrupt();
      assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
      assertThat(h.state()).isEqualTo(TaskState.RUNNING);
      gate.open();
      assertThat(h.await()).isEqualTo(3);
    }
  }

  @Test
  void contextDoneOnEntryAndWhileWaiting() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(3));
      CancelContext done = Context.withCancel(Context.background());
      done.cancel();
      assertThatThrownBy(() -> h.await(done)).isInstanceOf(ContextCancelledException.class);
      CancelContext ctx = Context.withCancel(Context.background());
      Async<Integer> waiter = Async.call(() -> h.await(ctx));
      waiter.awaitParkedOn(h);
      ctx.cancel();
      assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
      assertThat(h.isDone()).isFalse();
      gate.open();
      assertThat(h.await(Context.background())).isEqualTo(3);
    }
  }

  @Test
  void timedAwaitTimesOutAndLaterSucceeds() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(4));
      assertThatThrownBy(() -> h.await(Duration.ofMillis(20)))
          .isInstanceOf(TimeoutException.class)
          .hasMessageStartingWith("TaskHandle: task did not end within");
      gate.open();
      assertThat(h.await(Duration.ofSeconds(10))).isEqualTo(4);
      assertThat(h.await(Duration.ZERO)).isEqualTo(4);
    }
  }

  @Test
  void manyWaitersAreAllWoken() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(9));
      java.util.List<Async<Integer>> waiters = new java.util.ArrayList<>();
      for (int i = 0; i < 10; i++) waiters.add(Async.call(h::await));
      for (Async<Integer> w : waiters) w.awaitParkedOn(h);
      gate.open();
      for (Async<Integer> w : waiters) assertThat(w.get()).isEqualTo(9);
    }
  }
}
