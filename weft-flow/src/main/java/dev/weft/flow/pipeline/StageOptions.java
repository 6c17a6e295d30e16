package dev.weft.flow.pipeline;

/**
 * How a pipeline stage runs: how many threads call its function, how large the buffer in front of
 * it is, and whether its output keeps its input's order. Immutable; validated on construction.
 *
 * <ul>
 *   <li>{@code parallelism}: the number of weft virtual threads running the stage's function, at
 *       least 1. Sources, sinks and {@code batch} stages run on one thread and accept only 1.
 *   <li>{@code buffer}: the capacity of the channel in front of the stage (its input queue), at
 *       least 0; 0 is a rendezvous: the upstream stage hands each item over directly. The buffer is
 *       where backpressure lives: when it is full, the upstream stage waits.
 *   <li>{@code ordered}: whether, with parallelism above 1, the stage emits its results in the
 *       order its items arrived. An ordered stage lets at most {@code 2 * parallelism} items be
 *       taken and not yet emitted (its reorder buffer is bounded by that), so one slow item holds
 *       the others back once that window is used up. Unordered stages emit each result as soon as
 *       it is ready. With parallelism 1 both are the same.
 * </ul>
 *
 * @param parallelism threads running the stage, {@code >= 1}
 * @param buffer capacity of the stage's input channel, {@code >= 0}
 * @param ordered whether output keeps input order
 */
public record StageOptions(int parallelism, int buffer, boolean ordered) {

  /** The buffer used by {@link #defaults()}. */
  public static final int DEFAULT_BUFFER = 16;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code parallelism < 1} or {@code buffer < 0}
   */
  public StageOptions {
    if (parallelism < 1) {
      throw new IllegalArgumentException("StageOptions: parallelism must be >= 1, got " + parallelism);
    }
    if (buffer < 0) {
      throw new IllegalArgumentException("StageOptions: buffer must be >= 0, got " + buffer);
    }
  }

  /**
   * One thread, a buffer of {@value #DEFAULT_BUFFER}, ordered.
   *
   * @return one thread, a buffer of {@value #DEFAULT_BUFFER}, ordered
   */
  public static StageOptions defaults() {
    return new StageOptions(1, DEFAULT_BUFFER, true);
  }

  /**
   * The defaults with {@code n} threads, ordered.
   *
   * @param n how many threads run the stage
   * @return the defaults with {@code n} threads, ordered
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public static StageOptions parallel(int n) {
    return defaults().withParallelism(n);
  }

  /**
   * These options with another parallelism.
   *
   * @param n how many threads run the stage
   * @return these options with another parallelism
   * @throws IllegalArgumentException if {@code n < 1}
   */
  public StageOptions withParallelism(int n) {
    return new StageOptions(n, buffer, ordered);
  }

  /**
   * These options with another input buffer capacity.
   *
   * @param capacity the buffer capacity of the stage's input
   * @return these options with another input buffer capacity
   * @throws IllegalArgumentException if {@code capacity < 0}
   */
  public StageOptions withBuffer(int capacity) {
    return new StageOptions(parallelism, capacity, ordered);
  }

  /**
   * These options, ordered or not.
   *
   * @param keepOrder whether results leave in input order
   * @return these options, ordered or not
   */
  public StageOptions withOrdered(boolean keepOrder) {
    return new StageOptions(parallelism, buffer, keepOrder);
  }

  /**
   * These options, unordered: results leave as soon as they are ready.
   *
   * @return these options, unordered: results leave as soon as they are ready
   */
  public StageOptions unordered() {
    return withOrdered(false);
  }
}
