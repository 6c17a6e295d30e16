package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Timer#sleep(Clock, Duration, Context)} ends at the clock's time or when the context is
 * done.
 */
@Timeout(10)
class TimerSleepTest {

  private final FakeClock clock = new FakeClock();

  private Thread sleeper(Duration d, Context ctx, AtomicReference<Throwable> outcome) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                Timer.sleep(clock, d, ctx);
                outcome.set(null);
              } catch (Throwable t) {
                outcome.set(t);
              }
            });
  }

  @Test
  void wakesWhenTheFakeClockPassesTheDuration() throws InterruptedException {
    AtomicReference<Throwable> outcome = new AtomicReference<>(new AssertionError("not run"));
    Thread t = sleeper(Duration.ofSeconds(5), Context.background(), outcome);
    clock.awaitPending(1);
    clock.advance(Duration.ofSeconds(4));
    assertThat(t.isAlive()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    t.join();
    assertThat(outcome.get()).isNull();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void cancellationWhileSleepingThrowsAndStopsTheTimer() throws InterruptedException {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Thread t = sleeper(Duration.ofHours(1), ctx, outcome);
      clock.awaitPending(1);
      ctx.cancel(new IllegalStateException("shutting down"));
      t.join();
    }
    assertThat(outcome.get())
        .isInstanceOf(ContextCancelledException.class)
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(((ContextCancelledException) outcome.get()).error()).isEqualTo(ContextError.CANCELED);
    await().until(() -> clock.pending() == 0);
  }

  @Test
  void aDoneContextOnEntryThrowsWithoutScheduling() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> Timer.sleep(clock, Duration.ofSeconds(1), ctx))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void interruptOnEntryThrows() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> Timer.sleep(clock, Duration.ofSeconds(1), Context.background()))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void interruptWhileSleepingThrowsAndStopsTheTimer() throws InterruptedException {
    AtomicReference<Throwable> outcome = new AtomicReference<>();
    Thread t = sleeper(Duration.ofHours(1), Context.background(), outcome);
    clock.awaitPending(1);
    t.interrupt();
    t.join();
    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void systemClockSleepsWithAContext() throws InterruptedException {
    long start = System.nanoTime();
    Timer.sleep(Duration.ofMillis(20), Context.background());
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
  }

  @Test
  void nullArgumentsAreRejectedWithTheTypeName() {
    assertThatThrownBy(() -> Timer.sleep(clock, null, Context.background()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Timer:");
    assertThatThrownBy(() -> Timer.sleep(clock, Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Timer:");
    assertThatThrownBy(() -> Timer.sleep(null, Duration.ZERO, Context.background()))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Timer:");
  }
}
