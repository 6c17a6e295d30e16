package dev.weft.resilience.breaker;

import static dev.weft.resilience.breaker.Calls.CTX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Results and exceptions count as the predicates say; a caller giving up counts as nothing. */
class ClassificationTest {

  /** An HTTP-like response. */
  record Response(int status) {}

  private final FakeClock clock = new FakeClock();

  private CircuitBreaker breaker(CircuitBreakerConfig config) {
    return CircuitBreaker.of("http", config);
  }

  @Test
  void a503ResultCountsAsFailureAndA404DoesNot() throws Exception {
    CircuitBreaker b =
        breaker(
            Calls.config(clock, 3)
                .withFailedResult(r -> r instanceof Response res && res.status() >= 500));
    for (int i = 0; i < 3; i++) {
      assertThat(b.call(CTX, c -> new Response(404)).status()).isEqualTo(404);
    }
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
    assertThat(b.metrics().failedCalls()).isZero();
    for (int i = 0; i < 2; i++) b.call(CTX, c -> new Response(503));
    assertThat(b.state()).isEqualTo(CircuitState.OPEN); // 2 of the last 3 failed
  }

  @Test
  void aNullResultReachesTheResultPredicate() throws Exception {
    CircuitBreaker b = breaker(Calls.config(clock, 1).withFailedResult(r -> r == null));
    assertThat(b.<Object>call(CTX, c -> null)).isNull();
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void exceptionsNotRecordedAsFailuresCountAsSuccesses() {
    CircuitBreaker b =
        breaker(Calls.config(clock, 2).withRecordFailure(IOException.class::isInstance));
    for (int i = 0; i < 2; i++) {
      assertThatThrownBy(() -> b.call(CTX, c -> {
        throw new IllegalArgumentException("a bad request is the caller's fault");
      })).isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(b.metrics().calls()).isEqualTo(2);
    assertThat(b.metrics().failedCalls()).isZero();
    Calls.fail(b);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void ignoredExceptionsCountNeitherWay() {
    CircuitBreaker b =
        breaker(Calls.config(clock, 2).withIgnoreException(UncheckedIOException.class::isInstance));
    for (int i = 0; i < 5; i++) {
      assertThatThrownBy(() -> b.call(CTX, c -> {
        throw new UncheckedIOException(new IOException("ignored"));
      })).isInstanceOf(UncheckedIOException.class);
    }
    assertThat(b.metrics().calls()).isZero();
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void anIgnoredTrialGivesItsPermissionBack() {
    CircuitBreaker b =
        breaker(
            Calls.config(clock, 2)
                .withHalfOpenCalls(1)
                .withIgnoreException(UncheckedIOException.class::isInstance));
    b.transitionTo(CircuitState.HALF_OPEN);
    assertThatThrownBy(() -> b.call(CTX, c -> {
      throw new UncheckedIOException(new IOException("ignored"));
    })).isInstanceOf(UncheckedIOException.class);
    assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
    assertThat(b.tryAcquirePermission()).isTrue();
  }

  @Test
  void aCallEndingWhileTheCallersContextIsDoneCountsAsNothing() {
    CircuitBreaker b = breaker(Calls.config(clock, 1));
    try (CancelContext ctx = Context.withCancel(CTX)) {
      assertThatThrownBy(() -> b.call(ctx, c -> {
        ctx.cancel();
        c.throwIfDone();
        return "unreachable";
      })).isInstanceOf(ContextCancelledException.class);
    }
    assertThat(b.metrics().calls()).isZero();
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
  }

  @Test
  void aContextDoneOnEntryRunsNothingAndTakesNoPermission() {
    CircuitBreaker b = breaker(Calls.config(clock, 1).withHalfOpenCalls(1));
    b.transitionTo(CircuitState.HALF_OPEN);
    AtomicBoolean ran = new AtomicBoolean();
    try (CancelContext ctx = Context.withCancel(CTX)) {
      ctx.cancel();
      assertThatThrownBy(() -> b.call(ctx, c -> ran.getAndSet(true)))
          .isInstanceOf(ContextCancelledException.class);
    }
    assertThat(ran).isFalse();
    assertThat(b.tryAcquirePermission()).isTrue(); // the only trial is still free
  }

  @Test
  void anInterruptedCallCountsAsNothingAndKeepsTheInterrupt() {
    CircuitBreaker b = breaker(Calls.config(clock, 1));
    assertThatThrownBy(() -> b.call(CTX, c -> {
      Thread.currentThread().interrupt();
      throw new InterruptedException();
    })).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isTrue(); // the breaker left the status alone
    assertThat(b.metrics().calls()).isZero();
  }

  @Test
  void aThrowingExceptionPredicateCountsAFailureAndIsSuppressed() {
    IllegalStateException bug = new IllegalStateException("predicate bug");
    CircuitBreaker b = breaker(Calls.config(clock, 1).withRecordFailure(t -> {
      throw bug;
    }));
    assertThatThrownBy(() -> b.call(CTX, c -> {
      throw new IOException("down");
    })).isInstanceOf(IOException.class).hasSuppressedException(bug);
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }

  @Test
  void aThrowingResultPredicateCountsAFailureAndReachesTheCaller() {
    CircuitBreaker b = breaker(Calls.config(clock, 1).withFailedResult(r -> {
      throw new IllegalStateException("predicate bug");
    }));
    assertThatThrownBy(() -> b.call(CTX, c -> "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("predicate bug");
    assertThat(b.state()).isEqualTo(CircuitState.OPEN);
  }
}
