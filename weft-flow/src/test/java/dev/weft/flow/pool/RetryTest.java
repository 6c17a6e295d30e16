package dev.weft.flow.pool;

import dev.weft.task.ContextTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.Backoff;
import dev.weft.time.FakeClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
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

  /** Runs {@code task} with zero back-off delays (which still go through the clock) to its end. */
  private TaskOutcome<String> runToEnd(WorkerPool pool, ContextTask<String> task, TaskOptions opts)
      throws InterruptedException {
    TaskHandle<String> h = pool.submit(task, opts);
    while (!h.isDone()) {
      clock.advance(Duration.ZERO);
      Thread.onSpinWait();
    }
    return h.awaitOutcome();
  }

  private static Throwable error(TaskOutcome<String> o) {
    return ((TaskOutcome.Failed<String>) o).error();
  }

  @Test
  void theDefaultPredicateDoesNotRetryProgrammingErrors() {
    for (Throwable t :
        List.of(
            new NullPointerException(),
            new IllegalArgumentException(),
            new NumberFormatException(),
            new IllegalStateException(),
            new ClassCastException(),
            new UnsupportedOperationException(),
            new IndexOutOfBoundsException(),
            new ArrayIndexOutOfBoundsException(),
            new ArithmeticException(),
            new StackOverflowError())) {
      assertThat(TaskOptions.RETRY_EXCEPTIONS.test(t)).as("%s", t).isFalse();
    }
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new UncheckedIOException(new IOException())))
        .isTrue();
    assertThat(TaskOptions.RETRY_EXCEPTIONS.test(new RuntimeException())).isTrue();
  }

  @Test
  void aProgrammingErrorFailsAtOnceUnlessThePredicateAllowsIt() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    ContextTask<String> buggy =
        c -> {
          if (attempts.incrementAndGet() < 3) throw new IllegalStateException("bug");
          return "ok";
        };
    try (WorkerPool pool = pool()) {
      TaskOptions opts = TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO));
      assertThat(error(runToEnd(pool, buggy, opts))).isInstanceOf(IllegalStateException.class);
      assertThat(attempts.get()).isEqualTo(1);
      assertThat(pool.metrics().retried()).isZero();

      attempts.set(0);
      TaskOutcome<String> o = runToEnd(pool, buggy, opts.withRetryIf(t -> true));
      assertThat(o).isEqualTo(new TaskOutcome.Succeeded<>("ok"));
      assertThat(attempts.get()).isEqualTo(3);
    }
  }

  @Test
  void aRetryWithoutAnExplicitLimitStopsAfterTheDefaultAttempts() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts = TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO));
      Throwable e = error(runToEnd(pool, failingTimes(attempts, Integer.MAX_VALUE), opts));
      assertThat(e).hasMessage("attempt " + Backoff.DEFAULT_MAX_ATTEMPTS);
      assertThat(attempts.get()).isEqualTo(Backoff.DEFAULT_MAX_ATTEMPTS);
    }
  }

  @Test
  void theFinalFailureCarriesTheEarlierAttemptsFailuresAsSuppressed() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO).withMaxAttempts(3));
      Throwable e = error(runToEnd(pool, failingTimes(attempts, 10), opts));
      assertThat(e).hasMessage("attempt 3");
      assertThat(e.getSuppressed())
          .extracting(Throwable::getMessage)
          .containsExactly("attempt 1", "attempt 2");
    }
  }

  @Test
  void onlyTheLastEightEarlierFailuresAreKept() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO).withMaxAttempts(20));
      Throwable e = error(runToEnd(pool, failingTimes(attempts, 100), opts));
      assertThat(e).hasMessage("attempt 20");
      assertThat(e.getSuppressed())
          .extracting(Throwable::getMessage)
          .containsExactly(
              "attempt 12", "attempt 13", "attempt 14", "attempt 15", "attempt 16", "attempt 17",
              "attempt 18", "attempt 19");
    }
  }

  @Test
  void anExceptionThrownByEveryAttemptIsNotSuppressedIntoItself() throws Exception {
    IOException same = new IOException("always the same");
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts =
          TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO).withMaxAttempts(4));
      ContextTask<String> task =
          c -> {
            attempts.incrementAndGet();
            throw same;
          };
      assertThat(error(runToEnd(pool, task, opts))).isSameAs(same);
      assertThat(attempts.get()).isEqualTo(4);
      assertThat(same.getSuppressed()).isEmpty();
    }
  }

  @Test
  void aSucceedingRetryReportsTheValueOnly() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    try (WorkerPool pool = pool()) {
      TaskOptions opts = TaskOptions.defaults().withRetry(Backoff.constant(Duration.ZERO));
      assertThat(runToEnd(pool, failingTimes(attempts, 2), opts))
          .isEqualTo(new TaskOutcome.Succeeded<>("ok after 3"));
    }
  }
}
