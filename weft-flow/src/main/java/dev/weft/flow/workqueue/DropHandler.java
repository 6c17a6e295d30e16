package dev.weft.flow.workqueue;

/**
 * Told when a {@link Reconciler} gives up on a key: client-go's {@code HandleError} after the last
 * retry.
 *
 * @param <K> key type
 */
@FunctionalInterface
public interface DropHandler<K> {

  /**
   * Called on the worker thread, once per dropped key, after its last failed attempt. Must not
   * block for long; an exception it throws is logged and otherwise ignored.
   *
   * @param key the key given up on
   * @param error the failure of the last attempt
   * @param attempts how many times the key was reconciled in a row without success (at least 1)
   */
  void dropped(K key, Throwable error, int attempts);
}
