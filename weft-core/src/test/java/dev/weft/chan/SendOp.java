package dev.weft.chan;

import dev.weft.context.Context;
import java.time.Duration;

/**
 * Every blocking way to send one value, normalised to a {@link SendResult}. Exceptions propagate
 * as thrown, so tests can check the exact exception each form reports.
 */
enum SendOp {
  SEND(true) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      ch.send(v);
      return SendResult.SENT;
    }
  },
  SEND_CONTEXT(true) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      ch.send(v, ctx);
      return SendResult.SENT;
    }
  },
  SEND_RESULT(false) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      return ch.sendResult(v);
    }
  },
  SEND_RESULT_CONTEXT(false) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      return ch.sendResult(v, ctx);
    }
  },
  TRY_SEND_TIMEOUT(false) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      return ch.trySend(v, Duration.ofHours(1));
    }
  },
  SELECT_SEND(true) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      return new Select<SendResult>().onSend(ch, v, () -> SendResult.SENT).select();
    }
  },
  /** A select with a send clause and a (distant) timeout clause: the parkNanos path. */
  SELECT_SEND_TIMEOUT(true) {
    @Override
    SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException {
      return new Select<SendResult>()
          .onSend(ch, v, () -> SendResult.SENT)
          .onTimeout(Duration.ofHours(1), () -> SendResult.TIMED_OUT)
          .select();
    }
  };

  /** Whether a closed channel is reported by {@link ChannelClosedException} (else by a result). */
  final boolean throwsWhenClosed;

  SendOp(boolean throwsWhenClosed) {
    this.throwsWhenClosed = throwsWhenClosed;
  }

  /** Sends {@code v}; {@code ctx} is used by the context-aware forms only. */
  abstract SendResult send(Channel<Integer> ch, Integer v, Context ctx) throws InterruptedException;

  SendResult send(Channel<Integer> ch, Integer v) throws InterruptedException {
    return send(ch, v, Context.background());
  }

  /** Like {@link #send(Channel, Integer)}, reporting a {@link ChannelClosedException} as Closed. */
  SendResult sendResultOrClosed(Channel<Integer> ch, Integer v) throws InterruptedException {
    try {
      return send(ch, v);
    } catch (ChannelClosedException e) {
      if (!throwsWhenClosed) throw new AssertionError(this + " threw instead of returning Closed", e);
      return SendResult.CLOSED;
    }
  }
}
