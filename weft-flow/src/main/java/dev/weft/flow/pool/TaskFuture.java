package dev.weft.flow.pool;

import java.util.concurrent.CompletableFuture;

/**
 * The {@link CompletableFuture} of {@link TaskHandle#toCompletableFuture()}: completed by the task
 * when it ends (from {@link PoolTask}'s release of its waiters, where it waits as a node with no
 * thread), and cancelling it cancels the task.
 */
final class TaskFuture<T> extends CompletableFuture<T> {
  private final PoolTask<T> task;

  TaskFuture(PoolTask<T> task) {
    this.task = task;
  }

  /** Cancels the task as {@link TaskHandle#cancel()} does, then this future, at once. */
  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    task.cancel();
    return super.cancel(mayInterruptIfRunning);
  }

  /** By the task, once it ended: completes with its outcome (unless completed otherwise). */
  void completeFrom(TaskOutcome<T> outcome) {
    switch (outcome) {
      case TaskOutcome.Succeeded<T> s -> complete(s.value());
      case TaskOutcome.Failed<T> f -> completeExceptionally(f.error());
      case TaskOutcome.Cancelled<T> c -> super.cancel(false);
    }
  }

  @Override
  public String toString() {
    return "TaskFuture[" + task + "]";
  }
}
