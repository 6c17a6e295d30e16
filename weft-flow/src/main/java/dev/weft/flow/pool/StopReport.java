package dev.weft.flow.pool;

import java.util.List;

/**
 * What a stop had to cancel: from {@link WorkerPool#stopNow()}, or from {@link WorkerPool#stop}
 * when its drain deadline passed. Both lists are empty after a stop that drained everything. Tasks
 * of sub-pools are included.
 *
 * @param cancelledQueued tasks cancelled before they ran, in queue order
 * @param interruptedRunning tasks that were running and were cancelled (interrupted, context
 *     cancelled); when the stop returned, their code had returned
 */
public record StopReport(
    List<TaskHandle<?>> cancelledQueued, List<TaskHandle<?>> interruptedRunning) {

  /** Copies the lists. */
  public StopReport {
    cancelledQueued = List.copyOf(cancelledQueued);
    interruptedRunning = List.copyOf(interruptedRunning);
  }

  /**
   * Whether nothing had to be cancelled.
   *
   * @return whether nothing had to be cancelled
   */
  public boolean isClean() {
    return cancelledQueued.isEmpty() && interruptedRunning.isEmpty();
  }
}
