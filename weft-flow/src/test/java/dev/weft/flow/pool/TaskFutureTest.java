package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Gate;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** TaskHandle.toCompletableFuture: completes when the task ends; cancelling it cancels the task. */
@Timeout(10)
class TaskFutureTest {

  @Test
  void completesWithTheValueAndComposes() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(20));
      CompletableFuture<Integer> f = h.toCompletableFuture();
      CompletableFuture<Integer> plusOne = f.thenApply(v -> v + 1);
      assertThat(f.isDone()).isFalse();
      gate.open();
      assertThat(plusOne.get()).isEqualTo(21);
      assertThat(f.join()).isEqualTo(20);
    }
  }

  @Test
  void completesExceptionallyWithTheTasksOwnException() throws Exception {
    IOException boom = new IOException("boom");
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h =
          pool.submit(
              () -> {
                throw boom;
              });
      CompletableFuture<Integer> f = h.toCompletableFuture();
      assertThatThrownBy(f::get).isInstanceOf(ExecutionException.class).cause().isSameAs(boom);
      assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).cause().isSameAs(boom);
    }
  }

  @Test
  void aFutureOfAnEndedTaskIsCompletedAtOnce() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<String> h = pool.submit(() -> "done");
      h.await();
      CompletableFuture<String> f = h.toCompletableFuture();
      assertThat(f.isDone()).isTrue();
      assertThat(f.join()).isEqualTo("done");
    }
  }

  @Test
  void cancellingTheFutureCancelsTheRunningTask() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(1));
      gate.awaitStarted(1);
      CompletableFuture<Integer> f = h.toCompletableFuture();
      assertThat(f.cancel(true)).isTrue();
      assertThat(f.isCancelled()).isTrue();
      assertThat(h.awaitOutcome()).isInstanceOf(TaskOutcome.Cancelled.class);
    }
  }

  @Test
  void cancellingTheFutureRemovesAQueuedTask() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      pool.submit(gate.task(1));
      gate.awaitStarted(1);
      TaskHandle<Integer> queued = pool.submit(() -> 2);
      queued.toCompletableFuture().cancel(false);
      assertThat(queued.state()).isEqualTo(TaskState.CANCELLED);
      gate.open();
    }
  }

  @Test
  void cancellingTheTaskCancelsItsFutures() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(1));
      gate.awaitStarted(1);
      CompletableFuture<Integer> a = h.toCompletableFuture();
      CompletableFuture<Integer> b = h.toCompletableFuture();
      h.cancel();
      assertThatThrownBy(a::get).isInstanceOf(CancellationException.class);
      assertThatThrownBy(b::join).isInstanceOf(CancellationException.class);
      assertThat(h.state()).isEqualTo(TaskState.CANCELLED); // the future completed after the end
    }
  }

  @Test
  void completingTheFutureOtherwiseLeavesTheTaskAlone() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = WorkerPool.create(1)) {
      TaskHandle<Integer> h = pool.submit(gate.task(1));
      gate.awaitStarted(1);
      CompletableFuture<Integer> f = h.toCompletableFuture();
      f.complete(99);
      assertThat(h.state()).isEqualTo(TaskState.RUNNING);
      gate.open();
      assertThat(h.await()).isEqualTo(1);
      assertThat(f.join()).isEqualTo(99);
    }
  }
}
