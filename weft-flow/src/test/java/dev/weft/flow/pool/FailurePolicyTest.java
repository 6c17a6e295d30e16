package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Gate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failure policies: the task's own exception object, with its stack, reaches every consumer. */
@Timeout(10)
class FailurePolicyTest {

  private static void thrower(String message) throws IOException {
    throw new IOException(message);
  }

  private static Throwable failure(TaskHandle<?> h) throws InterruptedException {
    return ((TaskOutcome.Failed<?>) h.awaitOutcome()).error();
  }

  @Test
  void failTaskRecordsTheFailureOnTheHandleAndTheDefaultLog() throws Exception {
    List<Throwable> logged = new CopyOnWriteArrayList<>();
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withDefaultFailureHandler(logged::add)
            .newPool(PoolConfig.defaults().withMaxWorkers(1))) {
      assertThat(pool.config().failurePolicy()).isEqualTo(FailurePolicy.FAIL_TASK);
      TaskHandle<Void> h = pool.go(() -> thrower("one"));
      Throwable e = failure(h);
      assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("thrower");
      assertThatThrownBy(h::await).isInstanceOf(ExecutionException.class).cause().isSameAs(e);
      assertThat(logged).containsExactly(e);
    }
  }

  @Test
  void handlerReceivesTheSameExceptionBeforeAwaitReturns() throws Exception {
    List<Throwable> handled = new CopyOnWriteArrayList<>();
    try (WorkerPool pool =
        WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2).withFailureHandler(handled::add))) {
      TaskHandle<Void> h = pool.go(() -> thrower("two"));
      Throwable e = failure(h);
      assertThat(handled).containsExactly(e);
      assertThat(e.getStackTrace()[0].getMethodName()).isEqualTo("thrower");
      assertThat(pool.submit(() -> 1).await()).isEqualTo(1);
      assertThat(handled).hasSize(1); // successes are not reported
    }
  }

  @Test
  void aThrowingHandlerIsSuppressedIntoTheFailure() throws Exception {
    IllegalStateException handlerBug = new IllegalStateException("handler bug");
    try (WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withFailureHandler(e -> { throw handlerBug; }))) {
      Throwable e = failure(pool.go(() -> thrower("three")));
      assertThat(e.getSuppressed()).containsExactly(handlerBug);
    }
  }

  @Test
  void propagateRethrowsTheFirstFailureFromStopWithLaterOnesSuppressed() throws Exception {
    WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(1).withFailurePolicy(FailurePolicy.PROPAGATE));
    Throwable first = failure(pool.go(() -> thrower("first")));
    Throwable second = failure(pool.go(() -> thrower("second")));
    assertThat(pool.submit(() -> 1).await()).isEqualTo(1);
    assertThatThrownBy(() -> pool.stop(Duration.ofSeconds(1)))
        .isInstanceOf(PoolFailureException.class)
        .satisfies(e -> assertThat(e.getCause()).isSameAs(first))
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(second));
    assertThat(first.getStackTrace()[0].getMethodName()).isEqualTo("thrower");
    assertThat(pool.isTerminated()).isTrue();
    pool.close(); // reported once
  }

  @Test
  void propagateRethrowsFromClose() throws Exception {
    WorkerPool pool =
        WorkerPool.create(PoolConfig.defaults().withFailurePolicy(FailurePolicy.PROPAGATE));
    Throwable first = failure(pool.go(() -> thrower("boom")));
    assertThatThrownBy(pool::close).isInstanceOf(PoolFailureException.class).cause().isSameAs(first);
  }

  @Test
  void cancelledTasksAreNotFailures() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(1).withFailurePolicy(FailurePolicy.PROPAGATE));
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    h.cancel();
    h.awaitOutcome();
    pool.close(); // no failure to propagate
    assertThat(pool.metrics().failed()).isZero();
  }
}
