package dev.weft.flow.pipeline;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import java.util.List;
import java.util.Objects;

/**
 * A complete pipeline, source to sink, ready to run: what a {@link Pipeline}'s sink methods
 * return. Immutable and reusable: each {@link #run} or {@link #start} is an independent run with
 * fresh channels, threads and sink state (a {@code fromChannel} source, though, can be drained only
 * once).
 *
 * @param <R> the sink's result type
 */
public final class RunnablePipeline<R> {

  private final List<Stage> stages;

  RunnablePipeline(List<Stage> stages) {
    this.stages = List.copyOf(stages);
  }

  /**
   * Runs the pipeline and waits for it: {@code start(ctx).await()}, except that this call owns the
   * run and never leaves it behind. When it returns or throws, no stage thread is left.
   *
   * <p>Wakes when the run ends: the sink finished, a stage failed, or {@code ctx} is done. If
   * interrupted while waiting, it cancels the run, waits for its threads to end, and throws
   * {@link InterruptedException}.
   *
   * @param ctx cancels the run when it is done
   * @return the sink's result ({@code null} for {@code forEach} and {@code toChannel})
   * @throws PipelineException if a stage failed: the first failure, naming the stage, with the
   *     original exception as cause and later failures suppressed
   * @throws ContextCancelledException if {@code ctx} is done on entry (nothing is started) or
   *     before the sink finished
   * @throws InterruptedException if interrupted on entry (nothing is started) or while waiting
   * @throws NullPointerException if {@code ctx} is null
   */
  public R run(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Pipeline: ctx is null");
    if (Thread.interrupted()) throw new InterruptedException();
    ctx.throwIfDone();
    PipelineRun<R> run = start(ctx);
    try {
      return run.await();
    } catch (InterruptedException e) {
      run.cancel();
      run.awaitUninterruptibly();
      throw e;
    }
  }

  /**
   * Starts a run and returns its handle at once. The run is cancelled when {@code ctx} is done;
   * the caller must eventually {@link PipelineRun#await() await} it (or cancel it) so that its
   * threads do not outlive their use. A {@code ctx} that is already done gives a run that ends at
   * once, cancelled.
   *
   * @param ctx cancels the run when it is done
   * @return the handle of the new run
   * @throws NullPointerException if {@code ctx} is null
   */
  public PipelineRun<R> start(Context ctx) {
    Objects.requireNonNull(ctx, "Pipeline: ctx is null");
    PipelineRun<R> run = new PipelineRun<>(stages, ctx);
    run.start();
    return run;
  }

  /**
   * The stages' names, source first, sink last: the order of {@link PipelineRun#metrics()}.
   *
   * @return the stages' names, source first, sink last: the order of {@link PipelineRun#metrics()}
   */
  public List<String> stageNames() {
    return stages.stream().map(Stage::name).toList();
  }

  /** The stages, source first, sink last. */
  List<Stage> stages() {
    return stages;
  }

  @Override
  public String toString() {
    return "RunnablePipeline" + stageNames();
  }
}
