package dev.weft.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Waits between attempts follow the back-off on the clock; interrupts and cancels end them. */
@Timeout(30)
class RetryWaitTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();

  private Retry retry(int maxAttempts, Duration delay) {
    return new Retry(
        RetryConfig.defaults()
            .withBackoff(Backoff.constant(delay))
            .withMaxAttempts(maxAttempts)
            .withClock(clock));
  }

  private static String fail(AtomicInteger attempts) throws IOException {
    throw new IOException("attempt " + attempts.incrementAndGet());
  }

  @Test
  void attemptsWaitTheBackOffDelayOnTheClock() throws Exception {
    Retry retry = retry(3, Duration.ofSeconds(1));
    AtomicInteger attempts = new AtomicInteger();
    Async<String> call =
        tasks.start(
            () ->
                retry.call(
                    Context.background(),
                    c -> attempts.incrementAndGet() < 3 ? fail(new AtomicInteger()) : "done"));
    clock.awaitPending(1);
    assertThat(attempts).hasValue(1);
    clock.advance(Duration.ofMillis(999));
    call.assertStillBlocked();
    assertThat(attempts).hasValue(1);
    clock.advance(Duration.ofMillis(1));
    clock.awaitPending(1);
    assertThat(attempts).hasValue(2);
    clock.advance(Duration.ofSeconds(1));
    assertThat(call.get()).isEqualTo("done");
    assertThat(attempts).hasValue(3);
  }

  @Test
  void noRetryStartsWhoseDelayWouldEndPastMaxElapsed() {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withMaxAttempts(100)
                .withMaxElapsed(Duration.ofSeconds(10))
                .withClock(clock));
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    Context.background(),
                    c -> {
                      clock.advance(Duration.ofSeconds(4)); // each attempt takes 4 s
                      return fail(attempts);
                    }));
    // at 4 s and 8 s a retry still fits; at 12 s it does not
    assertThat(attempts).hasValue(3);
    assertThat(thrown).hasMessage("attempt 3");
  }

  @Test
  void theNextDelayCountsAgainstMaxElapsed() {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ofSeconds(6)))
                .withMaxAttempts(100)
                .withMaxElapsed(Duration.ofSeconds(5))
                .withClock(clock));
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown = catchThrowable(() -> retry.call(Context.background(), c -> fail(attempts)));
    assertThat(attempts).hasValue(1); // a 6 s delay cannot fit in 5 s
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void aContextCancelledDuringTheWaitEndsTheCallWithTheFailuresSuppressed() {
    Retry retry = retry(5, Duration.ofSeconds(1));
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger attempts = new AtomicInteger();
    Async<Object> call = tasks.start(() -> retry.call(ctx, c -> fail(attempts)));
    awaitPending(1);
    ctx.cancel();
    assertThat(call.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(call.failure().getSuppressed()).singleElement().isInstanceOf(IOException.class);
    assertThat(attempts).hasValue(1);
    assertThat(clock.pending()).isZero(); // the abandoned wait left no timer behind
    assertThat(retry.metrics().failed()).isEqualTo(1);
  }

  @Test
  void aContextCancelledByTheAttemptEndsTheCallWithoutRetry() {
    Retry retry = retry(5, Duration.ofSeconds(1));
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    ctx,
                    c -> {
                      ctx.cancel();
                      return fail(attempts);
                    }));
    assertThat(thrown).isInstanceOf(IOException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void anInterruptDuringTheWaitEndsTheCallWithInterruptedException() {
    Retry retry = retry(5, Duration.ofSeconds(1));
    AtomicInteger attempts = new AtomicInteger();
    Async<Object> call = tasks.start(() -> retry.call(Context.background(), c -> fail(attempts)));
    awaitPending(1);
    call.interrupt();
    assertThat(call.failure()).isInstanceOf(InterruptedException.class);
    assertThat(call.failure().getSuppressed()).singleElement().isInstanceOf(IOException.class);
    assertThat(call.interruptedAtEnd()).isFalse(); // reported by the exception, not swallowed
    assertThat(attempts).hasValue(1);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void anInterruptBeforeTheWaitEndsTheCallAtTheWait() {
    Retry retry = retry(5, Duration.ofSeconds(1));
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    Context.background(),
                    c -> {
                      Thread.currentThread().interrupt(); // arrives while the attempt runs
                      return fail(attempts);
                    }));
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(attempts).hasValue(1);
  }

  private void awaitPending(int n) {
    try {
      clock.awaitPending(n);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }
}
