package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ChannelClosedException;
import dev.weft.chan.ReceiveResult;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocking takes of {@link PriorityWorkQueue}: they wake on put (taking by priority) and on close;
 * an interrupt or a done context, on entry or while waiting, fails the call and removes nothing.
 */
@Timeout(20)
class PriorityBlockingTest {

  /** The blocking take forms, normalised to a result. */
  enum Form {
    TAKE,
    TAKE_CONTEXT,
    TAKE_RESULT,
    TAKE_RESULT_CONTEXT,
    POLL_TIMED;

    <T> ReceiveResult<T> call(PriorityWorkQueue<T> q, Context ctx) throws InterruptedException {
      try {
        return switch (this) {
          case TAKE -> new ReceiveResult.Value<>(q.take());
          case TAKE_CONTEXT -> new ReceiveResult.Value<>(q.take(ctx));
          case TAKE_RESULT -> q.takeResult();
          case TAKE_RESULT_CONTEXT -> q.takeResult(ctx);
          case POLL_TIMED -> q.poll(Duration.ofMinutes(5));
        };
      } catch (ChannelClosedException e) {
        return new ReceiveResult.Closed<>();
      } catch (ContextCancelledException e) {
        return new ReceiveResult.Cancelled<>(e.error());
      }
    }
  }

  private final PriorityWorkQueue<String> q = new PriorityWorkQueue<>(PriorityOptions.of(2));

  @ParameterizedTest
  @EnumSource(Form.class)
  void aWaitingTakerGetsThePutAndCloseWakesTheOthers(Form form) throws Exception {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<String>> a = Async.call(() -> form.call(q, ctx)).awaitParked();
      Async<ReceiveResult<String>> b = Async.call(() -> form.call(q, ctx)).awaitParked();
      a.assertStillBlocked();
      q.put(1, "x");
      assertThat(a.get()).isEqualTo(new ReceiveResult.Value<>("x"));
      q.close();
      assertThat(b.get()).isEqualTo(new ReceiveResult.Closed<String>());
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptOnEntryThrowsEvenWithWorkQueuedAndRemovesNothing(Form form) throws Exception {
    q.put(0, "kept");
    Throwable thrown = Async.run(() -> {
      Thread.currentThread().interrupt();
      form.call(q, Context.background());
    }).failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.dequeuedPerLevel()).containsExactly(0L, 0L);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptWhileWaitingThrowsAndTheNextPutGoesToTheNextTaker(Form form) throws Exception {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<String>> first = Async.call(() -> form.call(q, ctx)).awaitParked();
      Async<ReceiveResult<String>> second = Async.call(() -> form.call(q, ctx)).awaitParked();
      first.thread().interrupt();
      assertThat(first.failure()).isInstanceOf(InterruptedException.class);
      q.put(0, "x");
      assertThat(second.get()).isEqualTo(new ReceiveResult.Value<>("x"));
    }
    assertThat(q.waitingTakers()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = Form.class, names = {"TAKE_CONTEXT", "TAKE_RESULT_CONTEXT"})
  void aContextDoneOnEntryFailsTheCallEvenWithWorkQueued(Form form) throws Exception {
    q.put(0, "kept");
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(form.call(q, ctx)).isEqualTo(new ReceiveResult.Cancelled<String>(ContextError.CANCELED));
    assertThat(q.size()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(value = Form.class, names = {"TAKE_CONTEXT", "TAKE_RESULT_CONTEXT"})
  void aContextDoneWhileWaitingFailsTheCallAndLaterWorkStaysQueued(Form form) throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<ReceiveResult<String>> taker = Async.call(() -> form.call(q, ctx)).awaitParked();
    ctx.cancel();
    assertThat(taker.get()).isEqualTo(new ReceiveResult.Cancelled<String>(ContextError.CANCELED));
    q.put(1, "x");
    assertThat(q.size()).isEqualTo(1);
    assertThat(q.waitingTakers()).isZero();
  }

  @Test
  void aTakerWokenByPutsTakesTheHighestLevelQueuedWhenItGetsTheLock() throws Exception {
    q.put(1, "low");
    q.put(0, "high");
    assertThat(q.take()).isEqualTo("high");
    assertThat(q.take(Context.background())).isEqualTo("low");
  }
}
