package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Async captures a call's outcome and waits for it to block, failing instead of hanging. */
@Timeout(10)
class AsyncTest {

  /** Parks (in this class, which counts as weft code) until interrupted. */
  private static String parkUntilInterrupted() throws InterruptedException {
    while (!Thread.interrupted()) LockSupport.park();
    throw new InterruptedException("woken");
  }

  @Test
  void getReturnsTheValueAndFailureWhatWasThrown() {
    assertThat(Async.call(() -> "v").get()).isEqualTo("v");
    assertThat(Async.run(() -> {}).get()).isNull();
    IOException boom = new IOException("boom");
    Async<String> failing = Async.call(() -> { throw boom; });
    assertThat(failing.failure()).isSameAs(boom);
    assertThat(failing.thrown()).isSameAs(boom);
    assertThatThrownBy(failing::get).isInstanceOf(AssertionError.class).hasCause(boom);
    assertThatThrownBy(() -> Async.call(() -> "v").failure())
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("returned v instead of throwing");
    assertThat(Async.call(() -> "v").thrown()).isNull();
  }

  @Test
  void aCancellationIsCapturedAsThrownNotTurnedIntoAnotherOutcome() {
    CancellationException c = new CancellationException("cancelled");
    assertThat(Async.call(() -> { throw c; }).failure()).isSameAs(c);
  }

  @Test
  void awaitParkedReturnsOnceTheCallWaitsAndTheCallSeesTheInterrupt() {
    Async<String> a = Async.call(AsyncTest::parkUntilInterrupted).awaitParked();
    assertThat(a.isDone()).isFalse();
    a.assertStillBlocked();
    a.interrupt();
    assertThat(a.failure()).isInstanceOf(InterruptedException.class).hasMessage("woken");
    assertThat(a.isDone()).isTrue();
    assertThat(a.interruptedAtEnd()).isFalse();
  }

  @Test
  void awaitParkedFailsWhenTheCallEndsInstead() {
    Async<Integer> quick = Async.call(() -> 1);
    assertThatThrownBy(quick::awaitParked)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("finished instead of blocking: returned 1");
    assertThatThrownBy(quick::assertStillBlocked)
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("should still block");
  }

  @Test
  void awaitParkedOnWaitsForTheGivenBlocker() {
    Object blocker = new Object();
    AtomicBoolean stop = new AtomicBoolean();
    Async<Void> a =
        Async.run(
            () -> {
              while (!stop.get()) LockSupport.park(blocker);
            });
    a.awaitParkedOn(blocker);
    assertThat(LockSupport.getBlocker(a.thread())).isSameAs(blocker);
    stop.set(true);
    LockSupport.unpark(a.thread());
    a.get();
  }

  @Test
  void awaitBlockedAndAwaitWaitingWaitForTheirSigns() {
    AtomicBoolean registered = new AtomicBoolean();
    Async<String> a =
        Async.call(
            () -> {
              registered.set(true);
              return parkUntilInterrupted();
            });
    a.awaitBlocked(registered::get).awaitWaiting();
    a.interrupt();
    assertThat(a.failure()).isInstanceOf(InterruptedException.class);
    assertThatThrownBy(() -> Async.call(() -> 2).awaitBlocked(() -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("finished instead of blocking");
  }

  @Test
  void interruptedAtEndReportsTheCallsInterruptStatus() {
    assertThat(Async.run(() -> Thread.currentThread().interrupt()).interruptedAtEnd()).isTrue();
    assertThat(Async.run(() -> {}).interruptedAtEnd()).isFalse();
  }

  @Test
  void theCallRunsOnAVirtualThread() {
    assertThat(Async.call(() -> Thread.currentThread().isVirtual()).get()).isTrue();
  }
}
