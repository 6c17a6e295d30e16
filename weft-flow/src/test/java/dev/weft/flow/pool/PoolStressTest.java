package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
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

  @ParameterizedTest
  @EnumSource(Ending.class)
  void everyAcceptedTaskEndsExactlyOnce(Ending ending) throws Exception {
    int submitters = 8;
    int perSubmitter = 1500;
    WorkerPool pool =
        WorkerPool.create(
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
      victim.thread.interrupt();
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
}
