package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** stopNow: cancels queued tasks, interrupts running ones, reports both, waits for the workers. */
@Timeout(10)
class HardStopTest {

  @Test
  void stopNowReportsCancelledQueuedAndInterruptedRunningTasks() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(2);
    List<TaskHandle<Integer>> running = new ArrayList<>();
    running.add(pool.submit(gate.task(1)));
    running.add(pool.submit(gate.task(2)));
    gate.awaitStarted(2);
    List<TaskHandle<Integer>> queued = new ArrayList<>();
    for (int i = 0; i < 5; i++) queued.add(pool.submit(gate.task(10 + i)));
    StopReport report = pool.stopNow();
    assertThat(report.interruptedRunning()).containsExactlyInAnyOrderElementsOf(running);
    assertThat(report.cancelledQueued()).containsExactlyElementsOf(queued);
    assertThat(gate.running()).isZero(); // their code has returned
    assertThat(pool.isTerminated()).isTrue();
    assertThat(gate.started()).isEqualTo(2);
    PoolMetrics m = pool.metrics();
    assertThat(m.cancelled()).isEqualTo(7);
    assertThat(m.running()).isZero();
    assertThat(m.waiting()).isZero();
    assertThat(m.workers()).isZero();
  }

  @Test
  void stopNowWaitsWithinItsGraceForATaskThatIgnoresTheInterrupt() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool =
        PoolTuning.defaults()
            .withStopGrace(Duration.ofHours(1))
            .newPool(PoolConfig.defaults().withMaxWorkers(1));
    TaskHandle<Integer> h = pool.submit(gate.stubbornTask(1));
    gate.awaitStarted(1);
    Async<StopReport> stop = Async.call(pool::stopNow);
    stop.assertStillBlocked();
    assertThat(h.state()).isEqualTo(TaskState.CANCELLING);
    gate.open();
    StopReport report = stop.get();
    assertThat(report.interruptedRunning()).containsExactly(h);
    assertThat(report.stillRunning()).isEmpty();
    assertThat(h.state()).isEqualTo(TaskState.CANCELLED);
  }

  @Test
  void stopNowInterruptedOnEntryStillHaltsThePool() throws Exception {
    Gate gate = new Gate();
    WorkerPool pool = WorkerPool.create(1);
    TaskHandle<Integer> h = pool.submit(gate.task(1));
    gate.awaitStarted(1);
    Thread.currentThread().interrupt();
    org.junit.jupiter.api.Assertions.assertThrows(InterruptedException.class, pool::stopNow);
    assertThat(h.awaitOutcome()).isEqualTo(new TaskOutcome.Cancelled<Integer>());
    pool.close();
    assertThat(pool.isTerminated()).isTrue();
  }
}
