package dev.weft.flow.pipeline;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.SendChannel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import dev.weft.spi.ThreadRegistry;
import dev.weft.sync.WaitGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One run of a pipeline, started by {@link RunnablePipeline#start(Context)}: a handle to wait for
 * its result, cancel it, and read its per-stage {@linkplain #metrics() metrics}.
 *
 * <p><b>Mental model.</b> Every stage runs on weft virtual threads (one per unit of parallelism),
 * its own or, for a stage {@linkplain Pipeline fused} with its neighbours, theirs, and a stage that
 * is not fused with the one before it reads from a bounded channel. When a stage's input is closed
 * and drained and all its threads are finished, it closes its output; so the end of the source ripples
 * down to the sink, whose result is the run's result. The run has its own context, a child of the
 * one it was started with: the first failure in any stage cancels it (with the failure as its
 * cause), and so do {@link #cancel()} and the parent being done. Every blocking operation of the
 * stages watches that context, so all stage threads end promptly; stage functions that block
 * elsewhere delay that until they return.
 *
 * <p><b>Outcome.</b> {@link #await()} returns the sink's result if the sink saw its input closed
 * and finished; throws {@link PipelineException} if a stage failed (the first failure, later ones
 * suppressed in it); else throws {@link ContextCancelledException} for the cancellation. A run that
 * completed wins over a cancellation that arrived at the same time.
 *
 * <p>A run cannot be restarted; start the {@link RunnablePipeline} again for another run.
 *
 * <p><b>Memory consistency effects:</b> actions of every stage thread <i>happen-before</i> the
 * return of an {@code await} that waited for them (or its exception).
 *
 * @param <R> the sink's result type
 */
public final class PipelineRun<R> {

  /*
   * Implementation notes. The stages are grouped into segments (Segment.plan): neighbouring stages
   * with parallelism 1 share one thread, the later ones called through Links (operator fusion), and
   * only the head of a segment has an input channel. A WaitGroup counts the segment threads; `lock`
   * guards the first failure. Per segment, `remaining` counts threads that have not finished
   * normally: the thread that brings it to zero closes the segment's output channel. A thread that
   * ends by failure or cancellation never closes it, so downstream stages can never mistake a
   * cancelled run for a finished one. The sink writes `result` and then `completed` before its
   * thread counts down the WaitGroup. The stages wait on the run's channels without the context, so
   * a cancellation wakes them by closing every channel (closeChannels); a stage that sees a closed
   * channel while the context is done ends as cancelled, so even then a closed channel never passes
   * for a finished stage.
   */

  private final CancelContext ctx;
  private final List<Stage> stages;
  private final List<Segment> segments;
  private final List<Channel<Object>> channels; // channel i feeds stage i if it heads a segment, else null
  private final int total; // segment threads
  private final List<Port> ports = new ArrayList<>();
  private final WaitGroup threads = new WaitGroup();
  private final ReentrantLock lock = new ReentrantLock();
  private PipelineException failure; // guarded by lock
  private volatile boolean completed;
  private volatile R result;

  PipelineRun(List<Stage> stages, Context parent) {
    this.ctx = Context.withCancel(parent);
    this.segments = Segment.plan(stages);
    // Wire: channel i feeds stage i when it heads a segment (i >= 1); the source reads its own input.
    List<Channel<Object>> channels = new ArrayList<>();
    for (int i = 0; i < stages.size(); i++) channels.add(null);
    for (Segment seg : segments) {
      if (seg.first() > 0) channels.set(seg.first(), Channel.buffered(stages.get(seg.first()).options().buffer()));
    }
    int total = 0;
    for (int i = 0; i < stages.size(); i++) {
      Stage s = stages.get(i);
      boolean ownIn = !(s instanceof Stage.Source);
      ReceiveChannel<?> in = ownIn ? channels.get(i) : ((Stage.Source) s).input();
      boolean ownOut = i + 1 < stages.size();
      SendChannel<Object> out = ownOut ? channels.get(i + 1) : sinkChannel(s);
      ports.add(new Port(s, ctx, in, ownIn, out, ownOut));
    }
    for (Segment seg : segments) {
      for (int k = seg.first() + 1; k <= seg.last(); k++) {
        Link link =
            switch (stages.get(k)) {
              case Stage.Transform t -> new Link.TransformLink(t, ports.get(k), this);
              case Stage.Sink sink -> new Link.SinkLink(sink, ports.get(k), this);
              case Stage.Source src -> throw new IllegalStateException("Pipeline: a source cannot be fused");
              case Stage.Batch b -> throw new IllegalStateException("Pipeline: a batch cannot be fused");
            };
        ports.get(k - 1).fuse(link);
      }
      total += stages.get(seg.first()).options().parallelism();
    }
    this.stages = List.copyOf(stages);
    this.channels = channels;
    this.total = total;
    // The stages wait on these channels without the context (see Port): closing them is what wakes
    // a waiter when the run is cancelled. Runs inline if the context is done already.
    ContextHooks.onDone(ctx, this::closeChannels);
  }

  private void closeChannels() {
    for (Channel<Object> c : channels) {
      if (c != null) closeQuietly(c);
    }
  }

  /** Closes {@code c} unless closed already (by the stage that finished, or by the cancellation). */
  private static void closeQuietly(Channel<Object> c) {
    try {
      c.close();
    } catch (IllegalStateException closedAlready) {
      // both the stage that ended normally and the cancellation may close it; either is enough
    }
  }

  /** Starts the segment threads; called once, right after construction. */
  void start() {
    threads.add(total);
    int started = 0;
    Segment seg = null;
    try {
      for (Segment sg : segments) {
        seg = sg;
        Stage s = stages.get(sg.first());
        int parallelism = s.options().parallelism();
        Channel<Object> closeWhenDone = sg.last() + 1 < stages.size() ? channels.get(sg.last() + 1) : null;
        AtomicInteger remaining = new AtomicInteger(parallelism);
        Reorderer reorder =
            s instanceof Stage.Transform t && t.options().ordered() && parallelism > 1
                ? new Reorderer(ctx, 2 * parallelism)
                : null;
        String name =
            "pipeline-" + s.name() + (sg.isFused() ? ".." + stages.get(sg.last()).name() : "");
        for (int w = 0; w < parallelism; w++) {
          ThreadRegistry.start(name, () -> work(sg, reorder, remaining, closeWhenDone));
          started++;
        }
      }
    } catch (RuntimeException | Error e) { // could not start a thread: fail the run, uncount the rest
      fail(new PipelineException(stages.get(seg.first()).name(), e));
      for (int k = started; k < total; k++) threads.done();
    }
  }

  @SuppressWarnings("unchecked")
  private static SendChannel<Object> sinkChannel(Stage s) {
    return s instanceof Stage.Sink sink && sink.factory() instanceof Sinks.ToChannel<?> tc
        ? (SendChannel<Object>) tc.channel()
        : null;
  }

  /** The run context of the stage thread calling, for {@link Pipeline#currentContext()}. */
  static final ThreadLocal<Context> CURRENT = new ThreadLocal<>();

  /** Body of one segment thread: runs the head stage, which calls the fused ones. */
  private void work(Segment seg, Reorderer reorder, AtomicInteger remaining, Channel<Object> out) {
    Stage s = stages.get(seg.first());
    Port port = ports.get(seg.first());
    Link.SinkLink fusedSink =
        seg.isFused() && stages.get(seg.last()) instanceof Stage.Sink
            ? (Link.SinkLink) linkOf(seg.last())
            : null;
    boolean normal = false;
    CURRENT.set(ctx); // segment threads are dedicated to one segment of one run
    try {
      if (fusedSink != null) fusedSink.open();
      switch (s) {
        case Stage.Source src -> Workers.source(src, port);
        case Stage.Transform t -> Workers.transform(t, port, reorder);
        case Stage.Batch b -> Workers.batch(b, port, ctx.clock());
        case Stage.Sink sink -> complete(Workers.sink(sink, port));
      }
      if (fusedSink != null) complete(fusedSink.finish());
      normal = true;
    } catch (Throwable t) {
      if (t instanceof InterruptedException) Thread.currentThread().interrupt();
      if (!(t instanceof ContextCancelledException && ctx.isDone())) {
        fail(new PipelineException(s.name(), t));
      }
    } finally {
      if (fusedSink != null) fusedSink.close();
      CURRENT.remove();
      if (normal && remaining.decrementAndGet() == 0 && out != null) closeQuietly(out);
      threads.done();
    }
  }

  /** The sink's thread, once the sink finished: publishes the run's result. */
  private void complete(Object sinkResult) {
    @SuppressWarnings("unchecked") // the builder typed the sink's result as R
    R r = (R) sinkResult;
    result = r;
    completed = true;
    // Every other stage has ended its work (the sink saw the last close): release the run's
    // context now, so a run nobody awaits leaves nothing registered with its parent.
    ctx.cancel();
  }

  private Link linkOf(int stage) {
    return ports.get(stage - 1).link();
  }

  /** Records a stage's failure: the first one cancels the run, later ones are suppressed in it. */
  void fail(PipelineException e) {
    boolean first;
    lock.lock();
    try {
      first = failure == null;
      if (first) failure = e;
      else failure.addSuppressed(e);
    } finally {
      lock.unlock();
    }
    if (first) ctx.cancel(e);
  }

  /**
   * Waits for the run to end and returns the sink's result.
   *
   * <p>Wakes when every stage thread has ended, or on interrupt. An interrupted {@code await}
   * leaves the run running; call {@link #cancel()} to stop it.
   *
   * @return the sink's result ({@code null} for sinks without one, such as {@code forEach})
   * @throws PipelineException if a stage failed: the first failure, naming the stage
   * @throws ContextCancelledException if the run was cancelled (by {@link #cancel()} or its
   *     context) before the sink finished; its cause is the context's cause
   * @throws InterruptedException if interrupted on entry or while waiting
   */
  public R await() throws InterruptedException {
    threads.await();
    return outcome();
  }

  /**
   * Like {@link #await()}, but gives up waiting when {@code waitCtx} is done; giving up leaves the
   * run running.
   *
   * @param waitCtx bounds the wait; the call gives up when it is done
   * @return the run's result
   * @throws PipelineException if a stage failed
   * @throws ContextCancelledException if the run was cancelled, or if {@code waitCtx} is done on
   *     entry or before the run ended (then the exception is {@code waitCtx}'s)
   * @throws InterruptedException if interrupted on entry or while waiting
   * @throws NullPointerException if {@code waitCtx} is null
   */
  public R await(Context waitCtx) throws InterruptedException {
    Objects.requireNonNull(waitCtx, "PipelineRun: context is null");
    threads.await(waitCtx);
    return outcome();
  }

  /** Waits for every stage thread, ignoring interrupts but restoring the interrupt status. */
  void awaitUninterruptibly() {
    boolean interrupted = false;
    while (true) {
      try {
        threads.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private R outcome() {
    PipelineException f;
    lock.lock();
    try {
      f = failure;
    } finally {
      lock.unlock();
    }
    if (f != null) throw f;
    if (completed) return result;
    if (!ctx.isDone()) {
      throw new IllegalStateException("PipelineRun: ended neither completed, failed nor cancelled");
    }
    throw ContextHooks.cancelled(ctx);
  }

  /**
   * Cancels the run: every stage stops at its next blocking operation or item; {@link #await()}
   * then throws {@link ContextCancelledException} unless the run had already completed or failed.
   * Returns at once, without waiting for the threads.
   *
   * @return {@code true} if this call cancelled the run; {@code false} if it had already ended,
   *     failed or been cancelled
   */
  public boolean cancel() {
    return !completed && ctx.cancel();
  }

  /**
   * Whether every stage thread has ended.
   *
   * @return whether every stage thread has ended
   */
  public boolean isDone() {
    return threads.count() == 0;
  }

  /**
   * A snapshot of every stage's counters, in stage order (source first, sink last). See {@link
   * StageMetrics} for how to read them.
   *
   * @return a snapshot of every stage's counters, in stage order (source first, sink last)
   */
  public List<StageMetrics> metrics() {
    List<StageMetrics> out = new ArrayList<>(ports.size());
    for (Port p : ports) out.add(p.snapshot());
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "PipelineRun[" + (isDone() ? "done" : "running") + ", stages=" + ports.size() + "]";
  }
}
