package dev.weft.chan;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.Iterator;

/**
 * Every blocking way to receive one value, normalised to a {@link ReceiveResult} ({@code Value} or
 * {@code Closed}). Exceptions propagate as thrown.
 */
enum ReceiveOp {
  RECEIVE(true, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return new ReceiveResult.Value<>(ch.receive());
    }
  },
  RECEIVE_CONTEXT(true, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return new ReceiveResult.Value<>(ch.receive(ctx));
    }
  },
  RECEIVE_RESULT(false, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return ch.receiveResult();
    }
  },
  RECEIVE_RESULT_CONTEXT(false, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return ch.receiveResult(ctx);
    }
  },
  TRY_RECEIVE_TIMEOUT(false, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return ch.tryReceive(Duration.ofHours(1));
    }
  },
  SELECT_RECEIVE(true, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return new Select<ReceiveResult<Integer>>()
          .onReceive(ch, v -> new ReceiveResult.Value<>(v))
          .select();
    }
  },
  SELECT_RECEIVE_RESULT(false, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return new Select<ReceiveResult<Integer>>().onReceiveResult(ch, r -> r).select();
    }
  },
  /** A select with a receive clause and a (distant) timeout clause: the parkNanos path. */
  SELECT_RECEIVE_TIMEOUT(false, false) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) throws InterruptedException {
      return new Select<ReceiveResult<Integer>>()
          .onReceiveResult(ch, r -> r)
          .onTimeout(Duration.ofHours(1), ReceiveResult.TimedOut::new)
          .select();
    }
  },
  ITERATOR(false, true) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) {
      Iterator<Integer> it = ch.iterator();
      return it.hasNext() ? new ReceiveResult.Value<>(it.next()) : new ReceiveResult.Closed<>();
    }
  },
  STREAM(false, true) {
    @Override
    ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx) {
      return ch.stream()
          .findFirst()
          .<ReceiveResult<Integer>>map(ReceiveResult.Value::new)
          .orElseGet(ReceiveResult.Closed::new);
    }
  };

  /** Whether a closed, drained channel is reported by {@link ChannelClosedException}. */
  final boolean throwsWhenClosed;

  /**
   * Whether an interrupt is reported by {@link UncheckedInterruptedException} with the interrupt
   * status restored (iterators, streams) instead of {@link InterruptedException} with it cleared.
   */
  final boolean uncheckedInterrupt;

  ReceiveOp(boolean throwsWhenClosed, boolean uncheckedInterrupt) {
    this.throwsWhenClosed = throwsWhenClosed;
    this.uncheckedInterrupt = uncheckedInterrupt;
  }

  /** Receives one value; {@code ctx} is used by the context-aware forms only. */
  abstract ReceiveResult<Integer> receive(Channel<Integer> ch, Context ctx)
      throws InterruptedException;

  ReceiveResult<Integer> receive(Channel<Integer> ch) throws InterruptedException {
    return receive(ch, Context.background());
  }

  /** Like {@link #receive(Channel)}, reporting a {@link ChannelClosedException} as Closed. */
  ReceiveResult<Integer> receiveResultOrClosed(Channel<Integer> ch) throws InterruptedException {
    try {
      return receive(ch);
    } catch (ChannelClosedException e) {
      if (!throwsWhenClosed) throw new AssertionError(this + " threw instead of returning Closed", e);
      return new ReceiveResult.Closed<>();
    }
  }
}
