package dev.weft.flow.pipeline;

/**
 * The action of a {@link Pipeline#tap tap} stage or a {@link Pipeline#forEach forEach} sink. It
 * may throw: the first exception thrown by any stage fails the pipeline with a {@link
 * PipelineException} naming the stage. A sink's consumer is always called from one thread at a
 * time; a tap's from several when its parallelism is above 1.
 *
 * @param <T> input type
 */
@FunctionalInterface
public interface StageConsumer<T> {

  /**
   * Handles one item.
   *
   * @throws Exception to fail the pipeline
   */
  void accept(T item) throws Exception;
}
