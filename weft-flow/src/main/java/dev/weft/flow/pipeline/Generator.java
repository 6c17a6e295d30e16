package dev.weft.flow.pipeline;

/**
 * The source of a {@link Pipeline#generate generated} pipeline: produces items by calling {@link
 * Emitter#emit} and returns when there are no more. Runs on one weft virtual thread per run of the
 * pipeline.
 *
 * <p>When the pipeline is cancelled or fails, {@code emit} throws {@link
 * dev.weft.context.ContextCancelledException}; a generator that blocks elsewhere (sleeps, polls a
 * queue) should pass {@link Emitter#context()} to that wait, or the run waits for it to return. Any other exception fails
 * the pipeline with a {@link PipelineException} naming the source.
 *
 * @param <T> item type
 */
@FunctionalInterface
public interface Generator<T> {

  /**
   * Emits the items, in order, and returns when done.
   *
   * @param emitter sends the items downstream
   * @throws Exception to fail the pipeline
   */
  void generate(Emitter<T> emitter) throws Exception;
}
