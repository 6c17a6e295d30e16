package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The lock-free task path under churn: submitters that pause between tasks, so workers keep going
 * idle, being handed tasks, being woken to look at the queue, and expiring (a 1 ms idle timeout)
 * while tasks arrive. Every task must run exactly once, none may be stranded in the queue (each
 * handle is awaited with a deadline), and the metrics must add up exactly while workers exit.
 */
@Tag("stress")
@Timeout(60)
class PoolIdleChurnTest {

  @ParameterizedTest
  @CsvSource({"1, 1", "2, 1", "2, 4", "4, 4"})
  void everyTaskRunsOnceWhileWorkersIdleWakeAndExpire(int maxWorkers, int submitters)
      throws Exception {
    int perSubmitter = 3_000;
    AtomicIntegerArray runs = new AtomicIntegerArray(submitters * perSubmitter);
    List<List<TaskHandle<Void>>> handles = new ArrayList<>();
    try (WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults()
                .withMaxWorkers(maxWorkers)
                .withUnboundedQueue()
                .withIdleTimeout(Duration.ofMillis(1)))) {
      List<Async<Void>> threads = new ArrayList<>();
      for (int s = 0; s < submitters; s++) {
        int base = s * perSubmitter;
        List<TaskHandle<Void>> mine = new ArrayList<>();
        handles.add(mine);
        threads.add(
            Async.run(
                () -> {
                  SplittableRandom rnd = new SplittableRandom(base);
                  for (int i = 0; i < perSubmitter; i++) {
                    int id = base + i;
                    TaskHandle<Void> h = pool.go(() -> runs.incrementAndGet(id));
                    mine.add(h);
                    // a task queued as the last worker went idle must not wait for the next one
                    if (rnd.nextInt(4) == 0) h.await(Duration.ofSeconds(10));
                    switch (rnd.nextInt(16)) {
                      case 0 -> Thread.sleep(0, 200_000); // long enough to expire a worker
                      case 1, 2, 3 -> Thread.yield();
                      default -> {}
                    }
                  }
                }));
      }
      for (Async<Void> t : threads) t.get();
      for (List<TaskHandle<Void>> mine : handles) {
        for (TaskHandle<Void> h : mine) h.await(Duration.ofSeconds(20)); // never stranded
      }
      // all done while idle workers may still be expiring: counts move, totals must not
      for (int k = 0; k < 50; k++) {
        PoolMetrics m = pool.metrics();
        assertThat(m.submitted()).isEqualTo((long) submitters * perSubmitter);
        assertThat(m.succeeded()).isEqualTo((long) submitters * perSubmitter);
        assertThat(m.running()).isZero();
        assertThat(m.waiting()).isZero();
        assertThat(m.workers()).isBetween(0, maxWorkers);
        Thread.sleep(0, 100_000);
      }
    }
    for (int i = 0; i < runs.length(); i++) assertThat(runs.get(i)).as("runs of %d", i).isEqualTo(1);
  }

  /**
   * One task at a time, the next submitted the moment the last is seen done (a spin, not a park):
   * the submission lands while the worker is between finding the queue empty and parking, the
   * window where a wake-up can be lost.
   */
  @ParameterizedTest
  @CsvSource({"1", "2"})
  void aTaskSubmittedAsTheWorkerGoesIdleIsNotStranded(int maxWorkers) throws Exception {
    try (WorkerPool pool =
        WorkerPool.create(
            PoolConfig.defaults().withMaxWorkers(maxWorkers).withUnboundedQueue())) {
      for (int i = 0; i < 20_000; i++) {
        TaskHandle<Void> h = pool.go(() -> {});
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!h.state().isTerminal()) {
          assertThat(System.nanoTime() - deadline).as("task %d stranded", i).isNegative();
          Thread.onSpinWait();
        }
      }
      assertThat(pool.metrics().succeeded()).isEqualTo(20_000);
    }
  }
}
