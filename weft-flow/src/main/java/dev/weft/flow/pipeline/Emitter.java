package dev.weft.flow.pipeline;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;

/**
 * How a {@link Generator} hands items to its pipeline. Implemented by the pipeline. Not
 * thread-safe: call it only from the thread that runs the generator.
 *
 * @param <T> item type
 */
public interface Emitter<T> {

  /**
   * Sends {@code item} downstream, waiting while the buffer in front of the next stage is full
   * (backpressure). When the stages after the source are {@linkplain Pipeline fused} with it, it
   * runs them on {@code item} on this thread instead, and returns once they are done with it.
   *
   * <p>Wakes when the next stage takes the item or makes room, or when the pipeline is cancelled
   * or fails.
   *
   * @param item the item to emit
   * @throws ContextCancelledException if the pipeline was cancelled or failed, on entry or while
   *     waiting; the item was not sent. Let it propagate: the generator should stop.
   * @throws InterruptedException if the generator's thread is interrupted (weft never does so)
   * @throws NullPointerException if {@code item} is null
   */
  void emit(T item) throws InterruptedException;

  /**
   * The run's context: done when the pipeline is cancelled or fails. A generator that waits for
   * anything other than {@link #emit} (a timer, a socket, a queue) should pass it to that wait, or
   * check it, so that the run can end promptly.
   *
   * @return the run's context: done when the pipeline is cancelled or fails
   */
  Context context();
}
