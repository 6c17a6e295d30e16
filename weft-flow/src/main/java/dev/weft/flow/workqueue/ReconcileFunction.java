package dev.weft.flow.workqueue;

import dev.weft.context.Context;

/**
 * Brings the thing named by a key to its desired state: the body of a {@link Reconciler}.
 *
 * <p>It should be idempotent and level-based (read the current desired and actual state; do not
 * rely on which event queued the key), since a key may be reconciled again after any outcome. It
 * should watch {@code ctx}: the reconciler cancels it when it is cancelled itself, and its stop
 * waits for calls in flight.
 *
 * @param <K> key type
 */
@FunctionalInterface
public interface ReconcileFunction<K> {

  /**
   * Reconciles {@code key}. Never called concurrently for the same key.
   *
   * @param ctx done when the reconciler stops
   * @param key the key
   * @return what to do with the key next (never null)
   * @throws Exception to report a failure: the key is retried with back-off up to the limit
   */
  ReconcileResult reconcile(Context ctx, K key) throws Exception;
}
