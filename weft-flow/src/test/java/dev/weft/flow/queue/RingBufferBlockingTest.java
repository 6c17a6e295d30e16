package dev.weft.flow.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.chan.ReceiveResult;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Blocking takes of {@link RingBuffer}: they wake on put and on close; an interrupt or a done
 * context, on entry or while waiting, fails the call and removes nothing; timeouts report TimedOut.
 */
@Timeout(20)
class RingBufferBlockingTest {

  @ParameterizedTest
  @EnumSource(TakeForm.class)
  void aWaitingTakerReceivesTheNextPut(TakeForm form) throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<String>> taker = Async.call(() -> form.call(rb, ctx)).awaitParked();
      taker.assertStillBlocked();
      rb.put("x");
      assertThat(taker.get()).isEqualTo(new ReceiveResult.Value<>("x"));
    }
    assertThat(rb.size()).isZero();
  }

  @ParameterizedTest
  @EnumSource(TakeForm.class)
  void closeWakesEveryWaitingTakerWithClosed(TakeForm form) throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<String>> a = Async.call(() -> form.call(rb, ctx)).awaitParked();
      Async<ReceiveResult<String>> b = Async.call(() -> form.call(rb, ctx)).awaitParked();
      rb.close();
      assertThat(a.get()).isEqualTo(new ReceiveResult.Closed<String>());
      assertThat(b.get()).isEqualTo(new ReceiveResult.Closed<String>());
    }
  }

  @ParameterizedTest
  @EnumSource(TakeForm.class)
  void interruptOnEntryThrowsEvenWithAnElementBufferedAndRemovesNothing(TakeForm form)
      throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    rb.put("kept");
    Throwable thrown =
        Async.run(
                () -> {
                  Thread.currentThread().interrupt();
                  form.call(rb, Context.background());
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(rb.snapshot()).containsExactly("kept");
    assertThat(rb.poll()).isEqualTo(new ReceiveResult.Value<>("kept"));
  }

  @ParameterizedTest
  @EnumSource(TakeForm.class)
  void interruptWhileWaitingThrowsAndTheNextPutGoesToTheNextTaker(TakeForm form) throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<ReceiveResult<String>> first = Async.call(() -> form.call(rb, ctx)).awaitParked();
      Async<ReceiveResult<String>> second = Async.call(() -> form.call(rb, ctx)).awaitParked();
      first.thread().interrupt();
      assertThat(first.failure()).isInstanceOf(InterruptedException.class);
      rb.put("x");
      assertThat(second.get()).isEqualTo(new ReceiveResult.Value<>("x"));
    }
    assertThat(rb.waitingTakers()).isZero();
  }

  @ParameterizedTest
  @EnumSource(value = TakeForm.class, names = {"TAKE_CONTEXT", "TAKE_RESULT_CONTEXT"})
  void aContextDoneOnEntryFailsTheCallEvenWithAnElementBuffered(TakeForm form) throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    rb.put("kept");
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(form.call(rb, ctx)).isEqualTo(new ReceiveResult.Cancelled<String>(ContextError.CANCELED));
    assertThat(rb.snapshot()).containsExactly("kept");
  }

  @ParameterizedTest
  @EnumSource(value = TakeForm.class, names = {"TAKE_CONTEXT", "TAKE_RESULT_CONTEXT"})
  void aContextDoneWhileWaitingFailsTheCallAndTheNextPutStaysBuffered(TakeForm form)
      throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(2);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<ReceiveResult<String>> taker = Async.call(() -> form.call(rb, ctx)).awaitParked();
    ctx.cancel();
    assertThat(taker.get()).isEqualTo(new ReceiveResult.Cancelled<String>(ContextError.CANCELED));
    rb.put("x");
    assertThat(rb.snapshot()).containsExactly("x");
    assertThat(rb.waitingTakers()).isZero();
  }

  @Test
  void aContextDeadlineEndsTheWaitWithDeadlineExceeded() throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(1);
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThat(rb.takeResult(ctx))
          .isEqualTo(new ReceiveResult.Cancelled<String>(ContextError.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void timedPollReportsTimedOutWhenNothingArrives() throws Exception {
    RingBuffer<String> rb = new RingBuffer<>(1);
    assertThat(rb.poll(Duration.ofMillis(10))).isEqualTo(new ReceiveResult.TimedOut<String>());
    assertThat(rb.waitingTakers()).isZero();
  }

  @Test
  void waitingTakersAreServedInArrivalOrder() throws Exception {
    RingBuffer<Integer> rb = new RingBuffer<>(4);
    Async<Integer> first = Async.call(rb::take).awaitParked();
    Async<Integer> second = Async.call(rb::take).awaitParked();
    rb.put(1);
    assertThat(first.get()).isEqualTo(1);
    rb.put(2);
    assertThat(second.get()).isEqualTo(2);
  }
}
