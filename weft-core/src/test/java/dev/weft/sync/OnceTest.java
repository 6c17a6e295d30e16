package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.test.Async;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Once} runs one action once; concurrent callers wait for it; a failed action is done and
 * only its runner sees the failure.
 */
@Timeout(10)
class OnceTest {

  private final Once once = new Once();
  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void theFirstActionRunsAndLaterOnesDoNot() throws Exception {
    assertThat(once.isDone()).isFalse();
    assertThat(once).hasToString("Once[not run]");
    once.run(runs::incrementAndGet);
    once.run(runs::incrementAndGet);
    once.run(() -> runs.addAndGet(100));
    assertThat(runs.get()).isEqualTo(1);
    assertThat(once.isDone()).isTrue();
    assertThat(once).hasToString("Once[done]");
  }

  /** Written by the action without synchronization, read by the callers after run returns. */
  private int published;

  @Test
  void concurrentCallersWaitForTheRunningActionAndSeeItsEffects() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Async<Void> runner =
        Async.run(
            () ->
                once.run(
                    () -> {
                      entered.countDown();
                      release.await();
                      published = 42;
                      runs.incrementAndGet();
                    }));
    entered.await();
    assertThat(once).hasToString("Once[running]");
    List<Async<Integer>> waiters = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      waiters.add(
          Async.call(
                  () -> {
                    once.run(runs::incrementAndGet);
                    return published;
                  })
              .awaitParkedOn(once));
    }
    waiters.get(0).assertStillBlocked();
    release.countDown();
    runner.get();
    for (Async<Integer> w : waiters) assertThat(w.get()).isEqualTo(42);
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void aFailedActionIsDoneAndOnlyItsRunnerSeesTheFailure() throws Exception {
    IOException boom = new IOException("boom");
    assertThatThrownBy(() -> once.run(() -> { throw boom; }))
        .isInstanceOf(ExecutionException.class)
        .hasCause(boom);
    assertThat(once.isDone()).isTrue();
    once.run(runs::incrementAndGet); // returns normally, runs nothing
    assertThat(runs.get()).isZero();
  }

  @Test
  void errorsOfTheActionAreWrappedToo() {
    AssertionError oops = new AssertionError("oops");
    assertThatThrownBy(() -> once.run(() -> { throw oops; }))
        .isInstanceOf(ExecutionException.class)
        .hasCause(oops);
    assertThat(once.isDone()).isTrue();
  }

  @Test
  void waitersOfAFailingActionReturnNormally() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    Async<Void> runner =
        Async.run(
            () ->
                once.run(
                    () -> {
                      entered.countDown();
                      release.await();
                      throw new IllegalStateException("failed");
                    }));
    entered.await();
    Async<Void> waiter = Async.run(() -> once.run(runs::incrementAndGet)).awaitParkedOn(once);
    release.countDown();
    assertThat(runner.failure()).isInstanceOf(ExecutionException.class);
    waiter.get();
    assertThat(runs.get()).isZero();
  }

  @Test
  void anInterruptedExceptionOfTheActionReachesItsRunnerAsIs() {
    InterruptedException ie = new InterruptedException("stopped");
    assertThatThrownBy(() -> once.run(() -> { throw ie; })).isSameAs(ie);
    assertThat(once.isDone()).isTrue();
  }

  @Test
  void runFromInsideItsOwnActionFailsInsteadOfDeadlocking() {
    assertThatThrownBy(() -> once.run(() -> once.run(runs::incrementAndGet)))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Once: run called from inside its own action");
    assertThat(runs.get()).isZero();
    assertThat(once.isDone()).isTrue();
  }

  @Test
  void afterTheActionRunNeitherWaitsNorLooksAtInterruptOrContext() throws Exception {
    once.run(runs::incrementAndGet);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    once.run(runs::incrementAndGet, ctx);
    Thread.currentThread().interrupt();
    try {
      once.run(runs::incrementAndGet);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void nullArgumentsAreRejectedEvenWhenDone() throws Exception {
    assertThatThrownBy(() -> once.run(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Once: action is null");
    once.run(runs::incrementAndGet);
    assertThatThrownBy(() -> once.run(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> once.run(runs::incrementAndGet, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Once: context is null");
  }
}
