package dev.weft.flow.workqueue;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link ReconcileFunction} asks the {@link Reconciler} to do with the key after a
 * successful call (controller-runtime's {@code reconcile.Result}). A call that throws is a failure
 * instead, retried with back-off up to the reconciler's limit.
 */
public sealed interface ReconcileResult
    permits ReconcileResult.Done, ReconcileResult.Requeue, ReconcileResult.RequeueAfter {

  /** The key is reconciled: its back-off is forgotten and it is not requeued. */
  record Done() implements ReconcileResult {}

  /**
   * Look again later with back-off: the key is requeued with {@link WorkQueue#requeue},
   * which counts towards its {@linkplain WorkQueue#numRequeues requeues} (and so towards the retry
   * limit of a later failure).
   */
  record Requeue() implements ReconcileResult {}

  /**
   * Look again after {@code delay} (for example when a lease or a timeout expires): the key's
   * back-off is forgotten and it is requeued with {@link WorkQueue#addAfter}.
   *
   * @param delay how long to wait before the next look
   */
  record RequeueAfter(Duration delay) implements ReconcileResult {
    /**
     * Validates the delay.
     *
     * @param delay how long to wait before the next look
     * @throws IllegalArgumentException if {@code delay} is negative
     * @throws NullPointerException if {@code delay} is null
     */
    public RequeueAfter {
      Objects.requireNonNull(delay, "ReconcileResult: delay is null");
      if (delay.isNegative()) {
        throw new IllegalArgumentException("ReconcileResult: delay must be >= 0, got " + delay);
      }
    }
  }

  /**
   * {@link Done}: the key is reconciled.
   *
   * @return {@link Done}: the key is reconciled
   */
  static ReconcileResult done() {
    return new Done();
  }

  /**
   * {@link Requeue}: look again later, with back-off.
   *
   * @return {@link Requeue}: look again later, with back-off
   */
  static ReconcileResult requeue() {
    return new Requeue();
  }

  /**
   * {@link RequeueAfter}: look again after {@code delay}.
   *
   * @param delay how long to wait before the next look
   * @return {@link RequeueAfter}: look again after {@code delay}
   * @throws IllegalArgumentException if {@code delay} is negative
   * @throws NullPointerException if {@code delay} is null
   */
  static ReconcileResult requeueAfter(Duration delay) {
    return new RequeueAfter(delay);
  }
}
