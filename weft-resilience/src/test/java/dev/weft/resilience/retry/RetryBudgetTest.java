package dev.weft.resilience.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.weft.context.Context;
import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A retry budget allows retries in proportion to calls, plus a floor per second, and no more. */
@Timeout(30)
class RetryBudgetTest {

  private final FakeClock clock = new FakeClock();

  @Test
  void everyCallDepositsTheRatioAndEveryRetryWithdrawsOne() {
    RetryBudget budget = new RetryBudget(0.5, 0, 10, clock);
    assertThat(budget.available()).isEqualTo(1); // a new budget starts with one token
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
    budget.deposit();
    assertThat(budget.tryWithdraw()).isFalse(); // half a token
    budget.deposit();
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
  }

  @Test
  void depositsStopAtTheCapacity() {
    RetryBudget budget = new RetryBudget(1, 0, 3, clock);
    for (int i = 0; i < 100; i++) budget.deposit();
    assertThat(budget.available()).isEqualTo(3);
  }

  @Test
  void theFloorAddsTokensWithTimeUpToTheCapacity() {
    RetryBudget budget = new RetryBudget(0, 2, 4, clock);
    assertThat(budget.available()).isEqualTo(2);
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
    clock.advance(Duration.ofMillis(500)); // one token at 2 a second
    assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
    clock.advance(Duration.ofDays(365));
    for (int i = 0; i < 4; i++) assertThat(budget.tryWithdraw()).isTrue();
    assertThat(budget.tryWithdraw()).isFalse();
  }

  @Test
  void anEmptyBudgetEndsTheCallWithTheFailureAndWithoutWaiting() {
    RetryBudget budget = new RetryBudget(0, 0, 1, clock);
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withMaxAttempts(5)
                .withBudget(budget)
                .withClock(clock));
    AtomicInteger attempts = new AtomicInteger();
    ThrowingCallable failing =
        () ->
            retry.call(
                Context.background(),
                c -> {
                  throw new IOException("attempt " + attempts.incrementAndGet());
                });
    // the one token buys one retry in the first call
    assertThat(catchThrowable(failing)).hasMessage("attempt 2");
    assertThat(attempts).hasValue(2);
    assertThat(retry.metrics().budgetExhausted()).isEqualTo(1);
    // the second call gets no retry at all
    assertThat(catchThrowable(failing)).hasMessage("attempt 3");
    assertThat(attempts).hasValue(3);
    assertThat(retry.metrics()).isEqualTo(new Retry.Metrics(2, 1, 0, 2, 2));
  }

  @Test
  void underAnOutageRetriesStayNearTheRatioOfCalls() {
    RetryBudget budget = new RetryBudget(0.2, 0, 10, clock);
    Retry retry =
        new Retry(
            RetryConfig.defaults()
                .withBackoff(Backoff.constant(Duration.ZERO))
                .withMaxAttempts(10)
                .withBudget(budget)
                .withClock(clock));
    AtomicInteger attempts = new AtomicInteger();
    int calls = 1000;
    for (int i = 0; i < calls; i++) {
      Throwable thrown =
          catchThrowable(
              () ->
                  retry.call(
                      Context.background(),
                      c -> {
                        attempts.incrementAndGet();
                        throw new IOException("down");
                      }));
      assertThat(thrown).isInstanceOf(IOException.class);
    }
    // without a budget: 10 000 attempts; with it: the calls, 20 % of them, and the first token
    assertThat(attempts.get()).isBetween(calls + 199, calls + 201);
  }

  @Test
  void concurrentDepositsAndWithdrawalsLoseNoToken() throws InterruptedException {
    RetryBudget budget = new RetryBudget(0.25, 0, RetryBudget.MAX_CAPACITY, clock);
    int threads = 8;
    int rounds = 10_000;
    AtomicLong granted = new AtomicLong();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] =
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < rounds; i++) {
                      budget.deposit();
                      if (budget.tryWithdraw()) granted.incrementAndGet();
                    }
                  });
    }
    for (Thread w : workers) w.join();
    // one token to start with, a quarter per deposit: every token was either granted or is left
    assertThat(granted.get() + budget.available()).isEqualTo(1 + threads * rounds / 4);
  }

  @Test
  void badConfigurationIsRejected() {
    assertThatThrownBy(() -> new RetryBudget(-0.1, 1, 1, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryBudget: ratio");
    assertThatThrownBy(() -> new RetryBudget(Double.NaN, 1, 1, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryBudget: ratio");
    assertThatThrownBy(() -> new RetryBudget(0.2, -1, 1, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryBudget: minPerSecond");
    assertThatThrownBy(() -> new RetryBudget(0.2, 1, 0, clock))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("RetryBudget: capacity must be >= 1 and <= 1000000, was 0");
    assertThatThrownBy(() -> new RetryBudget(0.2, 1, 1, null))
        .isInstanceOf(NullPointerException.class);
  }
}
