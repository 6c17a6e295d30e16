package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Per-task timeout, on a fake clock: at the deadline the task's context is done (deadline
 * exceeded) and its thread interrupted, and the task fails with a TimeoutException.
 */
@Timeout(10)
class TimeoutTest {

  private final FakeClock clock = new FakeClock();

  private WorkerPool pool(int workers) {
    return WorkerPool.create(PoolConfig.defaults().withMaxWorkers(workers).withClock(clock));
  }

  private static Throwable failure(TaskHandle<?> h) throws InterruptedException {
    TaskOutcome<?> o = h.awaitOutcome();
    assertThat(o).isInstanceOf(TaskOutcome.Failed.class);
    return ((TaskOutcome.Failed<?>) o).error();
  }

  @Test
  void aContextTaskSeesItsDeadlineAndFailsWithTimeout() throws Exception {
    AtomicReference<Context> seen = new AtomicReference<>();
    try (WorkerPool pool = pool(1)) {
      TaskHandle<String> h =
          pool.submit(
              c -> {
                seen.set(c);
                c.await();
                c.throwIfDone();
                return "late";
              },
              TaskOptions.defaults().withTimeout(Duration.ofSeconds(5)));
      clock.awaitPending(1);
      clock.advance(Duration.ofSeconds(4));
      assertThat(h.isDone()).isFalse();
      clock.advance(Duration.ofSeconds(1));
      Throwable e = failure(h);
      assertThat(e).isInstanceOf(TimeoutException.class).hasMessage("WorkerPool: task timed out after PT5S");
      assertThat(e.getCause()).isInstanceOfAny(ContextCancelledException.class, InterruptedException.class);
      assertThat(seen.get().err()).contains(ContextError.DEADLINE_EXCEEDED);
      assertThat(pool.metrics().failed()).isEqualTo(1);
    }
  }

  @Test
  void aCallableIsInterruptedAtTheDeadline() throws Exception {
    try (WorkerPool pool = pool(1)) {
      CountDownLatch never = new CountDownLatch(1);
      TaskHandle<Object> h =
          pool.submit(
              null,
              c -> {
                never.await();
                return "x";
              },
              TaskOptions.defaults().withTimeout(Duration.ofMillis(100)));
      clock.awaitPending(1);
      clock.advance(Duration.ofMillis(100));
      assertThat(failure(h)).isInstanceOf(TimeoutException.class);
    }
  }

  @Test
  void aTaskThatIgnoresTheInterruptStillTimesOut() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = pool(1)) {
      java.util.concurrent.Callable<String> stubborn = gate.stubbornTask("value");
      TaskHandle<String> h =
          pool.submit(c -> stubborn.call(), TaskOptions.defaults().withTimeout(Duration.ofSeconds(1)));
      gate.awaitStarted(1);
      clock.awaitPending(1);
      clock.advance(Duration.ofSeconds(1));
      Thread.sleep(20); // let the interrupt land: the task must not end just because of it
      assertThat(h.isDone()).isFalse();
      gate.open();
      Throwable e = failure(h);
      assertThat(e).isInstanceOf(TimeoutException.class);
      assertThat(e.getCause()).isNull();
    }
  }

  @Test
  void timeInTheQueueDoesNotCount() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool pool = pool(1)) {
      pool.submit(gate.task(0));
      gate.awaitStarted(1);
      TaskHandle<String> h =
          pool.submit(c -> "quick", TaskOptions.defaults().withTimeout(Duration.ofSeconds(1)));
      clock.advance(Duration.ofSeconds(10)); // queued all along
      gate.open();
      assertThat(h.await()).isEqualTo("quick");
    }
  }

  @Test
  void aTaskThatEndsInTimeSucceedsAndItsDeadlineIsStopped() throws Exception {
    try (WorkerPool pool = pool(1)) {
      TaskHandle<Boolean> h =
          pool.submit(c -> c.isDone(), TaskOptions.defaults().withTimeout(Duration.ofSeconds(1)));
      assertThat(h.await()).isFalse();
      clock.advance(Duration.ofSeconds(2)); // the deadline would have passed: nothing happens
      assertThat(h.state()).isEqualTo(TaskState.SUCCEEDED);
    }
  }

  @Test
  void aNamedTasksTimeoutNamesIt() throws Exception {
    try (WorkerPool pool = pool(1)) {
      TaskOptions options =
          TaskOptions.defaults().withTimeout(Duration.ofSeconds(2)).withName("fetch-user");
      TaskHandle<String> h =
          pool.submit(
              c -> {
                c.await();
                return "late";
              },
              options);
      assertThat(h.toString()).contains("fetch-user");
      clock.awaitPending(1);
      clock.advance(Duration.ofSeconds(2));
      assertThat(failure(h))
          .isInstanceOf(TimeoutException.class)
          .hasMessage("WorkerPool: task 'fetch-user' timed out after PT2S");
    }
  }

  @Test
  void aNameSurvivesTheOtherOptionsAndMustNotBeBlank() {
    TaskOptions o = TaskOptions.defaults().withName("n").withTimeout(Duration.ofSeconds(1));
    assertThat(o.withoutTimeout().name()).contains("n");
    assertThat(TaskOptions.defaults().name()).isEmpty();
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TaskOptions.defaults().withName(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TaskOptions: name is blank");
  }
}
