package dev.weft.flow.pipeline;

/**
 * The function of a {@link Pipeline#map map} or {@link Pipeline#flatMap flatMap} stage. It may
 * throw: the first exception thrown by any stage fails the pipeline with a {@link
 * PipelineException} naming the stage. With parallelism above 1 it is called from several threads
 * at once.
 *
 * @param <T> input type
 * @param <R> result type
 */
@FunctionalInterface
public interface StageFunction<T, R> {

  /**
   * Computes the result for one item.
   *
   * @throws Exception to fail the pipeline
   */
  R apply(T item) throws Exception;
}
