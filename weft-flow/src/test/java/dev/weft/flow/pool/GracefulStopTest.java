package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * stop(deadline): rejects new tasks, drains queued and running ones, and cancels what is left when
 * the deadline (on the pool's clock) passes.
 */
@Timeout(10)
class GracefulStopTest {

  @Test
  void stopDrainsQueuedAndRunningTasks() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(2));
    List<TaskHandle<Integer>> hs = new ArrayList<>();
    for (int i = 0; i < 50; i++) hs.add(pool.submit(() -> ran.incrementAndGet()));
    StopReport report = pool.stop(Duration.ofSeconds(10));
    assertThat(report.isClean()).isTrue();
    assertThat(ran.get()).isEqualTo(50);
    assertThat(hs).allSatisfy(h -> assertThat(h.state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(pool.isTerminated()).isTrue();
    assertThat(pool.metrics().workers()).isZero();
  }

  @Test
  void afterTheDeadlineTheRestIsCancelledAndReported() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
    TaskHandle<Integer> running = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    TaskHandle<Integer> queued = pool.submit(gate.task(2));
    Async<StopReport> stop = Async.call(() -> pool.stop(Duration.ofSeconds(5)));
    clock.awaitPending(1); // the drain deadline
    assertThatThrownBy(() -> pool.submit(() -> 3)).isInstanceOf(RejectedException.class);
    stop.assertStillBlocked();
    clock.advance(Duration.ofSeconds(5));
    StopReport report = stop.get();
    assertThat(report.interruptedRunning()).containsExactly(running);
    assertThat(report.cancelledQueued()).containsExactly(queued);
    assertThat(running.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(queued.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void aStopThatDrainsInTimeCancelsNothing() throws Exception {
    FakeClock clock = new FakeClock();
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(1).withClock(clock));
    TaskHandle<Integer> a = pool.submit(gate.task(1));
    TaskHandle<Integer> b = pool.submit(gate.task(2));
    gate.awaitStarted(1);
    Async<StopReport> stop = Async.call(() -> pool.stop(Duration.ofSeconds(5)));
    stop.assertStillBlocked();
    gate.open();
    assertThat(stop.get().isClean()).isTrue();
    assertThat(a.await() + b.await()).isEqualTo(3);
  }

  @Test
  void stoppingTwiceIsHarmlessAndAStoppedPoolCannotBeRestarted() throws Exception {
    WorkerPool pool = WorkerPool.create(2);
    pool.submit(() -> 1).await();
    assertThat(pool.stop(Duration.ZERO).isClean()).isTrue();
    assertThat(pool.stop(Duration.ofSeconds(1)).isClean()).isTrue();
    assertThat(pool.stopNow().isClean()).isTrue();
    pool.close();
    pool.resize(5); // ignored
    assertThat(pool.trySubmit(() -> 1).isAccepted()).isFalse();
  }

  @Test
  void anInterruptedStopLeavesThePoolStoppingAndDraining() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    Async<StopReport> stop = Async.call(() -> pool.stop(Duration.ofHours(1)));
    stop.assertStillBlocked();
    stop.thread().interrupt();
    assertThat(stop.failure()).isInstanceOf(InterruptedException.class);
    assertThat(pool.isStopped()).isTrue();
    assertThat(pool.isTerminated()).isFalse();
    assertThat(pool.trySubmit(() -> 2).isAccepted()).isFalse();
    gate.open();
    assertThat(h.await()).isEqualTo(1);
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void closeInterruptedCancelsEverythingAndKeepsTheInterruptStatus() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    Async<Boolean> closer =
        Async.call(
            () -> {
              pool.close();
              return Thread.currentThread().isInterrupted();
            });
    closer.assertStillBlocked();
    closer.thread().interrupt();
    assertThat(closer.get()).isTrue();
    assertThat(h.state()).isEqualTo(TaskState.CANCELLED);
    assertThat(pool.isTerminated()).isTrue();
  }

  @Test
  void invalidDeadlinesAreRejected() {
    try (WorkerPool pool = WorkerPool.create(1)) {
      assertThatThrownBy(() -> pool.stop(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("WorkerPool: drainDeadline must be >= 0, got PT-1S");
      assertThatThrownBy(() -> pool.stop(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("WorkerPool: drainDeadline is null");
    }
  }
}
