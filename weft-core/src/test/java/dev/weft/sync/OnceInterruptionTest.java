package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A {@link Once} caller that is interrupted or whose context is done, on entry or while waiting
 * for another caller's action, throws and runs nothing; the action goes on for the others.
 */
@Timeout(10)
class OnceInterruptionTest {

  private final Once once = new Once();
  private final AtomicInteger runs = new AtomicInteger();
  private final CountDownLatch release = new CountDownLatch(1);
  private Async<Void> runner;

  /** Starts a caller whose action blocks until {@code release}; returns once it runs. */
  private void startRunner() throws InterruptedException {
    CountDownLatch entered = new CountDownLatch(1);
    runner =
        Async.run(
            () ->
                once.run(
                    () -> {
                      entered.countDown();
                      release.await();
                      runs.incrementAndGet();
                    }));
    entered.await();
  }

  @AfterEach
  void finishTheRunner() {
    release.countDown();
    if (runner != null) runner.get();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void interruptedOnEntryRunsNothing(boolean withContext) {
    Thread.currentThread().interrupt();
    assertThatThrownBy(
            () -> {
              if (withContext) once.run(runs::incrementAndGet, Context.background());
              else once.run(runs::incrementAndGet);
            })
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(runs.get()).isZero();
    assertThat(once.isDone()).isFalse();
  }

  @Test
  void contextDoneOnEntryRunsNothing() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> once.run(runs::incrementAndGet, ctx))
        .isInstanceOfSatisfying(
            ContextCancelledException.class, e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(runs.get()).isZero();
    assertThat(once.isDone()).isFalse();
  }

  @ParameterizedTest
  @ValueSource(booleans = {false, true})
  void aWaiterInterruptedWhileWaitingThrowsAndTheActionGoesOn(boolean withContext) throws Exception {
    startRunner();
    Async<Void> waiter =
        Async.run(
                () -> {
                  if (withContext) once.run(runs::incrementAndGet, Context.background());
                  else once.run(runs::incrementAndGet);
                })
            .awaitParkedOn(once);
    Async<Void> patient = Async.run(() -> once.run(runs::incrementAndGet)).awaitParkedOn(once);
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(waiter.interruptedAtEnd()).isFalse();
    assertThat(once.isDone()).isFalse();
    release.countDown();
    runner.get();
    patient.get();
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void aWaiterWhoseContextIsCancelledThrowsWithTheCause() throws Exception {
    startRunner();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter = Async.run(() -> once.run(runs::incrementAndGet, ctx)).awaitParkedOn(once);
    IllegalStateException why = new IllegalStateException("client left");
    ctx.cancel(why);
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    release.countDown();
    runner.get();
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void aWaiterWhoseDeadlinePassesThrowsDeadlineExceeded() throws Exception {
    startRunner();
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThat(Async.run(() -> once.run(runs::incrementAndGet, ctx)).failure())
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
    assertThat(once.isDone()).isFalse();
  }

  @Test
  void theContextDoesNotStopTheActionOfItsOwnCaller() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    once.run(
        () -> {
          ctx.cancel();
          runs.incrementAndGet();
        },
        ctx);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(once.isDone()).isTrue();
  }
}
