package dev.weft.flow.pool;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * A task accepted by a {@link WorkerPool}: weft's future. Follow it with {@link #state()}, wait for
 * it with {@code await} in its blocking, timed, {@link Context}-aware and non-throwing ({@link
 * #awaitOutcome()}) forms, and stop it with {@link #cancel()}.
 *
 * <p><b>Completion.</b> A task ends exactly once, in one of the terminal {@link TaskState}s. A task
 * cancelled while running ends only when its code has returned, so when any {@code await} returns
 * or throws because the task ended, the task's code is no longer running.
 *
 * <p><b>Failures</b> keep the task's own exception: {@code await} throws an {@link
 * ExecutionException} whose cause is the very exception the task threw, with its stack trace.
 *
 * <p><b>Waiting.</b> Every {@code await} wakes when the task ends, or on interrupt, timeout or
 * context; giving up leaves the task as it was (still queued or running). The interrupt status is
 * checked on entry even when the task has already ended.
 *
 * <p><b>Memory consistency effects:</b> actions in a thread before it submits a task
 * <i>happen-before</i> the task runs; everything the task did <i>happens-before</i> actions after
 * an {@code await}, {@link #outcome()} or {@link #state()} call that observed it ended.
 *
 * @param <T> the result type
 */
public sealed interface TaskHandle<T> permits PoolTask {

  /**
   * The task's current state. Never blocks.
   *
   * @return the task's current state
   */
  TaskState state();

  /**
   * Whether the task has ended (its state is terminal).
   *
   * @return whether the task has ended (its state is terminal)
   */
  default boolean isDone() {
    return state().isTerminal();
  }

  /**
   * How the task ended, or empty if it has not. Never blocks.
   *
   * @return how the task ended, or empty if it has not
   */
  Optional<TaskOutcome<T>> outcome();

  /**
   * Waits for the task to end and returns its result.
   *
   * @return the task's result
   * @throws ExecutionException if the task failed: the cause is the task's exception (or a {@link
   *     TimeoutException} if it timed out)
   * @throws CancellationException if the task was cancelled
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  T await() throws InterruptedException, ExecutionException;

  /**
   * Waits at most {@code timeout} (real time) for the task to end and returns its result.
   *
   * @param timeout how long to wait at most
   * @return the task's result
   * @throws TimeoutException if the task did not end in time; it keeps running
   * @throws ExecutionException if the task failed
   * @throws CancellationException if the task was cancelled
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code timeout} is null
   */
  T await(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException;

  /**
   * Waits until the task ends or {@code ctx} is done, and returns its result. The context bounds
   * only the wait: a done context does not cancel the task.
   *
   * @param ctx the context; the call gives up when it is done
   * @return the task's result
   * @throws ContextCancelledException if {@code ctx} is done on entry or before the task ended
   * @throws ExecutionException if the task failed
   * @throws CancellationException if the task was cancelled
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  T await(Context ctx) throws InterruptedException, ExecutionException;

  /**
   * Waits for the task to end and returns how it ended, without throwing for a failed or cancelled
   * task.
   *
   * @return how the task ended
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  TaskOutcome<T> awaitOutcome() throws InterruptedException;

  /**
   * Cancels the task: a queued task is removed from the queue and ends {@link TaskState#CANCELLED}
   * at once; a running task has its context cancelled and its thread interrupted, moves to {@link
   * TaskState#CANCELLING} and ends {@code CANCELLED} when its code returns (whatever it returns).
   * Does not wait. Does nothing to an ended task.
   *
   * @return {@code true} if this call cancelled the task; {@code false} if it had already ended or
   *     was already being cancelled
   */
  boolean cancel();

  /**
   * A new {@link CompletableFuture} of this task, for code that composes futures: it completes when
   * the task ends, with the task's value, exceptionally with the task's exception (a {@link
   * TimeoutException} if it timed out), or cancelled. It completes after every {@code await} of the
   * task could return, with the same happens-before edge.
   *
   * <p>Cancelling the future cancels the task, as {@link #cancel()} does; the future is cancelled
   * at once, while a running task may still be {@link TaskState#CANCELLING} (await this handle to
   * know that its code has returned). Completing the future by other means does not affect the task.
   * Each call returns a new future.
   *
   * <p>Dependent actions that are not {@code ...Async} run on the thread that ends the task (a
   * pool worker, which they keep busy) or on the caller's if the task has ended: give slow actions
   * an executor.
   *
   * @return a future completed by this task
   */
  CompletableFuture<T> toCompletableFuture();
}
