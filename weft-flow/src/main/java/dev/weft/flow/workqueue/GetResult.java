package dev.weft.flow.workqueue;

import dev.weft.context.ContextError;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The outcome of taking a key from a {@link WorkQueue}. Which variants a method can return is
 * listed in its documentation.
 *
 * <pre>{@code
 * while (queue.get() instanceof GetResult.Item<String>(String key)) {
 *   try {
 *     reconcile(key);
 *   } finally {
 *     queue.done(key);
 *   }
 * }
 * // the queue is shut down and empty
 * }</pre>
 *
 * @param <K> key type
 */
public sealed interface GetResult<K>
    permits GetResult.Item, GetResult.ShutDown, GetResult.Empty, GetResult.Cancelled {

  /**
   * A key was taken; the caller now processes it and must call {@link WorkQueue#done} for it.
   *
   * @param <K> the type of the keys
   * @param key the key taken from the queue
   */
  record Item<K>(K key) implements GetResult<K> {
    /**
     * Checks that {@code key} is not null.
     *
     * @param key the key taken from the queue
     * @throws NullPointerException if {@code key} is null
     */
    public Item {
      Objects.requireNonNull(key, "GetResult.Item: key is null");
    }
  }

  /**
   * The queue is shut down and has no key left to hand out.
   *
   * @param <K> the type of the keys
   */
  record ShutDown<K>() implements GetResult<K> {}

  /**
   * {@link WorkQueue#tryGet()} only: no key was ready and the queue is not shut down.
   *
   * @param <K> the type of the keys
   */
  record Empty<K>() implements GetResult<K> {}

  /**
   * The context was done first; no key was taken.
   *
   * @param <K> the type of the keys
   * @param error why the operation gave up
   */
  record Cancelled<K>(ContextError error) implements GetResult<K> {
    /**
     * Checks that {@code error} is not null.
     *
     * @param error why the get gave up
     * @throws NullPointerException if {@code error} is null
     */
    public Cancelled {
      Objects.requireNonNull(error, "GetResult.Cancelled: error is null");
    }
  }

  /**
   * Whether a key was taken.
   *
   * @return whether a key was taken
   */
  default boolean isItem() {
    return this instanceof Item<K>;
  }

  /**
   * Whether the queue was found shut down and empty.
   *
   * @return whether the queue was found shut down and empty
   */
  default boolean isShutDown() {
    return this instanceof ShutDown<K>;
  }

  /**
   * The key taken.
   *
   * @return the key taken
   * @throws NoSuchElementException if this is not an {@link Item}
   */
  default K key() {
    if (this instanceof Item<K>(K k)) return k;
    throw new NoSuchElementException("GetResult: no key, result is " + this);
  }
}
