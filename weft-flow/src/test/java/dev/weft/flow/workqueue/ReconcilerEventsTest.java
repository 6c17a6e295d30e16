package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Reconciler}: events for a key that is being reconciled collapse into exactly one more
 * call, after the current one, even with idle workers available.
 */
@Timeout(10)
class ReconcilerEventsTest {

  @Test
  void eventsDuringAReconcileCauseExactlyOneMoreCallAfterIt() throws Exception {
    WorkQueue<String> queue = WorkQueue.create(new FakeClock());
    CountDownLatch inFirstCall = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger maxConcurrent = new AtomicInteger();
    List<Integer> calls = new CopyOnWriteArrayList<>();
    Reconciler<String> r =
        Reconciler.start(
            Context.background(),
            queue,
            (ctx, key) -> {
              maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
              try {
                calls.add(calls.size() + 1);
                if (calls.size() == 1) {
                  inFirstCall.countDown();
                  release.await();
                }
                return ReconcileResult.done();
              } finally {
                concurrent.decrementAndGet();
              }
            },
            ReconcilerOptions.defaults().withWorkers(4));
    queue.add("web");
    inFirstCall.await();
    for (int i = 0; i < 10; i++) queue.add("web"); // three idle workers could take it: they must not
    assertThat(queue.len()).isZero();
    assertThat(queue.inFlight()).isEqualTo(1);
    release.countDown();
    r.stop(); // drains: the dirty key is reconciled once more before the workers exit
    assertThat(calls).containsExactly(1, 2);
    assertThat(maxConcurrent.get()).isEqualTo(1);
    assertThat(r.metrics()).isEqualTo(new ReconcilerMetrics(2, 0, 0, 0));
  }
}
