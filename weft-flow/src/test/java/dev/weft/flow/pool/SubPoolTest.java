package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.Gate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Sub-pools: a sub-pool task counts against both limits; stopping the parent stops children. */
@Timeout(10)
class SubPoolTest {

  @Test
  void aSubPoolNeverRunsMoreThanItsLimit() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool parent = WorkerPool.create(8)) {
      WorkerPool child = parent.subPool(2);
      List<TaskHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < 6; i++) hs.add(child.submit(gate.task(i)));
      gate.awaitStarted(2);
      assertThat(child.metrics().running()).isEqualTo(2);
      assertThat(child.metrics().waiting()).isEqualTo(4);
      gate.open();
      for (int i = 0; i < 6; i++) assertThat(hs.get(i).await()).isEqualTo(i);
      assertThat(gate.maxRunning()).isEqualTo(2);
    }
  }

  @Test
  void subPoolTasksCountAgainstTheParentLimit() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool parent = WorkerPool.create(3)) {
      WorkerPool a = parent.subPool(2);
      WorkerPool b = parent.subPool(2);
      List<TaskHandle<Integer>> hs = new ArrayList<>();
      for (int i = 0; i < 4; i++) hs.add(a.submit(gate.task(i)));
      for (int i = 0; i < 4; i++) hs.add(b.submit(gate.task(i)));
      for (int i = 0; i < 4; i++) hs.add(parent.submit(gate.task(i)));
      gate.awaitStarted(3);
      Thread.sleep(20); // give a fourth task the chance to start, wrongly
      assertThat(gate.running()).isEqualTo(3);
      gate.open();
      for (TaskHandle<Integer> h : hs) h.await();
      assertThat(gate.maxRunning()).isEqualTo(3);
      assertThat(parent.metrics().workers()).isLessThanOrEqualTo(3);
    }
  }

  @Test
  void stoppingTheParentStopsTheChildrenAndDrainsThem() throws Exception {
    AtomicInteger ran = new AtomicInteger();
    WorkerPool parent = WorkerPool.create(2);
    WorkerPool child = parent.subPool(1);
    List<TaskHandle<Integer>> hs = new ArrayList<>();
    for (int i = 0; i < 10; i++) hs.add(child.submit(() -> ran.incrementAndGet()));
    assertThat(parent.stop(Duration.ofSeconds(10)).isClean()).isTrue();
    assertThat(ran.get()).isEqualTo(10);
    assertThat(hs).allSatisfy(h -> assertThat(h.state()).isEqualTo(TaskState.SUCCEEDED));
    assertThat(child.isTerminated()).isTrue();
    assertThat(child.trySubmit(() -> 1)).isEqualTo(new SubmitResult.Rejected<Integer>(RejectReason.STOPPED));
    assertThatThrownBy(() -> parent.subPool(1)).isInstanceOf(RejectedException.class);
  }

  @Test
  void aHardStopOfTheParentCancelsTheChildrenTasks() throws Exception {
    Gate gate = new Gate();
    WorkerPool parent = WorkerPool.create(2);
    WorkerPool child = parent.subPool(1);
    TaskHandle<Integer> running = child.submit(gate.task(1));
    gate.awaitStarted(1);
    TaskHandle<Integer> queued = child.submit(gate.task(2));
    StopReport report = parent.stopNow();
    assertThat(report.interruptedRunning()).containsExactly(running);
    assertThat(report.cancelledQueued()).containsExactly(queued);
    assertThat(child.isTerminated()).isTrue();
    assertThat(parent.isTerminated()).isTrue();
  }

  @Test
  void aChildStopsOnItsOwnAndTheParentKeepsWorking() throws Exception {
    Gate gate = new Gate();
    try (WorkerPool parent = WorkerPool.create(2)) {
      WorkerPool child = parent.subPool(1);
      TaskHandle<Integer> running = child.submit(gate.task(1));
      gate.awaitStarted(1);
      TaskHandle<Integer> queued = child.submit(gate.task(2));
      StopReport report = child.stopNow();
      assertThat(report.interruptedRunning()).containsExactly(running);
      assertThat(report.cancelledQueued()).containsExactly(queued);
      assertThat(parent.submit(() -> "still on").await()).isEqualTo("still on");
      WorkerPool another = parent.subPool(1);
      assertThat(another.submit(() -> 5).await()).isEqualTo(5);
    }
  }

  @Test
  void aChildOfABusyParentWaitsForAParentWorker() throws Exception {
    Gate parentGate = new Gate();
    try (WorkerPool parent = WorkerPool.create(1)) {
      parent.submit(parentGate.task(0));
      parentGate.awaitStarted(1);
      WorkerPool child = parent.subPool(4);
      TaskHandle<String> h = child.submit(() -> "after");
      Thread.sleep(20);
      assertThat(h.state()).isEqualTo(TaskState.QUEUED);
      parentGate.open();
      assertThat(h.await()).isEqualTo("after");
    }
  }

  @Test
  void aDirectHandOffSubPoolAdmitsBlockedSubmittersWhenItsBorrowedWorkerLeaves() throws Exception {
    try (WorkerPool parent = WorkerPool.create(4)) {
      WorkerPool child = parent.subPool(parent.config().withMaxWorkers(1).withDirectHandoff());
      List<Async<Integer>> submitters = new ArrayList<>();
      for (int s = 0; s < 4; s++) {
        submitters.add(
            Async.call(
                () -> {
                  int sum = 0;
                  for (int i = 0; i < 50; i++) sum += child.submit(() -> 1).await();
                  return sum;
                }));
      }
      for (Async<Integer> a : submitters) assertThat(a.get()).isEqualTo(50);
      assertThat(child.metrics().succeeded()).isEqualTo(200);
    }
  }
}
