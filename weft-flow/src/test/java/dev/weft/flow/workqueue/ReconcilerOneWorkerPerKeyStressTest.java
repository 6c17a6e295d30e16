package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * With many workers, events and retries, a {@link Reconciler} never runs its function twice at once
 * for one key.
 */
@Tag("stress")
@Timeout(30)
class ReconcilerOneWorkerPerKeyStressTest {

  private static final int KEYS = 8;

  @Test
  void neverConcurrentOnOneKey() throws Exception {
    WorkQueue<Integer> queue =
        WorkQueue.create(
            RequeueLimiter.exponential(Duration.ofNanos(1000), Duration.ofMillis(1)), Clock.system());
    AtomicIntegerArray active = new AtomicIntegerArray(KEYS);
    AtomicInteger overlaps = new AtomicInteger();
    AtomicInteger calls = new AtomicInteger();
    try (Reconciler<Integer> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, k) -> {
              if (active.incrementAndGet(k) != 1) overlaps.incrementAndGet();
              try {
                calls.incrementAndGet();
                Thread.yield();
                if (ThreadLocalRandom.current().nextInt(10) == 0)
                  throw new IllegalStateException("retry");
                return ReconcileResult.done();
              } finally {
                active.decrementAndGet(k);
              }
            },
            ReconcilerOptions.defaults().withWorkers(16).withMaxRetries(3),
            (k, e, n) -> {})) {
      ThreadLocalRandom rnd = ThreadLocalRandom.current();
      for (int i = 0; i < 50_000; i++) {
        queue.add(rnd.nextInt(KEYS));
        if (i % 256 == 0) Thread.yield();
      }
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> queue.len() == 0 && queue.inFlight() == 0 && queue.delayed() == 0);
    }
    assertThat(overlaps.get()).isZero();
    assertThat(calls.get()).isPositive();
  }
}
