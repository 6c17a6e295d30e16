package dev.weft.flow.pipeline;

import dev.weft.chan.ReceiveChannel;
import dev.weft.chan.ReceiveResult;
import dev.weft.chan.Select;
import dev.weft.chan.SendChannel;
import dev.weft.chan.SendResult;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.spi.ContextHooks;
import java.util.concurrent.atomic.LongAdder;

/**
 * One stage's connection to its input and output channels during one run, shared by the stage's
 * threads, with the counters behind {@link StageMetrics}. In a fused segment (see {@link Segment})
 * a stage followed by a fused one has no output channel: {@link #send} calls the next stage's
 * {@link Link} on the calling thread instead; and a fused stage has no input channel.
 *
 * <p>Implementation notes. Every operation first checks the run's context, so that a cancelled run
 * stops even where buffers would let a non-blocking operation succeed. Then it tries the
 * non-blocking form; only when that would block does it read the time and block, so time blocked
 * costs nothing when nothing blocks. On the channels the run made itself ({@code own}), it blocks
 * in the plain form, not the context-aware one: a context-aware wait registers with the run's
 * context and unregisters again, two rounds on that context's lock, which every stage thread of
 * the run shares, per wait. Instead the run closes its own channels once its context is done
 * ({@link PipelineRun}), which wakes every waiter; a waiter that then sees its channel closed
 * while the context is done knows it was cancelled, not finished. Channels of the user ({@code
 * fromChannel}, {@code toChannel}) are waited on with the context. A cancelled wait throws the run
 * context's {@link ContextCancelledException}, which the worker recognises as the echo of the
 * cancellation and swallows.
 */
final class Port {

  private final Stage stage;
  private final Context ctx;
  private final ReceiveChannel<?> in; // null for fused stages and sources other than fromChannel
  private final SendChannel<Object> out; // null for sinks other than toChannel, and before a Link
  private Link next; // the fused stage after this one, or null; set before the threads start
  private final Counter itemsIn;
  private final Counter itemsOut;
  private final Counter itemsFailed;
  private final LongAdder sendNanos = new LongAdder();
  private final LongAdder receiveNanos = new LongAdder();

  private final boolean ownIn; // `in` is a channel of the run, closed when the run is cancelled
  private final boolean ownOut; // likewise `out`

  Port(
      Stage stage,
      Context ctx,
      ReceiveChannel<?> in,
      boolean ownIn,
      SendChannel<Object> out,
      boolean ownOut) {
    this.stage = stage;
    this.ctx = ctx;
    this.in = in;
    this.ownIn = ownIn;
    this.out = out;
    this.ownOut = ownOut;
    boolean oneWriter = stage.options().parallelism() == 1;
    this.itemsIn = new Counter(oneWriter);
    this.itemsOut = new Counter(oneWriter);
    this.itemsFailed = new Counter(oneWriter);
  }

  /** The fused stage after this one, or null. */
  Link link() {
    return next;
  }

  /** Makes {@link #send} hand items to {@code link}, the fused stage after this one. */
  void fuse(Link link) {
    this.next = link;
  }

  Stage stage() {
    return stage;
  }

  Context context() {
    return ctx;
  }

  ContextCancelledException cancelled() {
    return (ContextCancelledException) ContextHooks.cancelled(ctx); // the documented type
  }

  /**
   * The next input item, or {@code null} once the input is closed and drained.
   *
   * @throws ContextCancelledException if the run is cancelled
   */
  Object receive() throws InterruptedException {
    if (ctx.isDone()) throw cancelled();
    ReceiveResult<?> r = in.tryReceive();
    if (!r.isValue() && !r.isClosed()) {
      long t0 = System.nanoTime();
      r = ownIn ? in.receiveResult() : in.receiveResult(ctx);
      receiveNanos.add(System.nanoTime() - t0);
    }
    if (r.isValue()) {
      itemsIn.increment();
      return r.value();
    }
    if (r.isClosed() && !ctx.isDone()) return null;
    throw cancelled(); // cancelled while waiting; or closed because cancelled
  }

  /**
   * Like {@link #receive()}, but also gives up when {@code timer} delivers first.
   *
   * @return {@link ReceiveResult.Value} (counted in), {@link ReceiveResult.Closed} once the input
   *     is closed and drained, or {@link ReceiveResult.TimedOut} when the timer fired first
   * @throws ContextCancelledException if the run is cancelled
   */
  ReceiveResult<?> receiveOrTimer(ReceiveChannel<?> timer) throws InterruptedException {
    if (ctx.isDone()) throw cancelled();
    ReceiveResult<?> r = in.tryReceive();
    if (!r.isValue() && !r.isClosed()) {
      long t0 = System.nanoTime();
      r =
          new Select<ReceiveResult<?>>()
              .onReceiveResult(in, res -> res)
              .onReceive(timer, t -> new ReceiveResult.TimedOut<>())
              .onDone(ctx, () -> null) // checked just below
              .select();
      receiveNanos.add(System.nanoTime() - t0);
      if (r == null) throw cancelled();
    }
    if (r.isClosed() && ctx.isDone()) throw cancelled(); // closed because cancelled
    if (r.isValue()) itemsIn.increment();
    return r;
  }

  /**
   * Sends {@code value} downstream, waiting while the next buffer is full; or, when the next stage
   * is fused with this one, runs it on {@code value} on this thread.
   *
   * @throws ContextCancelledException if the run is cancelled (nothing was sent), or if a fused
   *     stage downstream failed with {@code value} (the run is then failed and cancelled)
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if the output channel was closed (a sink's channel closed by
   *     someone else)
   */
  void send(Object value) throws InterruptedException {
    checkEmitted(value);
    Link link = next;
    if (link != null) {
      itemsOut.increment(); // handed over: the fused stage counts it in
      link.accept(value);
      return;
    }
    if (ctx.isDone()) throw cancelled();
    SendResult r = out.trySend(value);
    if (r instanceof SendResult.Full) {
      long t0 = System.nanoTime();
      r = ownOut ? out.sendResult(value) : out.sendResult(value, ctx);
      sendNanos.add(System.nanoTime() - t0);
    }
    switch (r) {
      case SendResult.Sent s -> itemsOut.increment();
      case SendResult.Closed c when ctx.isDone() -> throw cancelled(); // closed because cancelled
      case SendResult.Closed c ->
          throw new IllegalStateException(
              "Pipeline: the output channel of stage '" + stage.name() + "' was closed by someone else");
      default -> throw cancelled();
    }
  }

  void countIn() {
    itemsIn.increment();
  }

  void countOut() {
    itemsOut.increment();
  }

  void countFailed() {
    itemsFailed.increment();
  }

  /**
   * {@code value}, checked as a stage result.
   *
   * @throws NullPointerException if {@code value} is null
   */
  Object checkEmitted(Object value) {
    if (value == null) {
      throw new NullPointerException("Pipeline: stage '" + stage.name() + "' emitted null");
    }
    return value;
  }

  void addReceiveWait(long nanos) {
    receiveNanos.add(nanos);
  }

  StageMetrics snapshot() {
    return new StageMetrics(
        stage.name(),
        stage.kind(),
        stage.options().parallelism(),
        itemsIn.sum(),
        itemsOut.sum(),
        itemsFailed.sum(),
        sendNanos.sum(),
        receiveNanos.sum(),
        in == null ? 0 : in.len(),
        in == null ? stage.options().buffer() : in.cap()); // a fused stage: its unused buffer
  }
}
