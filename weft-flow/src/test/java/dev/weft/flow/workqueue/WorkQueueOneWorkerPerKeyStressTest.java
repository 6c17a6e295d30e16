package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Under many producers and workers, a {@link WorkQueue} never hands one key to two workers at once,
 * and every add is followed by a processing that sees it (nothing is lost to deduplication).
 */
@Tag("stress")
@Timeout(30)
class WorkQueueOneWorkerPerKeyStressTest {

  private static final int KEYS = 16;
  private static final int WORKERS = 8;
  private static final int PRODUCERS = 4;
  private static final int ADDS_PER_PRODUCER = 25_000;

  @Test
  void neverTwoWorkersOnOneKeyAndTheLastAddIsAlwaysProcessed() throws Exception {
    WorkQueue<Integer> queue = WorkQueue.create(new FakeClock());
    AtomicIntegerArray active = new AtomicIntegerArray(KEYS);
    AtomicIntegerArray version = new AtomicIntegerArray(KEYS); // bumped before each add
    AtomicIntegerArray seen = new AtomicIntegerArray(KEYS); // version read by the last processing
    AtomicInteger overlaps = new AtomicInteger();
    AtomicLong processed = new AtomicLong();

    List<Thread> workers = new ArrayList<>();
    for (int w = 0; w < WORKERS; w++) {
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      while (queue.get() instanceof GetResult.Item<Integer>(Integer k)) {
                        try {
                          if (active.incrementAndGet(k) != 1) overlaps.incrementAndGet();
                          seen.set(k, version.get(k));
                          if (ThreadLocalRandom.current().nextInt(4) == 0) Thread.yield();
                          processed.incrementAndGet();
                          active.decrementAndGet(k);
                        } finally {
                          queue.done(k);
                        }
                      }
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }));
    }
    List<Thread> producers = new ArrayList<>();
    for (int p = 0; p < PRODUCERS; p++) {
      producers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int i = 0; i < ADDS_PER_PRODUCER; i++) {
                      int k = rnd.nextInt(KEYS);
                      version.incrementAndGet(k);
                      queue.add(k);
                      if (rnd.nextInt(64) == 0) Thread.yield();
                    }
                  }));
    }
    for (Thread t : producers) t.join();
    // No more adds: wait until everything queued has been processed, then stop the workers.
    await()
        .atMost(Duration.ofSeconds(20))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> queue.len() == 0 && queue.inFlight() == 0);
    queue.shutDown();
    for (Thread t : workers) t.join();

    assertThat(overlaps.get()).as("keys processed by two workers at once").isZero();
    for (int k = 0; k < KEYS; k++) {
      assertThat(seen.get(k))
          .as("last processing of key %d saw its last add", k)
          .isEqualTo(version.get(k));
    }
    assertThat(processed.get())
        .isPositive()
        .isLessThanOrEqualTo((long) PRODUCERS * ADDS_PER_PRODUCER);
  }
}
