package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Gate;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Metrics add up: submitted = succeeded + failed + cancelled + running + waiting at rest. */
@Timeout(10)
class MetricsTest {

  @Test
  void countersAddUpThroughEveryKindOfEnding() throws Exception {
    Gate gate = new Gate();
    List<Throwable> logged = new CopyOnWriteArrayList<>(); // the failed go task, not printed
    try (WorkerPool pool =
        PoolTuning.defaults()
            .withDefaultFailureHandler(logged::add)
            .newPool(PoolConfig.defaults().withMaxWorkers(2).withBoundedQueue(2))) {
      assertThat(pool.metrics()).isEqualTo(new PoolMetrics(0, 0, 0, 0, 0, 0, 0, 0, 0, 2));
      pool.submit(() -> 1).await();
      pool.go(() -> { throw new IOException("x"); }).awaitOutcome();
      assertThat(logged).hasSize(1);
      TaskHandle<Integer> r1 = pool.submit(gate.task(1));
      TaskHandle<Integer> r2 = pool.submit(gate.task(2));
      gate.awaitStarted(2);
      TaskHandle<Integer> q1 = pool.submit(gate.task(3));
      TaskHandle<Integer> q2 = pool.submit(gate.task(4));
      assertThat(pool.trySubmit(() -> 5).isAccepted()).isFalse();
      PoolMetrics m = pool.metrics();
      assertThat(m.running()).isEqualTo(2);
      assertThat(m.waiting()).isEqualTo(2);
      assertThat(m.submitted()).isEqualTo(6);
      assertThat(m.succeeded()).isEqualTo(1);
      assertThat(m.failed()).isEqualTo(1);
      assertThat(m.dropped()).isEqualTo(1);
      assertThat(m.submitted()).isEqualTo(m.completed() + m.running() + m.waiting());
      q1.cancel();
      r1.cancel();
      r1.awaitOutcome();
      gate.open();
      r2.await();
      q2.await();
      m = pool.metrics();
      assertThat(m.cancelled()).isEqualTo(2);
      assertThat(m.succeeded()).isEqualTo(3);
      assertThat(m.running()).isZero();
      assertThat(m.waiting()).isZero();
      assertThat(m.submitted()).isEqualTo(m.completed());
      assertThat(m.workers()).isBetween(1, 2);
    }
  }

  @Test
  void retriesAreCounted() throws Exception {
    try (WorkerPool pool = WorkerPool.create(1)) {
      int[] n = {0};
      TaskHandle<Integer> h =
          pool.submit(
              c -> {
                if (++n[0] < 3) throw new IOException("again");
                return n[0];
              },
              TaskOptions.defaults().withRetry(dev.weft.time.Backoff.constant(Duration.ofMillis(1))));
      assertThat(h.await()).isEqualTo(3);
      assertThat(pool.metrics().retried()).isEqualTo(2);
    }
  }
}
