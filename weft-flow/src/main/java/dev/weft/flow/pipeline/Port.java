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
 * threads, with the counters behind {@link StageMetrics}.
 *
 * <p>Implementation notes. Every operation first checks the run's context, so that a cancelled run
 * stops even where buffers would let a non-blocking operation succeed. Then it tries the
 * non-blocking form; only when that would block does it read the time and block in the
 * context-aware form, so time blocked costs nothing when nothing blocks. A cancelled wait throws
 * the run context's {@link ContextCancelledException}, which the worker recognises as the echo of
 * the cancellation and swallows.
 */
final class Port {

  private final Stage stage;
  private final Context ctx;
  private final ReceiveChannel<?> in; // null for sources other than fromChannel
  private final SendChannel<Object> out; // null for sinks other than toChannel
  private final LongAdder itemsIn = new LongAdder();
  private final LongAdder itemsOut = new LongAdder();
  private final LongAdder itemsFailed = new LongAdder();
  private final LongAdder sendNanos = new LongAdder();
  private final LongAdder receiveNanos = new LongAdder();

  Port(Stage stage, Context ctx, ReceiveChannel<?> in, SendChannel<Object> out) {
    this.stage = stage;
    this.ctx = ctx;
    this.in = in;
    this.out = out;
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
      r = in.receiveResult(ctx);
      receiveNanos.add(System.nanoTime() - t0);
    }
    if (r.isValue()) {
      itemsIn.increment();
      return r.value();
    }
    if (r.isClosed()) return null;
    throw cancelled();
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
    if (r.isValue()) itemsIn.increment();
    return r;
  }

  /**
   * Sends {@code value} downstream, waiting while the next buffer is full.
   *
   * @throws ContextCancelledException if the run is cancelled; nothing was sent
   * @throws NullPointerException if {@code value} is null
   * @throws IllegalStateException if the output channel was closed (a sink's channel closed by
   *     someone else)
   */
  void send(Object value) throws InterruptedException {
    checkEmitted(value);
    if (ctx.isDone()) throw cancelled();
    SendResult r = out.trySend(value);
    if (r instanceof SendResult.Full) {
      long t0 = System.nanoTime();
      r = out.sendResult(value, ctx);
      sendNanos.add(System.nanoTime() - t0);
    }
    switch (r) {
      case SendResult.Sent s -> itemsOut.increment();
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
        in == null ? 0 : in.cap());
  }
}
