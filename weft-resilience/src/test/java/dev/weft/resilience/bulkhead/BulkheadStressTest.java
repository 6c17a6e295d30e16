package dev.weft.resilience.bulkhead;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Under many concurrent callers, some interrupted, a bulkhead never exceeds its limit. */
@Tag("stress")
@Timeout(60)
class BulkheadStressTest {

  @Test
  void concurrentCallsNeverExceedTheLimit() throws InterruptedException {
    int limit = 4;
    int threads = 32;
    int callsEach = 300;
    Bulkhead b =
        new Bulkhead(
            BulkheadConfig.defaults()
                .withMaxConcurrentCalls(limit)
                .withMaxWait(Duration.ofMinutes(1)));
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicLong completed = new AtomicLong();
    AtomicLong interrupted = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    SplittableRandom seeds = new SplittableRandom(42);
    for (int t = 0; t < threads; t++) {
      SplittableRandom random = seeds.split();
      workers.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    for (int i = 0; i < callsEach; i++) {
                      try {
                        b.call(
                            Context.background(),
                            c -> {
                              int now = running.incrementAndGet();
                              maxRunning.accumulateAndGet(now, Math::max);
                              for (int y = random.nextInt(3); y > 0; y--) Thread.yield();
                              running.decrementAndGet();
                              return null;
                            });
                        completed.incrementAndGet();
                      } catch (InterruptedException e) {
                        interrupted.incrementAndGet();
                      } catch (Exception e) {
                        throw new AssertionError(e);
                      }
                    }
                  }));
    }
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200; i++) {
      workers.get(random.nextInt(threads)).interrupt();
      Thread.yield();
    }
    for (Thread w : workers) w.join();
    assertThat(maxRunning.get()).isBetween(1, limit);
    assertThat(completed.get() + interrupted.get()).isEqualTo((long) threads * callsEach);
    assertThat(b.available()).isEqualTo(limit);
    assertThat(b.waiting()).isZero();
  }
}
