package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Gate;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A collecting group runs every task and returns every outcome in submission order. */
@Timeout(10)
class CollectingGroupTest {

  private static int failing(int i) throws IOException {
    throw new IOException("task " + i);
  }

  @Test
  void everyOutcomeInSubmissionOrderWhateverFails() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.create(3)) {
      ResultGroup<Integer> g = pool.collectingGroup();
      assertThat(g.collectsAll()).isTrue();
      for (int i = 0; i < 30; i++) {
        int id = i;
        g.submit(
            () -> {
              ran.incrementAndGet();
              return id % 3 == 0 ? failing(id) : id;
            });
      }
      List<TaskOutcome<Integer>> outcomes = g.awaitOutcomes();
      assertThat(ran.get()).isEqualTo(30); // a failure cancelled nothing
      assertThat(outcomes).hasSize(30);
      for (int i = 0; i < 30; i++) {
        TaskOutcome<Integer> o = outcomes.get(i);
        if (i % 3 == 0) {
          assertThat(((TaskOutcome.Failed<Integer>) o).error()).hasMessage("task " + i);
        } else {
          assertThat(o).isEqualTo(new TaskOutcome.Succeeded<>(i));
        }
      }
      assertThat(g.context().isDone()).isTrue();
    }
  }

  @Test
  void awaitOnACollectingGroupThrowsTheFirstFailureAfterEveryTaskRan() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.collectingGroup();
      g.submit(() -> failing(0));
      for (int i = 1; i <= 5; i++) g.submit(ran::incrementAndGet);
      assertThatThrownBy(g::await)
          .isInstanceOf(ExecutionException.class)
          .cause()
          .hasMessage("task 0");
      assertThat(ran.get()).isEqualTo(5);
    }
  }

  @Test
  void aCancelledGroupReportsItsCancelledTasks() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      CancelContext parent = Context.withCancel(Context.background());
      ResultGroup<Integer> g = pool.collectingGroup(parent);
      g.submit(() -> 1).await();
      g.submit(gate.task(2));
      gate.awaitStarted(1);
      TaskHandle<Integer> queued = g.submit(() -> 3);
      parent.cancel();
      List<TaskOutcome<Integer>> outcomes = g.awaitOutcomes();
      assertThat(outcomes.get(0)).isEqualTo(new TaskOutcome.Succeeded<>(1));
      assertThat(outcomes.get(1)).isInstanceOf(TaskOutcome.Cancelled.class);
      assertThat(outcomes.get(2)).isInstanceOf(TaskOutcome.Cancelled.class);
      assertThat(queued.state()).isEqualTo(TaskState.CANCELLED);
    }
  }

  @Test
  void aFirstErrorGroupReportsTheTasksItsFailureCancelled() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(2)) {
      ResultGroup<Integer> g = pool.group();
      g.submit(gate.task(1));
      gate.awaitStarted(1);
      g.submit(() -> failing(2));
      List<TaskOutcome<Integer>> outcomes = g.awaitOutcomes();
      assertThat(outcomes.get(0)).isInstanceOf(TaskOutcome.Cancelled.class);
      assertThat(outcomes.get(1)).isInstanceOf(TaskOutcome.Failed.class);
    }
  }

  @Test
  void submitAfterAwaitSaysSo() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.collectingGroup();
      g.submit(() -> 1);
      assertThat(g.awaitOutcomes()).hasSize(1);
      assertThatThrownBy(() -> g.submit(() -> 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("ResultGroup: submit after await");
      assertThatThrownBy(() -> g.trySubmit(() -> 2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("ResultGroup: submit after await");
      assertThat(g.size()).isEqualTo(1);
    }
  }

  @Test
  void awaitOutcomesIsInterruptibleAndLeavesTheGroupAsItWas() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      ResultGroup<Integer> g = pool.collectingGroup();
      g.submit(gate.task(1));
      gate.awaitStarted(1);
      Thread.currentThread().interrupt();
      assertThatThrownBy(g::awaitOutcomes).isInstanceOf(InterruptedException.class);
      dev.weft.test.Async<List<TaskOutcome<Integer>>> waiter =
          dev.weft.test.Async.call(g::awaitOutcomes);
      waiter.assertStillBlocked();
      waiter.interrupt();
      assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
      assertThat(g.context().isDone()).isFalse();
      g.submit(() -> 2); // not awaited yet
      gate.open();
      assertThat(g.awaitOutcomes()).hasSize(2);
    }
  }
}
