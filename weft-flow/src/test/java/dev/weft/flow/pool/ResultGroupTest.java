package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Result groups: results in submission order; the first failure cancels the rest and is thrown. */
@Timeout(10)
class ResultGroupTest {

  @Test
  void resultsComeInSubmissionOrderWhateverTheCompletionOrder() throws Exception {
    try (WorkerPool pool = WorkerPool.create(4)) {
      ResultGroup<Integer> g = pool.group();
      List<CountDownLatch> latches = new ArrayList<>();
      for (int i = 0; i < 4; i++) latches.add(new CountDownLatch(1));
      for (int i = 0; i < 4; i++) {
        int n = i;
        g.submit(() -> {
          latches.get(n).await();
          return n * 10;
        });
      }
      for (int i = 3; i >= 0; i--) latches.get(i).countDown(); // finish in reverse
      assertThat(g.await()).containsExactly(0, 10, 20, 30);
      assertThat(g.size()).isEqualTo(4);
    }
  }

  @Test
  void completionOrderIsAvailableToo() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<String> g = pool.group();
      CountDownLatch slowMayGo = new CountDownLatch(1);
      g.submit(() -> {
        slowMayGo.await();
        return "slow";
      });
      TaskHandle<String> fast = g.submit(() -> "fast");
      fast.await(); // its completion is recorded before its handle is released
      slowMayGo.countDown();
      assertThat(g.awaitInCompletionOrder()).containsExactly("fast", "slow");
    }
  }

  @Test
  void theFirstFailureCancelsTheOthersAndIsWhatAwaitThrows() throws Exception {
    Gate gate = new Gate();
    AtomicInteger queuedRan = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<Integer> g = pool.group();
      TaskHandle<Integer> running = g.submit(gate.task(1));
      gate.awaitStarted(1);
      CountDownLatch fail = new CountDownLatch(1);
      IOException boom = new IOException("boom");
      g.submit(() -> {
        fail.await();
        throw boom;
      });
      List<TaskHandle<Integer>> queued = new ArrayList<>();
      for (int i = 0; i < 5; i++) queued.add(g.submit(() -> queuedRan.incrementAndGet()));
      fail.countDown();
      assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
      assertThat(running.state()).isEqualTo(TaskState.CANCELLED);
      assertThat(queued).allSatisfy(h -> assertThat(h.state()).isEqualTo(TaskState.CANCELLED));
      assertThat(queuedRan.get()).isZero();
      assertThat(g.firstError()).contains(boom);
      assertThat(g.context().cause()).contains(boom);
    }
  }

  @Test
  void laterFailuresAreSuppressedIntoTheFirst() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<Integer> g = pool.group();
      CountDownLatch both = new CountDownLatch(2);
      IOException a = new IOException("a");
      IOException b = new IOException("b");
      CountDownLatch firstDone = new CountDownLatch(1);
      g.submit(() -> {
        both.countDown();
        both.await();
        firstDone.countDown();
        throw a;
      });
      g.submit(() -> {
        both.countDown();
        both.await();
        firstDone.await();
        Thread.interrupted(); // ignore the group's cancellation: fail anyway
        throw b;
      });
      ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, g::await);
      Throwable first = e.getCause();
      assertThat(first).isIn(a, b);
    }
  }

  @Test
  void contextTasksSeeTheGroupContext() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<String> g = pool.group();
      g.submit(c -> {
        c.await(); // returns when the group is cancelled by the other task's failure
        return "saw cancel";
      });
      g.submit(c -> {
        throw new IOException("fail");
      });
      assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class).hasRootCauseMessage("fail");
    }
  }

  @Test
  void aCancelledParentContextCancelsTheGroup() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      CancelContext parent = Context.withCancel(Context.background());
      ResultGroup<Integer> g = pool.group(parent);
      g.submit(
          c -> {
            gate.pass(c::throwIfDone);
            return 1;
          });
      gate.awaitStarted(1);
      parent.cancel();
      assertThatThrownBy(() -> g.submit(() -> 2)).isInstanceOf(ContextCancelledException.class);
      assertThatThrownBy(g::await).isInstanceOf(CancellationException.class);
    }
  }

  @Test
  void submitAfterAwaitIsRefused() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.group();
      g.submit(() -> 1);
      assertThat(g.await()).containsExactly(1);
      assertThatThrownBy(() -> g.submit(() -> 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("ResultGroup: submit after await");
      assertThat(pool.group().await()).isEmpty();
    }
  }

  @Test
  void anInterruptedAwaitLeavesTheGroupRunning() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.group();
      TaskHandle<Integer> h = g.submit(gate.task(1));
      Async<List<Integer>> waiter = Async.call(g::await);
      waiter.awaitParkedOn(h);
      waiter.thread().interrupt();
      assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
      assertThat(g.context().isDone()).isFalse();
      gate.open();
      assertThat(g.await()).containsExactly(1);
    }
  }

  @Test
  void aContextBoundedAwaitGivesUpAndLeavesTheGroupRunning() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.group();
      g.submit(gate.task(1));
      CancelContext waitCtx = Context.withCancel(Context.background());
      Async<List<Integer>> waiter = Async.call(() -> g.await(waitCtx));
      waiter.assertStillBlocked();
      waitCtx.cancel();
      assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
      assertThat(g.context().isDone()).isFalse();
      gate.open();
      assertThat(g.await(Context.background())).containsExactly(1);
      assertThat(g.toString()).isEqualTo("ResultGroup[tasks=1, finished=1]");
    }
  }

  @Test
  void cancellingTheGroupCancelsItsTasks() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.group();
      TaskHandle<Integer> running = g.submit(gate.task(1));
      TaskHandle<Integer> queued = g.submit(gate.task(2));
      gate.awaitStarted(1);
      assertThat(g.cancel()).isTrue();
      assertThatThrownBy(g::await).isInstanceOf(CancellationException.class);
      assertThat(running.state()).isEqualTo(TaskState.CANCELLED);
      assertThat(queued.state()).isEqualTo(TaskState.CANCELLED);
      assertThat(g.firstError()).isEmpty();
    }
  }

  @Test
  void trySubmitAddsAcceptedTasksAndLeavesRejectedOnesOut() throws Exception {
    try (WorkerPool pool =
        WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withBoundedQueue(1))) {
      ResultGroup<Integer> g = pool.group();
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(1);
      SubmitResult<Integer> first =
          g.trySubmit(
              () -> {
                started.countDown();
                release.await();
                return 1;
              });
      started.await();
      SubmitResult<Integer> second = g.trySubmit(() -> 2); // queued
      SubmitResult<Integer> third = g.trySubmit(() -> 3); // no room: rejected
      assertThat(first.isAccepted()).isTrue();
      assertThat(second.isAccepted()).isTrue();
      assertThat(third).isEqualTo(new SubmitResult.Rejected<Integer>(RejectReason.QUEUE_FULL));
      assertThat(g.size()).isEqualTo(2);
      release.countDown();
      assertThat(g.await()).containsExactly(1, 2);
    }
  }

  @Test
  void trySubmitOnAFailedGroupThrowsAndSubmitsNothing() throws Exception {
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<Integer> g = pool.group();
      g.submit(
          () -> {
            throw new IOException("boom");
          });
      assertThatThrownBy(g::await).isInstanceOf(ExecutionException.class);
      long submitted = pool.metrics().submitted();
      assertThatThrownBy(() -> g.trySubmit(() -> 1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("ResultGroup: submit after await");
      assertThatThrownBy(() -> g.trySubmit(c -> 1, TaskOptions.defaults()))
          .isInstanceOf(IllegalStateException.class);
      assertThat(pool.metrics().submitted()).isEqualTo(submitted);
      assertThat(g.size()).isEqualTo(1);
    }
  }

  @Test
  void trySubmitOnAStoppedPoolIsRejectedAndAContextTaskRunsWithALiveContext() throws Exception {
    WorkerPool pool = WorkerPool.create(2);
    ResultGroup<Boolean> g = pool.group();
    SubmitResult<Boolean> seen = g.trySubmit(c -> c != null && !c.isDone(), TaskOptions.defaults());
    assertThat(seen.isAccepted()).isTrue();
    assertThat(g.await()).containsExactly(true);
    ResultGroup<Boolean> later = pool.group();
    pool.close();
    assertThat(later.trySubmit(() -> true))
        .isEqualTo(new SubmitResult.Rejected<Boolean>(RejectReason.STOPPED));
    assertThat(later.size()).isZero();
    assertThatThrownBy(() -> later.trySubmit(null)).isInstanceOf(NullPointerException.class);
  }
}
