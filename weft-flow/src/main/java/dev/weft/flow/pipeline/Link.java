package dev.weft.flow.pipeline;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;

/**
 * A fused stage's entry point: what the stage before it in its {@link Segment} calls, through
 * {@link Port#send}, with each item, on the segment's one thread. It does for one item what the
 * stage's own thread would do after receiving it: count it in, call the stage's function (which
 * hands its results on, through this stage's port, to the next link or channel), and apply the
 * stage's {@link ErrorPolicy} to the function's failure.
 *
 * <p>Implementation notes. The failures of a fused stage must be reported as its own, not as the
 * failure of the stage that called it. So nothing but a {@link ContextCancelledException} leaves
 * {@link #accept}: a failure of this stage (its function under {@link ErrorPolicy#fail()}, a
 * failing dead-letter sink, an {@link Error}) is recorded with the run right here, naming this
 * stage, which cancels the run; then the run context's cancellation is thrown. Upstream, that
 * exception is what any stage sees when the run was cancelled during its send: the stage before
 * this one does not hand it to its error policy (the run is done), and a generator sees its
 * {@link Emitter#emit} throw, exactly as with a channel in between.
 */
abstract sealed class Link permits Link.TransformLink, Link.SinkLink {

  final Port port;
  final Context ctx;
  private final PipelineRun<?> run;

  Link(Port port, PipelineRun<?> run) {
    this.port = port;
    this.ctx = port.context();
    this.run = run;
  }

  /**
   * Processes {@code item} through this stage and, via its port, every fused stage after it.
   *
   * @throws ContextCancelledException if the run is cancelled, on entry or meanwhile, or has failed
   *     in this stage or after it (the failure is already recorded)
   */
  final void accept(Object item) throws InterruptedException {
    if (ctx.isDone()) throw port.cancelled();
    port.countIn();
    try {
      process(item);
    } catch (ContextCancelledException e) {
      if (ctx.isDone()) throw e; // the cancellation, or a failure further down already recorded
      throw failed(e);
    } catch (Throwable t) {
      throw failed(t);
    }
  }

  /** The stage's work for one item; failures of its function go through {@link Workers#onItemError}. */
  abstract void process(Object item) throws Exception;

  /** Records {@code t} as this stage's failure (cancelling the run) and returns the cancellation. */
  final ContextCancelledException failed(Throwable t) {
    if (t instanceof InterruptedException) Thread.currentThread().interrupt();
    run.fail(new PipelineException(port.stage().name(), t));
    return port.cancelled();
  }

  /** A fused map, filter, flatMap or tap. */
  static final class TransformLink extends Link {
    private final Stage.Step step;
    private final Stage.Out out;

    TransformLink(Stage.Transform t, Port port, PipelineRun<?> run) {
      super(port, run);
      this.step = t.step();
      this.out = port::send;
    }

    @Override
    void process(Object item) throws Exception {
      try {
        step.apply(ctx, item, out);
      } catch (Exception e) {
        Workers.onItemError(port, item, e);
      }
    }
  }

  /**
   * A fused sink. Its per-run state is opened by the segment's thread before the head starts,
   * finished when the head ended normally, and closed however the thread ends.
   */
  static final class SinkLink extends Link {
    private final Stage.Sink sink;
    private Stage.SinkBody<?> body; // confined to the segment's thread

    SinkLink(Stage.Sink sink, Port port, PipelineRun<?> run) {
      super(port, run);
      this.sink = sink;
    }

    /**
     * Opens the sink's state for this run.
     *
     * @throws ContextCancelledException if opening failed (recorded as the sink's failure)
     */
    void open() {
      try {
        body = sink.factory().open(port);
      } catch (Throwable t) {
        throw failed(t);
      }
    }

    @Override
    void process(Object item) throws Exception {
      try {
        body.accept(item);
      } catch (Exception e) {
        Workers.onItemError(port, item, e);
      }
    }

    /**
     * The sink's result, once every item was accepted.
     *
     * @throws ContextCancelledException if the run is over, or finishing failed (recorded as the
     *     sink's failure)
     */
    Object finish() {
      if (ctx.isDone()) throw port.cancelled(); // e.g. a generator that swallowed the cancellation
      try {
        return body.finish();
      } catch (Throwable t) {
        throw failed(t);
      }
    }

    void close() {
      if (body != null) body.close();
    }
  }
}
