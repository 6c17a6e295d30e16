package dev.weft.resilience.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.sync.Semaphore;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A timeout cancels the task's context and interrupts its thread at the deadline, only then. */
@org.junit.jupiter.api.Timeout(30)
class TimeoutTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Context background = Context.background(clock);
  private final Timeout timeout = Timeout.of("search", Duration.ofSeconds(2));

  @Test
  void aTaskFinishingInTimeReturnsItsValueWithALiveDeadlinedContext() throws Exception {
    AtomicReference<Context> seen = new AtomicReference<>();
    String r =
        timeout.call(
            background,
            c -> {
              seen.set(c);
              return "hits";
            });
    assertThat(r).isEqualTo("hits");
    assertThat(seen.get().deadline()).contains(FakeClock.DEFAULT_START.plusSeconds(2));
    assertThat(Thread.interrupted()).isFalse();
    assertThat(clock.pending()).isZero(); // the deadline's timer is released
  }

  /** Blocks in a context-aware wait until {@code c} is done. */
  private static void blockUntilDone(Context c) throws InterruptedException {
    Semaphore s = new Semaphore(1);
    s.acquire(1);
    s.acquire(1, c);
  }

  @Test
  void theDeadlineCancelsTheContextAndTheCallThrowsTimeoutExceeded() throws Exception {
    AtomicReference<Context> seen = new AtomicReference<>();
    Async<String> call =
        tasks.start(
            () ->
                timeout.call(
                    background,
                    c -> {
                      seen.set(c);
                      blockUntilDone(c);
                      return "never";
                    }));
    clock.awaitPending(1);
    call.awaitParked();
    clock.advance(Duration.ofSeconds(2));
    Throwable failure = call.failure();
    assertThat(failure)
        .isInstanceOf(TimeoutExceededException.class)
        .isInstanceOf(TimeoutException.class)
        .hasMessageContaining("'search'")
        .hasMessageContaining("PT2S");
    TimeoutExceededException e = (TimeoutExceededException) failure;
    assertThat(e.timeoutName()).isEqualTo("search");
    assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
    // the context's end or the interrupt, whichever the wait noticed first
    assertThat(e.getSuppressed())
        .singleElement()
        .isInstanceOfAny(ContextCancelledException.class, InterruptedException.class);
    assertThat(seen.get().err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(seen.get().cause().orElseThrow()).hasMessageContaining("'search'");
    assertThat(call.interruptedAtEnd()).isFalse(); // the deadline's interrupt does not leak
  }

  @Test
  void theDeadlineInterruptsATaskBlockedInAnInterruptibleWait() throws Exception {
    CountDownLatch never = new CountDownLatch(1);
    Async<Object> call =
        tasks.start(
            () ->
                timeout.call(
                    background,
                    c -> {
                      never.await(); // knows nothing of the context
                      return "never";
                    }));
    clock.awaitPending(1);
    call.awaitWaiting();
    clock.advance(Duration.ofSeconds(2));
    assertThat(call.failure()).isInstanceOf(TimeoutExceededException.class);
    assertThat(call.failure().getSuppressed())
        .singleElement()
        .isInstanceOf(InterruptedException.class);
    assertThat(call.interruptedAtEnd()).isFalse();
  }

  @Test
  void aTaskIgnoringInterruptsRunsToItsEndAndItsValueIsDiscarded() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean sawInterrupt = new AtomicBoolean();
    Async<String> call =
        tasks.start(
            () ->
                timeout.call(
                    background,
                    c -> {
                      boolean interrupted = false;
                      while (true) {
                        try {
                          release.await();
                          break;
                        } catch (InterruptedException e) {
                          interrupted = true; // stubborn: keeps waiting
                          sawInterrupt.set(true);
                        }
                      }
                      if (interrupted) Thread.currentThread().interrupt(); // restores it, politely
                      return "late";
                    }));
    clock.awaitPending(1);
    call.awaitWaiting();
    clock.advance(Duration.ofSeconds(2));
    dev.weft.test.Waiting.until(sawInterrupt::get);
    call.assertStillBlocked(); // the caller waits for the stubborn task
    release.countDown();
    assertThat(call.failure()).isInstanceOf(TimeoutExceededException.class);
    assertThat(call.failure().getSuppressed()).isEmpty(); // it returned a value, now discarded
    assertThat(call.interruptedAtEnd()).isFalse(); // the restored flag was the deadline's
  }

  @Test
  void aTaskFinishingJustBeforeTheDeadlineReturnsItsValue() throws Exception {
    String r =
        timeout.call(
            background,
            c -> {
              clock.advance(Duration.ofSeconds(2).minusNanos(1));
              return c.isDone() ? "late" : "just in time";
            });
    assertThat(r).isEqualTo("just in time");
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void aTaskStillRunningAtTheDeadlineTimesOutEvenIfItThenReturns() {
    assertThatThrownBy(
            () ->
                timeout.call(
                    background,
                    c -> {
                      clock.advance(Duration.ofSeconds(2));
                      Thread.interrupted(); // ignores the interrupt
                      return "late";
                    }))
        .isInstanceOf(TimeoutExceededException.class);
    assertThat(Thread.interrupted()).isFalse();
  }

  @Test
  void theCallersCancellationIsNotATimeoutAndInterruptsNothing() throws Exception {
    CancelContext ctx = Context.withCancel(background);
    AtomicBoolean interrupted = new AtomicBoolean();
    Async<String> call =
        tasks.start(
            () ->
                timeout.call(
                    ctx,
                    c -> {
                      try {
                        blockUntilDone(c);
                      } finally {
                        interrupted.set(Thread.currentThread().isInterrupted());
                      }
                      return "never";
                    }));
    clock.awaitPending(1);
    call.awaitParked();
    ctx.cancel();
    assertThat(call.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(interrupted).isFalse();
    assertThat(call.interruptedAtEnd()).isFalse();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aTaskFailureBeforeTheDeadlineIsThrownUnchanged() {
    IllegalStateException boom = new IllegalStateException("boom");
    assertThatThrownBy(
            () ->
                timeout.call(
                    background,
                    c -> {
                      throw boom;
                    }))
        .isSameAs(boom);
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatThrownBy(() -> Timeout.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Timeout: timeout must be > 0, was PT0S");
    assertThatThrownBy(() -> Timeout.of(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Timeout.of(" ", Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Timeout: name");
    assertThatThrownBy(() -> Timeout.of(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> timeout.call(null, c -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Timeout:");
    assertThatThrownBy(() -> timeout.call(background, null))
        .isInstanceOf(NullPointerException.class);
  }
}
