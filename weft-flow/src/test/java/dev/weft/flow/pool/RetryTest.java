package dev.weft.flow.pool;

import dev.weft.task.ContextTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Retries follow the Backoff's delays on the pool's clock, as the predicate allows. */
@Timeout(10)
class RetryTest {

  private final FakeClock clock = new FakeClock();

  private WorkerPool pool() {
    return WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
  }

  private static ContextTask<String> failingTimes(AtomicInteger attempts, int failures) {
    return c -> {
      int n = attempts.incrementAndGet();
      if (n <= failures) throw new IOException("attempt " + n);
      return "ok after " + n;
    };
  }

  @Test
  void aFailingTaskIsRetriedAfterEachDelayUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults().withRetry(Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(10)));
      TaskHandle<String> h = pool.submit(failingTimes(attempts, 2), opts);
      clock.awaitPending(1);
      assertThat(attempts.get()).isEqualTo(1);
      clock.advance(Duration.ofMillis(999));
      assertThat(attempts.get()).isEqualTo(1);
      clock.advance(Duration.ofMillis(1));
      clock.awaitPending(1); // second delay: 2 s
      assertThat(attempts.get()).isEqualTo(2);
      clock.advance(Duration.ofSeconds(2));
      assertThat(h.await()).isEqualTo("ok after 3");
      assertThat(pool.metrics().retried()).isEqualTo(2);
      assertThat(pool.metrics().succeeded()).isEqualTo(1);
    }
  }

  @Test
  void retriesStopAtMaxAttemptsAndTheLastFailureIsReported() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO).withMaxAttempts(3));
      TaskHandle<String> h = pool.submit(failingTimes(attempts, 10), opts);
      // zero delays still go through the clock: advance until done
      while (!h.isDone()) {
        clock.advance(Duration.ZERO);
        Thread.onSpinWait();
      }
      TaskOutcome<String> o = h.awaitOutcome();
      assertThat(((TaskOutcome.Failed<String>) o).error()).hasMessage("attempt 3");
      assertThat(attempts.get()).isEqualTo(3);
      assertThat(pool.metrics().retried()).isEqualTo(2);
    }
  }

  @Test
  void aFailureThePredicateRejectsIsNotRetried() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults()
              .withRetry(Backoff.constant(Duration.ofSeconds(1)))
              .withRetryIf(t -> !(t instanceof IOException));
      TaskHandle<String> h = pool.submit(failingTimes(attempts, 5), opts);
      assertThat(h.awaitOutcome()).isInstanceOf(TaskOutcome.Failed.class);
      assertThat(attempts.get()).isEqualTo(1);
      assertThat(pool.metrics().retried()).isZero();
    }
  }

  @Test
  void theDefaultPredicateDoesNotRetryErrorsOrInterrupts() {
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new IOException())).isTrue();
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new AssertionError())).isFalse();
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new InterruptedException())).isFalse();
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new java.util.concurrent.CancellationException())).isFalse();
  }

  @Test
  void cancellingDuringTheBackOffEndsTheTaskCancelled() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts = TaskOptions.defaults().withRetry(Backoff.constant(Duration.ofHours(1)));
      TaskHandle<String> h = pool.submit(failingTimes(attempts, 5), opts);
      clock.awaitPending(1);
      assertThat(h.state()).isEqualTo(TaskState.RUNNING);
      h.cancel();
      assertThat(h.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<String>());
      assertThat(attempts.get()).isEqualTo(1);
    }
  }

  @Test
  void theTimeoutCoversTheRetriesAndStopsTheBackOff() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults()
              .withRetry(Backoff.constant(Duration.ofSeconds(10)))
              .withTimeout(Duration.ofSeconds(5));
      TaskHandle<String> h = pool.submit(failingTimes(attempts, 5), opts);
      clock.awaitPending(2); // the deadline and the first back-off
      clock.advance(Duration.ofSeconds(5));
      TaskOutcome<String> o = h.awaitOutcome();
      Throwable e = ((TaskOutcome.Failed<String>) o).error();
      assertThat(e).isInstanceOf(TimeoutException.class);
      assertThat(e.getCause()).hasMessage("attempt 1");
      assertThat(attempts.get()).isEqualTo(1);
    }
  }
}
