package dev.weft.flow.pool;

import dev.weft.task.ContextTask;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/**
 * Random submits, cancels, interrupts of submitters and resizes, then a stop: every accepted task
 * ends in exactly one terminal state, the metrics add up, and nothing runs after the stop.
 */
@Tag("stress")
@Timeout(60)
class PoolStressTest {

  enum Ending {
    GRACEFUL,
    HARD
  }

  /**
   * The engine's test knobs: workers that move to a fresh thread every {@link
   * PoolTuning#RENEW_CHECK_EVERY} tasks, or that always reserve runs of queued jobs (so jobs sit in
   * runs while they are cancelled, stopped, resized and taken by other workers).
   */
  enum Renewal {
    DEFAULT,
    EVERY_CHECK,
    RESERVING;

    WorkerPool pool(PoolConfig config) {
      return switch (this) {
        case DEFAULT -> PoolTuning.defaults().newPool(config);
        case EVERY_CHECK -> PoolTuning.defaults().withRenewAfter(Duration.ZERO).newPool(config);
        case RESERVING -> PoolTuning.defaults().alwaysReserving().newPool(config);
      };
    }
  }

  @ParameterizedTest
  @CsvSource({
    "GRACEFUL, DEFAULT",
    "HARD, DEFAULT",
    "GRACEFUL, EVERY_CHECK",
    "HARD, EVERY_CHECK",
    "GRACEFUL, RESERVING",
    "HARD, RESERVING"
  })
  void everyAcceptedTaskEndsExactlyOnce(Ending ending, Renewal renewal) throws Exception {
    int submitters = 8;
    int perSubmitter = 1500;
    WorkerPool pool =
        renewal.pool(
            PoolConfig.defaults().withMaxWorkers(4).withBoundedQueue(8).withMaxBlockedSubmitters(6)
                .withIdleTimeout(Duration.ofMillis(2)));
    List<TaskHandle<Integer>> accepted = new CopyOnWriteArrayList<>();
    ConcurrentHashMap<Integer, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicInteger ids = new AtomicInteger();
    List<Async<Void>> threads = new java.util.ArrayList<>();
    for (int s = 0; s < submitters; s++) {
      long seed = 1000L + s;
      threads.add(
          Async.run(
              () -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < perSubmitter; i++) {
                  int id = ids.incrementAndGet();
                  int kind = rnd.nextInt(10);
                  ContextTask<Integer> task =
                      c -> {
                        runs.computeIfAbsent(id, k -> new AtomicInteger()).incrementAndGet();
                        if (kind == 0) throw new IOException("fail " + id);
                        if (kind == 1) Thread.sleep(1);
                        return id;
                      };
                  try {
                    if (rnd.nextBoolean()) {
                      SubmitResult<Integer> r = pool.trySubmit(null, task, TaskOptions.defaults());
                      if (r instanceof SubmitResult.Accepted<Integer> a) accepted.add(a.handle());
                    } else {
                      accepted.add(pool.submit(task));
                    }
                  } catch (RejectedException | InterruptedException e) {
                    Thread.interrupted();
                  }
                  if (rnd.nextInt(8) == 0 && !accepted.isEmpty()) {
                    accepted.get(rnd.nextInt(accepted.size())).cancel();
                  }
                }
              }));
    }
    SplittableRandom rnd = new SplittableRandom(7);
    for (int i = 0; i < 200 && threads.stream().anyMatch(t -> !t.isDone()); i++) {
      Async<Void> victim = threads.get(rnd.nextInt(threads.size()));
      victim.thread().interrupt();
      pool.resize(1 + rnd.nextInt(6));
      Thread.sleep(1);
    }
    for (Async<Void> t : threads) t.get();
    StopReport report = ending == Ending.GRACEFUL ? pool.stop(Duration.ofSeconds(20)) : pool.stopNow();
    if (ending == Ending.GRACEFUL) assertThat(report.isClean()).isTrue();

    long succeeded = 0;
    long failed = 0;
    long cancelled = 0;
    for (TaskHandle<Integer> h : accepted) {
      TaskState s = h.state();
      assertThat(s.isTerminal()).as("%s", h).isTrue();
      switch (s) {
        case SUCCEEDED -> succeeded++;
        case FAILED -> failed++;
        default -> cancelled++;
      }
    }
    for (AtomicInteger n : runs.values()) assertThat(n.get()).isEqualTo(1); // never twice
    PoolMetrics m = pool.metrics();
    assertThat(m.submitted()).isEqualTo(accepted.size());
    assertThat(m.succeeded()).isEqualTo(succeeded);
    assertThat(m.failed()).isEqualTo(failed);
    assertThat(m.cancelled()).isEqualTo(cancelled);
    assertThat(m.running()).isZero();
    assertThat(m.waiting()).isZero();
    assertThat(m.workers()).isZero();
    int ranBefore = runs.size();
    Thread.sleep(5);
    assertThat(runs.size()).isEqualTo(ranBefore);
  }

  @ParameterizedTest
  @EnumSource(Renewal.class)
  void aHardStopDuringSubmissionsLeavesEveryAcceptedTaskEnded(Renewal renewal) throws Exception {
    WorkerPool pool =
        renewal.pool(PoolConfig.defaults().withMaxWorkers(3).withBoundedQueue(4));
    WorkerPool child = pool.subPool(2);
    List<TaskHandle<Integer>> accepted = new CopyOnWriteArrayList<>();
    java.util.concurrent.CountDownLatch someAccepted = new java.util.concurrent.CountDownLatch(200);
    List<Async<Void>> threads = new java.util.ArrayList<>();
    for (int s = 0; s < 6; s++) {
      WorkerPool target = s % 2 == 0 ? pool : child;
      threads.add(
          Async.run(
              () -> {
                while (true) {
                  try {
                    accepted.add(target.submit(c -> {
                      Thread.sleep(0, 100_000);
                      return 1;
                    }));
                    someAccepted.countDown();
                  } catch (RejectedException e) {
                    return; // stopped
                  }
                }
              }));
    }
    someAccepted.await();
    StopReport report = pool.stopNow();
    for (Async<Void> t : threads) t.get();
    assertThat(child.isTerminated()).isTrue();
    long cancelled = 0;
    for (TaskHandle<Integer> h : accepted) {
      assertThat(h.state().isTerminal()).as("%s", h).isTrue();
      if (h.state() == TaskState.CANCELLED) cancelled++;
    }
    // nobody else cancels here: every cancelled task was cancelled by the halt, and is reported
    assertThat(report.cancelledQueued().size() + report.interruptedRunning().size())
        .isEqualTo((int) cancelled);
    PoolMetrics parent = pool.metrics();
    PoolMetrics sub = child.metrics();
    assertThat(parent.submitted() + sub.submitted()).isEqualTo(accepted.size());
    assertThat(parent.completed() + sub.completed()).isEqualTo(accepted.size());
    assertThat(parent.workers() + sub.workers()).isZero();
  }

  @org.junit.jupiter.api.Test
  void subPoolsUnderLoadRespectBothLimits() throws Exception {
    AtomicInteger total = new AtomicInteger();
    AtomicInteger maxTotal = new AtomicInteger();
    AtomicInteger[] inChild = {new AtomicInteger(), new AtomicInteger()};
    AtomicInteger[] maxChild = {new AtomicInteger(), new AtomicInteger()};
    try (WorkerPool pool = WorkerPool.create(PoolConfig.defaults().withMaxWorkers(4).withBoundedQueue(8))) {
      WorkerPool[] children = {pool.subPool(3), pool.subPool(2)};
      List<Async<Void>> threads = new java.util.ArrayList<>();
      for (int s = 0; s < 6; s++) {
        int which = s % 3; // 0, 1: a child; 2: the parent itself
        threads.add(
            Async.run(
                () -> {
                  for (int i = 0; i < 400; i++) {
                    WorkerPool target = which == 2 ? pool : children[which];
                    target.go(
                        () -> {
                          maxTotal.accumulateAndGet(total.incrementAndGet(), Math::max);
                          if (which < 2) {
                            maxChild[which].accumulateAndGet(inChild[which].incrementAndGet(), Math::max);
                          }
                          Thread.onSpinWait();
                          if (which < 2) inChild[which].decrementAndGet();
                          total.decrementAndGet();
                        });
                  }
                }));
      }
      for (Async<Void> t : threads) t.get();
    }
    assertThat(maxTotal.get()).isBetween(1, 4);
    assertThat(maxChild[0].get()).isBetween(1, 3);
    assertThat(maxChild[1].get()).isBetween(1, 2);
  }

  @ParameterizedTest
  @EnumSource(QueueKind.class)
  void blockingSubmittersToAPoolAndItsSubPoolAllGetThrough(QueueKind kind) throws Exception {
    PoolConfig base = PoolConfig.defaults().withMaxWorkers(3).withIdleTimeout(Duration.ofMillis(1));
    PoolConfig config =
        switch (kind) {
          case BOUNDED -> base.withBoundedQueue(2);
          case ZERO -> base.withDirectHandoff();
          case UNBOUNDED -> base.withUnboundedQueue();
        };
    // Each task counts its runs; a task cancelled while running may still have run its body (it
    // ends CANCELLED once its code returns), so a run is checked against SUCCEEDED or CANCELLED.
    record Submitted(TaskHandle<Integer> handle, AtomicInteger runs) {}
    List<Submitted> all = new CopyOnWriteArrayList<>();
    try (WorkerPool pool = WorkerPool.create(config)) {
      WorkerPool child = pool.subPool(config.withMaxWorkers(2));
      List<Async<Void>> threads = new java.util.ArrayList<>();
      for (int s = 0; s < 6; s++) {
        WorkerPool target = s % 2 == 0 ? pool : child;
        long seed = s;
        threads.add(
            Async.run(
                () -> {
                  SplittableRandom rnd = new SplittableRandom(seed);
                  for (int i = 0; i < 300; i++) {
                    AtomicInteger runs = new AtomicInteger();
                    TaskHandle<Integer> h = target.submit(runs::incrementAndGet);
                    all.add(new Submitted(h, runs));
                    if (rnd.nextInt(10) == 0) h.cancel();
                    if (rnd.nextInt(50) == 0) Thread.sleep(2); // let workers expire
                  }
                }));
      }
      for (Async<Void> t : threads) t.get();
    }
    assertThat(all).hasSize(6 * 300);
    for (Submitted t : all) {
      TaskState state = t.handle().state();
      assertThat(state.isTerminal()).isTrue();
      assertThat(t.runs().get()).as("runs of a task").isLessThanOrEqualTo(1);
      if (state == TaskState.SUCCEEDED) assertThat(t.runs().get()).isEqualTo(1);
      else assertThat(state).isEqualTo(TaskState.CANCELLED);
    }
  }
}
