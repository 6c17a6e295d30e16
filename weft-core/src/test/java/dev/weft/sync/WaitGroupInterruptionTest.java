package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@link WaitGroup#await} forms throw when interrupted or when their context is done, on entry or
 * while waiting, and leave the counter unchanged.
 */
@Timeout(10)
class WaitGroupInterruptionTest {

  /** The blocking forms of await. */
  enum Form {
    PLAIN,
    TIMED,
    CONTEXT;

    void await(WaitGroup wg) throws InterruptedException {
      switch (this) {
        case PLAIN -> wg.await();
        case TIMED -> wg.await(Duration.ofMinutes(5));
        case CONTEXT -> wg.await(Context.background());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsEvenWhenTheCounterIsZero(Form form) throws Exception {
    WaitGroup wg = new WaitGroup();
    Throwable thrown =
        Async.run(
                () -> {
                  Thread.currentThread().interrupt();
                  form.await(wg);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingThrowsAndLeavesTheCounter(Form form) throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(2);
    Async<Void> waiter = Async.run(() -> form.await(wg)).awaitParkedOn(wg);
    waiter.thread().interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(wg.count()).isEqualTo(2);
    // The group still works for the next waiter.
    Async<Void> next = Async.run(wg::await).awaitParkedOn(wg);
    wg.add(-2);
    next.get();
  }

  @Test
  void zeroTimeoutAwaitAlsoChecksTheInterrupt() {
    WaitGroup wg = new WaitGroup();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> wg.await(Duration.ZERO)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void contextDoneOnEntryThrowsEvenWhenTheCounterIsZero() {
    WaitGroup wg = new WaitGroup();
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> wg.await(ctx))
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
  }

  @Test
  void contextCancelledWhileWaitingThrowsWithTheCause() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter = Async.run(() -> wg.await(ctx)).awaitParkedOn(wg);
    IllegalStateException why = new IllegalStateException("stop");
    ctx.cancel(why);
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    assertThat(wg.count()).isEqualTo(1);
    wg.done();
  }

  @Test
  void contextDeadlineWhileWaitingReportsDeadlineExceeded() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      Throwable thrown = Async.run(() -> wg.await(ctx)).failure();
      assertThat(thrown)
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
    assertThat(wg.count()).isEqualTo(1);
  }

  @Test
  void zeroReachedWhileTheContextIsLiveReturnsNormally() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<Void> waiter = Async.run(() -> wg.await(ctx)).awaitParkedOn(wg);
      wg.done();
      waiter.get();
    }
  }
}
