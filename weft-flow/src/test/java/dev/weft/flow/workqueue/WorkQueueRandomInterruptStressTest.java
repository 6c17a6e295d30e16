package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Getters interrupted and cancelled at random while keys are added lose no key and take none
 * twice: every key added once is handed out exactly once.
 */
@Tag("stress")
@Timeout(30)
class WorkQueueRandomInterruptStressTest {

  private static final int KEYS = 5_000;
  private static final int GETTERS = 8;

  @Test
  void everyKeyIsHandedOutExactlyOnceDespiteInterruptsAndCancellations() throws Exception {
    WorkQueue<Integer> queue = WorkQueue.create(new FakeClock());
    AtomicIntegerArray taken = new AtomicIntegerArray(KEYS);
    AtomicInteger interrupted = new AtomicInteger();
    AtomicInteger cancelled = new AtomicInteger();
    AtomicReferenceArray<CancelContext> contexts = new AtomicReferenceArray<>(GETTERS);
    AtomicBoolean stopChaos = new AtomicBoolean();

    List<Thread> getters = new ArrayList<>();
    for (int g = 0; g < GETTERS; g++) {
      int id = g;
      getters.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (true) {
                      CancelContext ctx = Context.withCancel(Context.background());
                      contexts.set(id, ctx);
                      try {
                        GetResult<Integer> r =
                            id % 2 == 0 ? queue.getResult(ctx) : queue.get(ctx);
                        if (r instanceof GetResult.Item<Integer>(Integer k)) {
                          taken.incrementAndGet(k);
                          queue.done(k);
                        } else if (r.isShutDown()) {
                          return;
                        } else {
                          cancelled.incrementAndGet();
                        }
                      } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                      } catch (java.util.concurrent.CancellationException e) {
                        cancelled.incrementAndGet();
                      } finally {
                        ctx.cancel();
                      }
                    }
                  }));
    }
    Thread chaos =
        Thread.ofVirtual()
            .start(
                () -> {
                  ThreadLocalRandom rnd = ThreadLocalRandom.current();
                  while (!stopChaos.get()) {
                    int g = rnd.nextInt(GETTERS);
                    if (rnd.nextBoolean()) {
                      getters.get(g).interrupt();
                    } else {
                      CancelContext ctx = contexts.get(g);
                      if (ctx != null) ctx.cancel();
                    }
                    Thread.yield();
                  }
                });
    ThreadLocalRandom rnd = ThreadLocalRandom.current();
    for (int k = 0; k < KEYS; k++) {
      queue.add(k);
      if (rnd.nextInt(16) == 0) Thread.yield();
    }
    while (queue.len() > 0 || queue.inFlight() > 0) Thread.yield();
    stopChaos.set(true);
    chaos.join();
    queue.shutDown();
    for (Thread t : getters) t.join();

    for (int k = 0; k < KEYS; k++) {
      assertThat(taken.get(k)).as("times key %d was handed out", k).isEqualTo(1);
    }
    assertThat(interrupted.get() + cancelled.get()).as("chaos happened").isPositive();
  }
}
