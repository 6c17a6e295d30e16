package dev.weft.flow.workqueue;

import java.util.Objects;

/**
 * How a {@link Reconciler} runs: an immutable value, validated on construction.
 *
 * @param workers how many worker threads take keys from the queue (at least 1)
 * @param maxRetries how many times a failing key is requeued before it is dropped (0: never
 *     retried); a key is attempted at most {@code maxRetries + 1} times in a row. Counted with
 *     {@link WorkQueue#numRequeues}, so {@code requeue()} results count too until the key is
 *     forgotten.
 * @param name the name of the worker threads ({@code weft-<name>-<n>}) and of log messages
 */
public record ReconcilerOptions(int workers, int maxRetries, String name) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code workers < 1}, {@code maxRetries < 0} or {@code name}
   *     is blank
   * @throws NullPointerException if {@code name} is null
   */
  public ReconcilerOptions {
    if (workers < 1) {
      throw new IllegalArgumentException("ReconcilerOptions: workers must be >= 1, got " + workers);
    }
    if (maxRetries < 0) {
      throw new IllegalArgumentException(
          "ReconcilerOptions: maxRetries must be >= 0, got " + maxRetries);
    }
    Objects.requireNonNull(name, "ReconcilerOptions: name is null");
    if (name.isBlank()) throw new IllegalArgumentException("ReconcilerOptions: name is blank");
  }

  /**
   * One worker, 5 retries (client-go's sample controller), name {@code "reconciler"}.
   *
   * @return one worker, 5 retries (client-go's sample controller), name {@code "reconciler"}
   */
  public static ReconcilerOptions defaults() {
    return new ReconcilerOptions(1, 5, "reconciler");
  }

  /**
   * A copy with {@code workers} workers.
   *
   * @param workers the number of worker threads
   * @return a copy with {@code workers} workers
   */
  public ReconcilerOptions withWorkers(int workers) {
    return new ReconcilerOptions(workers, maxRetries, name);
  }

  /**
   * A copy with {@code maxRetries} retries.
   *
   * @param maxRetries the retries before a failing key is dropped
   * @return a copy with {@code maxRetries} retries
   */
  public ReconcilerOptions withMaxRetries(int maxRetries) {
    return new ReconcilerOptions(workers, maxRetries, name);
  }

  /**
   * A copy named {@code name}.
   *
   * @param name the reconciler's name
   * @return a copy named {@code name}
   */
  public ReconcilerOptions withName(String name) {
    return new ReconcilerOptions(workers, maxRetries, name);
  }
}
