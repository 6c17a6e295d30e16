package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A {@link Barrier} party that is interrupted, whose context is done or that times out, on entry or
 * while waiting, throws its own exception and breaks the generation: the other waiters get a {@link
 * BrokenBarrierException} caused by it, and later calls fail at once until reset.
 */
@Timeout(10)
class BarrierBreakingTest {

  /** The blocking forms of await. */
  enum Form {
    PLAIN,
    TIMED,
    CONTEXT;

    int await(Barrier b) throws Exception {
      return switch (this) {
        case PLAIN -> b.await();
        case TIMED -> b.await(Duration.ofMinutes(5));
        case CONTEXT -> b.await(Context.background());
      };
    }
  }

  private final Barrier barrier = new Barrier(3);

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsAndBreaksTheGeneration(Form form) throws Exception {
    Async<Integer> waiter = Async.call(() -> form.await(barrier)).awaitParkedOn(barrier);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> form.await(barrier)).isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(waiter.failure())
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessage("Barrier: broken by a party that was interrupted")
        .cause()
        .isInstanceOf(InterruptedException.class);
    assertThat(barrier.isBroken()).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingThrowsAndBreaksTheGenerationForTheOthers(Form form) throws Exception {
    Async<Integer> other = Async.call(() -> form.await(barrier)).awaitParkedOn(barrier);
    Async<Integer> victim = Async.call(() -> form.await(barrier)).awaitParkedOn(barrier);
    victim.interrupt();
    Throwable thrown = victim.failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(victim.interruptedAtEnd()).isFalse();
    assertThat(other.failure()).isInstanceOf(BrokenBarrierException.class).hasCause(thrown);
    assertThat(barrier.waiting()).isZero();
    // Broken until reset: even the last party's await fails at once.
    assertThatThrownBy(() -> form.await(barrier))
        .isInstanceOf(BrokenBarrierException.class)
        .hasCause(thrown);
  }

  @Test
  void interruptedWhileBrokenGetsTheInterruptFirst() {
    Async<Integer> victim = Async.call(barrier::await).awaitParkedOn(barrier);
    victim.interrupt();
    assertThat(victim.failure()).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(barrier::await).isInstanceOf(InterruptedException.class);
  }

  @Test
  void contextDoneOnEntryThrowsAndBreaksEvenForTheLastParty() throws Exception {
    Async<Integer> a = Async.call(barrier::await).awaitParkedOn(barrier);
    Async<Integer> b = Async.call(barrier::await).awaitParkedOn(barrier);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> barrier.await(ctx))
        .isInstanceOfSatisfying(
            ContextCancelledException.class, e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(a.failure())
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessage("Barrier: broken by a party whose context is done")
        .cause()
        .isInstanceOf(ContextCancelledException.class);
    assertThat(b.failure()).isInstanceOf(BrokenBarrierException.class);
  }

  @Test
  void contextCancelledWhileWaitingThrowsWithItsCauseAndBreaks() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Integer> other = Async.call(barrier::await).awaitParkedOn(barrier);
    Async<Integer> victim = Async.call(() -> barrier.await(ctx)).awaitParkedOn(barrier);
    IllegalStateException why = new IllegalStateException("shutting down");
    ctx.cancel(why);
    Throwable thrown = victim.failure();
    assertThat(thrown).isInstanceOf(ContextCancelledException.class).hasCause(why);
    assertThat(other.failure()).isInstanceOf(BrokenBarrierException.class).hasCause(thrown);
  }

  @Test
  void aDeadlineWhileWaitingBreaks() throws Exception {
    Async<Integer> other = Async.call(barrier::await).awaitParkedOn(barrier);
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThat(Async.call(() -> barrier.await(ctx)).failure())
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
    assertThat(other.failure()).isInstanceOf(BrokenBarrierException.class);
  }

  @Test
  void aTimeoutWhileWaitingThrowsTimeoutAndBreaks() throws Exception {
    Async<Integer> other = Async.call(barrier::await).awaitParkedOn(barrier);
    Throwable thrown = Async.call(() -> barrier.await(Duration.ofMillis(20))).failure();
    assertThat(thrown).isInstanceOf(TimeoutException.class);
    assertThat(other.failure())
        .isInstanceOf(BrokenBarrierException.class)
        .hasMessage("Barrier: broken by a party that timed out")
        .hasCause(thrown);
  }

  @Test
  void aZeroTimeoutBreaksUnlessThisIsTheLastParty() throws Exception {
    Barrier two = new Barrier(2);
    Async<Integer> first = Async.call(two::await).awaitParkedOn(two);
    assertThat(two.await(Duration.ZERO)).isEqualTo(1); // last: trips
    assertThat(first.get()).isZero();
    assertThatThrownBy(() -> two.await(Duration.ZERO)).isInstanceOf(TimeoutException.class);
    assertThat(two.isBroken()).isTrue();
  }

  @Test
  void anInterruptDuringTheActionDoesNotBreakTheGeneration() throws Exception {
    Barrier two = new Barrier(2, () -> Thread.currentThread().interrupt());
    Async<Integer> first = Async.call(two::await).awaitParkedOn(two);
    // The last party interrupts itself in the action, after both arrived: the release still wins.
    assertThat(two.await()).isEqualTo(1);
    assertThat(Thread.interrupted()).isTrue();
    assertThat(first.get()).isZero();
    assertThat(two.isBroken()).isFalse();
  }
}
