package dev.weft.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.context.Context;
import dev.weft.time.Backoff;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A retry makes exactly as many attempts as its limits and predicates allow. */
@Timeout(30)
class RetryAttemptsTest {

  private static final Context CTX = Context.background();

  /** No delay between attempts, so that nothing waits. */
  static Retry retry(int maxAttempts) {
    return new Retry(
        RetryConfig.defaults()
            .withBackoff(Backoff.constant(Duration.ZERO))
            .withMaxAttempts(maxAttempts));
  }

  @Test
  void aSuccessIsReturnedWithoutRetry() throws Exception {
    Retry retry = retry(3);
    String r = retry.call(CTX, c -> "ok");
    assertThat(r).isEqualTo("ok");
    assertThat(retry.metrics()).isEqualTo(new Retry.Metrics(1, 0, 0, 0, 0));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 7})
  void aTransientFailureIsRetriedUntilTheAttemptLimit(int maxAttempts) {
    Retry retry = retry(maxAttempts);
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      throw new IOException("attempt " + attempts.incrementAndGet());
                    }));
    assertThat(attempts).hasValue(maxAttempts);
    assertThat(thrown).isInstanceOf(IOException.class).hasMessage("attempt " + maxAttempts);
    assertThat(thrown.getSuppressed()).hasSize(maxAttempts - 1);
    for (int i = 0; i < maxAttempts - 1; i++) {
      assertThat(thrown.getSuppressed()[i]).hasMessage("attempt " + (i + 1));
    }
    assertThat(retry.metrics()).isEqualTo(new Retry.Metrics(1, maxAttempts - 1, 0, 1, 0));
  }

  @Test
  void aCallSucceedingOnTheThirdAttemptIsCountedAsSucceededAfterRetry() throws Exception {
    Retry retry = retry(5);
    AtomicInteger attempts = new AtomicInteger();
    String r =
        retry.call(
            CTX,
            c -> {
              if (attempts.incrementAndGet() < 3) throw new IOException("flaky");
              return "third";
            });
    assertThat(r).isEqualTo("third");
    assertThat(retry.metrics()).isEqualTo(new Retry.Metrics(1, 2, 1, 0, 0));
  }

  @Test
  void programmingErrorsErrorsAndInterruptsAreNotRetriedByDefault() {
    Throwable[] failures = {
      new NullPointerException(),
      new IllegalArgumentException(),
      new IllegalStateException(),
      new ClassCastException(),
      new UnsupportedOperationException(),
      new ArrayIndexOutOfBoundsException(),
      new ArithmeticException(),
      new InterruptedException(),
      new AssertionError("an Error")
    };
    for (Throwable failure : failures) {
      Retry retry = retry(5);
      AtomicInteger attempts = new AtomicInteger();
      Throwable thrown =
          catchThrowable(
              () ->
                  retry.call(
                      CTX,
                      c -> {
                        attempts.incrementAndGet();
                        if (failure instanceof Error e) throw e;
                        throw (Exception) failure;
                      }));
      assertThat(thrown).as(failure.toString()).isSameAs(failure);
      assertThat(attempts).as(failure.toString()).hasValue(1);
    }
  }

  @Test
  void aCustomPredicateDecidesWhatIsRetried() {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withMaxAttempts(4)
                .withRetryOn(f -> f instanceof IllegalStateException));
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      attempts.incrementAndGet();
                      throw new IllegalStateException("retry me");
                    }))
        .isInstanceOf(IllegalStateException.class);
    assertThat(attempts).hasValue(4);
    attempts.set(0);
    assertThatThrownBy(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      attempts.incrementAndGet();
                      throw new IOException("not me");
                    }))
        .isInstanceOf(IOException.class);
    assertThat(attempts).hasValue(1);
  }

  @Test
  void anUnwantedResultIsRetriedAndReportedWithTheLastResultWhenNoRetryIsLeft() {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withName("status")
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withMaxAttempts(3)
                .withRetryOnResult(r -> r instanceof Integer status && status == 503));
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      if (attempts.incrementAndGet() == 1) throw new IOException("reset");
                      return 503;
                    }));
    assertThat(attempts).hasValue(3);
    assertThat(thrown).isInstanceOf(RetriesExhaustedException.class).hasMessageContaining("status");
    RetriesExhaustedException e = (RetriesExhaustedException) thrown;
    assertThat(e.lastResult()).isEqualTo(503);
    assertThat(e.attempts()).isEqualTo(3);
    assertThat(e.retryName()).isEqualTo("status");
    assertThat(e.getSuppressed()).singleElement().isInstanceOf(IOException.class);
    assertThat(retry.metrics().failed()).isEqualTo(1);
  }

  @Test
  void aWantedResultAfterUnwantedOnesIsReturned() throws Exception {
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withRetryOnResult(r -> r == null));
    AtomicInteger attempts = new AtomicInteger();
    String r = retry.call(CTX, c -> attempts.incrementAndGet() < 3 ? null : "found");
    assertThat(r).isEqualTo("found");
    assertThat(retry.metrics().succeededAfterRetry()).isEqualTo(1);
  }

  @Test
  void onlyTheLastEightEarlierFailuresAreSuppressed() {
    Retry retry = retry(20);
    AtomicInteger attempts = new AtomicInteger();
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      throw new IOException("attempt " + attempts.incrementAndGet());
                    }));
    assertThat(thrown).hasMessage("attempt 20");
    assertThat(thrown.getSuppressed()).hasSize(Retry.MAX_SUPPRESSED);
    for (int i = 0; i < Retry.MAX_SUPPRESSED; i++) {
      assertThat(thrown.getSuppressed()[i]).hasMessage("attempt " + (12 + i));
    }
  }

  @Test
  void theSameExceptionInstanceThrownEveryTimeIsNotSuppressedIntoItself() {
    IOException shared = new IOException("always the same");
    Retry retry = retry(4);
    Throwable thrown =
        catchThrowable(
            () ->
                retry.call(
                    CTX,
                    c -> {
                      throw shared;
                    }));
    assertThat(thrown).isSameAs(shared);
    assertThat(shared.getSuppressed()).isEmpty();
  }

  @Test
  void aDoneContextOnEntryRunsNothing() {
    var ctx = Context.withCancel(Context.background());
    ctx.cancel();
    Retry retry = retry(3);
    AtomicInteger attempts = new AtomicInteger();
    assertThatThrownBy(() -> retry.call(ctx, c -> attempts.incrementAndGet()))
        .isInstanceOf(dev.weft.context.ContextCancelledException.class);
    assertThat(attempts).hasValue(0);
    assertThat(retry.metrics().calls()).isZero();
  }

  @Test
  void nullArgumentsAreRejected() {
    Retry retry = retry(3);
    assertThatThrownBy(() -> retry.call(null, c -> 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Retry:");
    assertThatThrownBy(() -> retry.call(CTX, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessageStartingWith("Retry:");
    assertThatThrownBy(() -> new Retry(null)).isInstanceOf(NullPointerException.class);
  }
}
