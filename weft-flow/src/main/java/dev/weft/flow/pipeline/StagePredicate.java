package dev.weft.flow.pipeline;

/**
 * The test of a {@link Pipeline#filter filter} stage. It may throw: the first exception thrown by
 * any stage fails the pipeline with a {@link PipelineException} naming the stage. With parallelism
 * above 1 it is called from several threads at once.
 *
 * @param <T> input type
 */
@FunctionalInterface
public interface StagePredicate<T> {

  /**
   * Whether {@code item} passes on downstream.
   *
   * @throws Exception to fail the pipeline
   */
  boolean test(T item) throws Exception;
}
