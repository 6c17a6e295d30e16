package dev.weft.flow.pool;

import java.util.List;

/**
 * What a stop did: which tasks it had to cancel, which of them had not ended when it returned, and
 * the failures nobody observed. Tasks of sub-pools are included. All lists are empty after a stop
 * that drained everything in time, and after a second stop.
 *
 * @param cancelledQueued tasks cancelled before they ran, in queue order
 * @param interruptedRunning tasks that were running and were cancelled (interrupted, context
 *     cancelled), and whose code returned before the stop did
 * @param stillRunning tasks that were running and were cancelled, but whose code had not returned
 *     when the stop returned (it ignored the interrupt): their state is {@link
 *     TaskState#CANCELLING} until it does, and the pool is not terminated until then
 * @param unobservedFailures how many tasks submitted with {@link WorkerPool#go} failed with nobody
 *     to observe it (policy {@link FailurePolicy#FAIL_TASK}: only the default handler logged them)
 *     since the pool was created; counted by the first stop, zero in later ones
 * @param firstUnobservedFailures the first of those failures (a few, the very exceptions)
 */
public record StopReport(
    List<TaskHandle<?>> cancelledQueued,
    List<TaskHandle<?>> interruptedRunning,
    List<TaskHandle<?>> stillRunning,
    long unobservedFailures,
    List<Throwable> firstUnobservedFailures) {

  /**
   * Copies the lists.
   *
   * @throws IllegalArgumentException if {@code unobservedFailures} is negative
   * @throws NullPointerException if a list or an element is null
   */
  public StopReport {
    cancelledQueued = List.copyOf(cancelledQueued);
    interruptedRunning = List.copyOf(interruptedRunning);
    stillRunning = List.copyOf(stillRunning);
    if (unobservedFailures < 0) {
      throw new IllegalArgumentException(
          "StopReport: unobservedFailures must be >= 0, got " + unobservedFailures);
    }
    firstUnobservedFailures = List.copyOf(firstUnobservedFailures);
  }

  /**
   * Whether nothing had to be cancelled (failures aside).
   *
   * @return whether no queued task was cancelled and no running task interrupted or left running
   */
  public boolean isClean() {
    return cancelledQueued.isEmpty() && interruptedRunning.isEmpty() && stillRunning.isEmpty();
  }

  /**
   * Whether every task the stop cancelled had ended when it returned.
   *
   * @return whether every task the stop cancelled had ended when it returned
   */
  public boolean allEnded() {
    return stillRunning.isEmpty();
  }
}
