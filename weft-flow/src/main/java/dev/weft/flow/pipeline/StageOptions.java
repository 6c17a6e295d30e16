package dev.weft.flow.pipeline;

import java.util.Objects;

/**
 * How a pipeline stage runs: how many threads call its function, how large the buffer in front of
 * it is, whether its output keeps its input's order, what a failing item does, and whether it may
 * share a thread with its neighbours. Immutable; validated on construction.
 *
 * <ul>
 *   <li>{@code parallelism}: the number of weft virtual threads running the stage's function, at
 *       least 1. Sources, sinks and {@code batch} stages run on one thread and accept only 1.
 *   <li>{@code buffer}: the capacity of the channel in front of the stage (its input queue), at
 *       least 0; 0 is a rendezvous: the upstream stage hands each item over directly. The buffer is
 *       where backpressure lives: when it is full, the upstream stage waits. A stage {@linkplain
 *       Pipeline fused} with the one before it has no channel in front of it, so its buffer is
 *       unused: the upstream stage calls it directly, one item at a time.
 *   <li>{@code ordered}: whether, with parallelism above 1, the stage emits its results in the
 *       order its items arrived. An ordered stage lets at most {@code 2 * parallelism} items be
 *       taken and not yet emitted (its reorder buffer is bounded by that), so one slow item holds
 *       the others back once that window is used up. Unordered stages emit each result as soon as
 *       it is ready. With parallelism 1 both are the same.
 *   <li>{@code errorPolicy}: what happens when the stage's function throws for an item: the run
 *       fails (the default), the item is skipped, or it goes to a dead-letter sink. See {@link
 *       ErrorPolicy}; sources, {@code batch} and {@code toChannel} stages accept only {@link
 *       ErrorPolicy#fail()}.
 *   <li>{@code fusible}: whether the stage may share a thread with its neighbours. By default
 *       ({@code true}) neighbouring stages with parallelism 1 are {@linkplain Pipeline fused}:
 *       they run on one thread, each item handed from one function to the next by a plain call.
 *       An {@linkplain #unfused() unfused} stage runs on a thread of its own behind its buffer, so
 *       that it works at the same time as its neighbours: for a stage that blocks (on I/O, say)
 *       next to others that do too, or to keep a buffer between a bursty stage and a slow one.
 *       Stages with parallelism above 1 always have threads of their own.
 * </ul>
 *
 * @param parallelism threads running the stage, {@code >= 1}
 * @param buffer capacity of the stage's input channel, {@code >= 0}
 * @param ordered whether output keeps input order
 * @param errorPolicy what a failing item does
 * @param fusible whether the stage may be fused with neighbours that have parallelism 1
 */
public record StageOptions(
    int parallelism, int buffer, boolean ordered, ErrorPolicy errorPolicy, boolean fusible) {

  /** The buffer used by {@link #defaults()}. */
  public static final int DEFAULT_BUFFER = 16;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if {@code parallelism < 1} or {@code buffer < 0}
   * @throws NullPointerException if {@code errorPolicy} is null
   */
  public StageOptions {
    Objects.requireNonNull(errorPolicy, "StageOptions: errorPolicy is null");
    if (parallelism < 1) {
      throw new IllegalArgumentException("StageOptions: parallelism must be >= 1, got " + parallelism);
    }
    if (buffer < 0) {
      throw new IllegalArgumentException("StageOptions: buffer must be >= 0, got " + buffer);
    }
  }

  /**
   * Options that may be fused with their neighbours ({@code fusible}).
   *
   * @param parallelism threads running the stage, {@code >= 1}
   * @param buffer capacity of the stage's input channel, {@code >= 0}
   * @param ordered whether output keeps input order
   * @param errorPolicy what a failing item does
   * @throws IllegalArgumentException if {@code parallelism < 1} or {@code buffer < 0}
   * @throws NullPointerException if {@code errorPolicy} is null
   */
  public StageOptions(int parallelism, int buffer, boolean ordered, ErrorPolicy errorPolicy) {
    this(parallelism, buffer, ordered, errorPolicy, true);
  }

  /**
   * Options that fail the run on the first failing item ({@link ErrorPolicy#fail()}) and may be
   * fused with their neighbours.
   *
   * @param parallelism threads running the stage, {@code >= 1}
   * @param buffer capacity of the stage's input channel, {@code >= 0}
   * @param ordered whether output keeps input order
   * @throws IllegalArgumentException if {@code parallelism < 1} or {@code buffer < 0}
   */
  public StageOptions(int parallelism, int buffer, boolean ordered) {
    this(parallelism, buffer, ordered, ErrorPolicy.fail());
  }

  /**
   * One thread, a buffer of {@value #DEFAULT_BUFFER}, ordered, failing the run on an error, fused
   * with neighbours that have one thread too.
   *
   * @return the default options
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
    return new StageOptions(n, buffer, ordered, errorPolicy, fusible);
  }

  /**
   * These options with another input buffer capacity.
   *
   * @param capacity the buffer capacity of the stage's input
   * @return these options with another input buffer capacity
   * @throws IllegalArgumentException if {@code capacity < 0}
   */
  public StageOptions withBuffer(int capacity) {
    return new StageOptions(parallelism, capacity, ordered, errorPolicy, fusible);
  }

  /**
   * These options, ordered or not.
   *
   * @param keepOrder whether results leave in input order
   * @return these options, ordered or not
   */
  public StageOptions withOrdered(boolean keepOrder) {
    return new StageOptions(parallelism, buffer, keepOrder, errorPolicy, fusible);
  }

  /**
   * These options, unordered: results leave as soon as they are ready.
   *
   * @return these options, unordered: results leave as soon as they are ready
   */
  public StageOptions unordered() {
    return withOrdered(false);
  }

  /**
   * These options with another error policy.
   *
   * @param policy what a failing item does
   * @return the new options
   * @throws NullPointerException if {@code policy} is null
   */
  public StageOptions withErrorPolicy(ErrorPolicy policy) {
    return new StageOptions(parallelism, buffer, ordered, policy, fusible);
  }

  /**
   * These options, unfused: the stage runs on a thread of its own, behind its buffer, even with
   * parallelism 1, instead of sharing one with its neighbours.
   *
   * @return these options, unfused
   */
  public StageOptions unfused() {
    return withFusible(false);
  }

  /**
   * These options, fusible with neighbours that have parallelism 1 or not (see the class
   * documentation).
   *
   * @param mayShareThread whether the stage may run on its neighbours' thread
   * @return these options, fusible or not
   */
  public StageOptions withFusible(boolean mayShareThread) {
    return new StageOptions(parallelism, buffer, ordered, errorPolicy, mayShareThread);
  }
}
