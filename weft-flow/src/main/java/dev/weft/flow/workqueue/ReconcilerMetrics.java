package dev.weft.flow.workqueue;

/**
 * A snapshot of a {@link Reconciler}'s counters, each read atomically but not together.
 *
 * @param reconciled calls of the reconcile function that returned a result
 * @param errors calls that threw
 * @param requeued keys put back on the queue: failures being retried, and {@link
 *     ReconcileResult#requeue()} / {@link ReconcileResult#requeueAfter} results
 * @param dropped keys given up on after their last retry (or failing while the queue shut down)
 */
public record ReconcilerMetrics(long reconciled, long errors, long requeued, long dropped) {}
