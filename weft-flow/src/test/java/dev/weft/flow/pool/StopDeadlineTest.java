package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Gate;
import dev.weft.test.Async;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * stop(deadline) and stopNow() return within the deadline plus the grace, reporting tasks that
 * ignore their interrupt as still running; awaitTermination waits for those.
 */
@Timeout(20)
class StopDeadlineTest {

  /** Generous bound on "deadline plus grace" for a loaded 2-core machine. */
  private static final long GRACE_BOUND_NANOS = Duration.ofSeconds(3).toNanos();

  @Test
  void stopAtTheDeadlineReportsATaskThatIgnoresInterruptsAsStillRunning() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
    TaskHandle<Integer> stubborn = pool.submit(gate.stubbornTask(1));
    gate.awaitStarted(1);
    TaskHandle<Integer> queued = pool.submit(() -> 2);
    Async<StopReport> stop = Async.call(() -> pool.stop(Duration.ofSeconds(5)));
    clock.awaitPending(1); // the drain deadline
    stop.assertStillBlocked();
    long start = System.nanoTime();
    clock.advance(Duration.ofSeconds(5));
    StopReport report = stop.get();
    assertThat(System.nanoTime() - start).isLessThan(GRACE_BOUND_NANOS);
    assertThat(report.stillRunning()).containsExactly(stubborn);
    assertThat(report.interruptedRunning()).isEmpty();
    assertThat(report.cancelledQueued()).containsExactly(queued);
    assertThat(report.allEnded()).isFalse();
    assertThat(stubborn.state()).isEqualTo(TaskState.CANCELLING);
    assertThat(pool.isTerminated()).isFalse();
    gate.open();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(stubborn.state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void stopNowDoesNotWaitForATaskThatIgnoresInterrupts() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> stubborn = pool.submit(gate.stubbornTask(1));
    gate.awaitStarted(1);
    long start = System.nanoTime();
    StopReport report = pool.stopNow();
    assertThat(System.nanoTime() - start).isLessThan(GRACE_BOUND_NANOS);
    assertThat(report.stillRunning()).containsExactly(stubborn);
    assertThat(pool.isTerminated()).isFalse();
    gate.open();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void aTaskThatHonoursTheInterruptIsReportedAsInterruptedNotStillRunning() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    StopReport report = pool.stopNow();
    assertThat(report.interruptedRunning()).containsExactly(h);
    assertThat(report.stillRunning()).isEmpty();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void stopInterruptedOnEntryLeavesThePoolStoppingAndItsTasksRunning() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> pool.stop(Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    assertThat(pool.isStopped()).isTrue();
    assertThat(h.state()).isEqualTo(TaskState.RUNNING);
    gate.open();
    assertThat(h.await()).isEqualTo(1);
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
  }

  @Test
  void awaitTerminationTimesOutOnThePoolClockAndDoesNotStopThePool() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
    pool.submit(gate.task(1));
    gate.awaitStarted(1);
    Async<Boolean> waiter = Async.call(() -> pool.awaitTermination(Duration.ofSeconds(3)));
    clock.awaitPending(1);
    waiter.assertStillBlocked();
    clock.advance(Duration.ofSeconds(3));
    assertThat(waiter.get()).isFalse();
    assertThat(pool.isStopped()).isFalse();
    gate.open();
    pool.close();
    assertThat(pool.awaitTermination(Duration.ZERO)).isTrue();
  }

  @Test
  void awaitTerminationIsInterruptibleOnEntryAndWhileWaiting() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    pool.submit(gate.task(1));
    gate.awaitStarted(1);
    assertThat(pool.stop(Duration.ZERO).interruptedRunning()).hasSize(1);
    WorkerPool busy = WorkerPool.create(1);
    busy.submit(gate.stubbornTask(2));
    gate.awaitStarted(2);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> busy.awaitTermination(Duration.ofHours(1)))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
    Async<Boolean> waiter = Async.call(() -> busy.awaitTermination(Duration.ofHours(1)));
    waiter.assertStillBlocked();
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(busy.isStopped()).isFalse();
    gate.open();
    busy.close();
    assertThat(busy.isTerminated()).isTrue();
  }

  @Test
  void stopNowInterruptedDuringTheGraceLeavesThePoolHalted() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool =
        PoolTuning.defaults()
            .withStopGrace(Duration.ofHours(1))
            .newPool(PoolConfig.defaults().withMaxWorkers(1));
    TaskHandle<Integer> stubborn = pool.submit(gate.stubbornTask(1));
    gate.awaitStarted(1);
    Async<StopReport> stop = Async.call(pool::stopNow);
    stop.assertStillBlocked(); // in the grace: the task ignores its interrupt
    assertThat(stubborn.state()).isEqualTo(TaskState.CANCELLING);
    stop.interrupt();
    assertThat(stop.failure()).isInstanceOf(InterruptedException.class);
    assertThat(pool.trySubmit(() -> 2).isAccepted()).isFalse();
    gate.open();
    assertThat(pool.awaitTermination(Duration.ofSeconds(10))).isTrue();
    assertThat(stubborn.state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void zeroDeadlinesDoNotWaitForThePoolClock() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    assertThat(pool.awaitTermination(Duration.ZERO)).isFalse();
    StopReport report = pool.stop(Duration.ZERO); // no clock advance needed
    assertThat(report.interruptedRunning()).containsExactly(h);
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void invalidTimeoutsAreRejected() {
    try (WorkerPool pool = WorkerPool.create(1)) {
      assertThatThrownBy(() -> pool.awaitTermination(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("WorkerPool: timeout must be >= 0, got PT-1S");
      assertThatThrownBy(() -> pool.awaitTermination(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("WorkerPool: timeout is null");
    }
  }
}
