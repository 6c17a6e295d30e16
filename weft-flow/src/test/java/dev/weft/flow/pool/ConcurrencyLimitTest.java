package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Timeout;

/** However tasks arrive, no more than maxWorkers run at once, for every queue kind. */
@Timeout(30)
class ConcurrencyLimitTest {

  @ParameterizedTest
  @EnumSource(QueueKind.class)
  void neverMoreThanMaxWorkersRunAtOnce(QueueKind kind) throws Exception {
    PoolConfig base = PoolConfig.defaults().withMaxWorkers(3);
    PoolConfig config =
        switch (kind) {
          case BOUNDED -> base.withBoundedQueue(5);
          case ZERO -> base.withDirectHandoff();
          case UNBOUNDED -> base.withUnboundedQueue();
        };
    AtomicInteger running = new AtomicInteger();
    AtomicInteger max = new AtomicInteger();
    AtomicInteger done = new AtomicInteger();
    try (WorkerPool pool = WorkerPool.create(config)) {
      List<Async<Void>> submitters = new ArrayList<>();
      for (int s = 0; s < 6; s++) {
        submitters.add(
            Async.run(
                () -> {
                  for (int i = 0; i < 300; i++) {
                    pool.go(
                        () -> {
                          max.accumulateAndGet(running.incrementAndGet(), Math::max);
                          Thread.onSpinWait();
                          running.decrementAndGet();
                          done.incrementAndGet();
                        });
                  }
                }));
      }
      for (Async<Void> s : submitters) s.get();
    }
    assertThat(done.get()).isEqualTo(1800);
    assertThat(max.get()).isBetween(1, 3);
  }
}
