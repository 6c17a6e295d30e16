package dev.weft.chan;

import dev.weft.context.Context;
import dev.weft.spi.ContextHooks;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** Go's nil channel: nothing ever moves through it. See {@link Channel#nil()}. */
final class NilChannel implements Channel<Object> {
  static final NilChannel INSTANCE = new NilChannel();

  private NilChannel() {}

  /** Blocks until interrupted, the deadline passes (0 = never) or ctx is done. */
  private static int block(long deadline, Context ctx) throws InterruptedException {
    if (Thread.interrupted()) throw new InterruptedException();
    Thread me = Thread.currentThread();
    ContextHooks.Registration reg = ctx == null ? null : ContextHooks.onDone(ctx, () -> LockSupport.unpark(me));
    try {
      while (true) {
        if (ctx != null && ctx.isDone()) return ChannelImpl.CANCELLED;
        if (deadline != 0) {
          long left = deadline - System.nanoTime();
          if (left <= 0) return ChannelImpl.TIMED_OUT;
          LockSupport.parkNanos(INSTANCE, left);
        } else {
          LockSupport.park(INSTANCE);
        }
        if (Thread.interrupted()) throw new InterruptedException();
      }
    } finally {
      if (reg != null) reg.remove();
    }
  }

  /** A blocked receive can only end by timing out or by cancellation. */
  private static ReceiveResult<Object> outcome(int code, Context ctx) {
    return code == ChannelImpl.CANCELLED
        ? new ReceiveResult.Cancelled<>(ctx.err().orElseThrow())
        : Results.timedOut();
  }

  @Override
  public void send(Object value) throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null");
    block(0, null);
  }

  @Override
  public void send(Object value, Context ctx) throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null");
    Objects.requireNonNull(ctx, "Channel: context is null");
    block(0, ctx);
    throw ChannelImpl.cancelled(ctx);
  }

  @Override
  public SendResult sendResult(Object value) throws InterruptedException {
    send(value);
    throw new AssertionError("unreachable");
  }

  @Override
  public SendResult sendResult(Object value, Context ctx) throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null");
    Objects.requireNonNull(ctx, "Channel: context is null");
    return ChannelImpl.sendOutcome(block(0, ctx), ctx);
  }

  @Override
  public SendResult trySend(Object value) {
    Objects.requireNonNull(value, "Channel: value is null");
    return SendResults.FULL;
  }

  @Override
  public SendResult trySend(Object value, Duration timeout) throws InterruptedException {
    Objects.requireNonNull(value, "Channel: value is null");
    Objects.requireNonNull(timeout, "Channel: timeout is null");
    long n = Timeouts.nanos(timeout);
    if (n <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      return SendResults.TIMED_OUT;
    }
    return ChannelImpl.sendOutcome(block(Timeouts.deadline(n), null), null);
  }

  @Override
  public Object receive() throws InterruptedException {
    block(0, null);
    throw new AssertionError("unreachable");
  }

  @Override
  public Object receive(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    block(0, ctx);
    throw ChannelImpl.cancelled(ctx);
  }

  @Override
  public ReceiveResult<Object> receiveResult() throws InterruptedException {
    block(0, null);
    throw new AssertionError("unreachable");
  }

  @Override
  public ReceiveResult<Object> receiveResult(Context ctx) throws InterruptedException {
    Objects.requireNonNull(ctx, "Channel: context is null");
    return outcome(block(0, ctx), ctx);
  }

  @Override
  public ReceiveResult<Object> tryReceive() {
    return Results.empty();
  }

  @Override
  public ReceiveResult<Object> tryReceive(Duration timeout) throws InterruptedException {
    Objects.requireNonNull(timeout, "Channel: timeout is null");
    long n = Timeouts.nanos(timeout);
    if (n <= 0) {
      if (Thread.interrupted()) throw new InterruptedException();
      return Results.timedOut();
    }
    return outcome(block(Timeouts.deadline(n), null), null);
  }

  @Override
  public void close() {
    throw new IllegalStateException("Channel: close of nil channel");
  }

  @Override
  public boolean isClosedForSend() {
    return false;
  }

  @Override
  public boolean isClosedForReceive() {
    return false;
  }

  @Override
  public int len() {
    return 0;
  }

  @Override
  public int cap() {
    return 0;
  }

  @Override
  public Iterator<Object> iterator() {
    return new ChannelIterator<>(this);
  }

  @Override
  public Stream<Object> stream() {
    return ChannelIterator.stream(this);
  }

  @Override
  public String toString() {
    return "Channel.nil()";
  }
}
