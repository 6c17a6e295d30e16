package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under concurrent use a {@link SmoothWarmUp} or {@link LeakyBucketQueue} never admits more
 * permits than its rate allows, and waiters interrupted together leave the line exactly as a twin
 * that only ever saw the others.
 */
@Timeout(60)
class PacedConcurrencyTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static final List<Function<Clock, RateLimiter>> KINDS =
      List.of(
          c -> SmoothWarmUp.of(c, 100_000, Duration.ofMillis(20)),
          c -> LeakyBucketQueue.of(c, 100_000, Duration.ofSeconds(1), 50));

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void concurrentCallersNeverGetMoreThanTheRateAllows(int kind) throws Exception {
    long start = System.nanoTime();
    RateLimiter limiter = KINDS.get(kind).apply(Clock.system()); // one permit per 10 µs or more
    AtomicLong permits = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    List<Async<Void>> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      long seed = t;
      threads.add(
          tasks.run(
              () -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                go.await();
                for (int i = 0; i < 300; i++) {
                  int n = 1 + rnd.nextInt(3);
                  boolean taken =
                      switch (rnd.nextInt(4)) {
                        case 0 -> limiter.tryAcquire(n);
                        case 1 -> limiter.decide(n).isAdmitted();
                        case 2 -> limiter.tryAcquire(n, Duration.ofMillis(1));
                        default -> {
                          try {
                            limiter.acquire(n);
                            yield true;
                          } catch (QueueFullException e) {
                            yield false;
                          }
                        }
                      };
                  if (taken) permits.addAndGet(n);
                }
              }));
    }
    go.countDown();
    for (Async<Void> t : threads) t.get();
    long elapsed = System.nanoTime() - start;
    // each request is admitted once the permits before it were paid for at >= 10 µs each
    assertThat(permits.get()).isPositive().isLessThanOrEqualTo(elapsed / 10_000 + 3);
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4})
  void waitersInterruptedTogetherLeaveTheLineAsATwinThatNeverSawThem(long seed) throws Exception {
    for (int kind = 0; kind < 2; kind++) {
      SplittableRandom rnd = new SplittableRandom(seed * 10 + kind);
      FakeClock clock = new FakeClock();
      RateLimiter limiter = KINDS.get(kind).apply(clock);
      RateLimiter twin = KINDS.get(kind).apply(clock);
      assertThat(limiter.tryAcquire(1)).isTrue();
      assertThat(twin.tryAcquire(1)).isTrue();
      List<Async<Void>> doomed = new ArrayList<>();
      List<Async<Void>> kept = new ArrayList<>();
      for (int i = 0; i < 16; i++) {
        int n = 1 + rnd.nextInt(3);
        Async<Void> w = tasks.run(() -> limiter.acquire(n));
        clock.awaitPending(i + 1);
        if (rnd.nextBoolean()) {
          doomed.add(w);
        } else {
          kept.add(w);
          twin.reserve(n);
        }
      }
      CountDownLatch go = new CountDownLatch(1);
      List<Async<Void>> interrupters = new ArrayList<>();
      for (Async<Void> w : doomed) {
        interrupters.add(
            tasks.run(
                () -> {
                  go.await();
                  w.interrupt();
                }));
      }
      go.countDown();
      for (Async<Void> i : interrupters) i.get();
      for (Async<Void> w : doomed) assertThat(w.failure()).isInstanceOf(InterruptedException.class);
      assertThat(Paced.queued(limiter)).isEqualTo(kept.size());
      assertThat(limiter.decide(1)).isEqualTo(twin.decide(1));
      clock.advance(Duration.ofSeconds(1));
      for (Async<Void> w : kept) w.get();
      assertThat(Paced.queued(limiter)).isZero();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1})
  void waitersGivingUpAtRandomNeverStrandTheOthers(int kind) throws Exception {
    RateLimiter limiter = KINDS.get(kind).apply(Clock.system());
    AtomicLong admitted = new AtomicLong();
    AtomicLong gaveUp = new AtomicLong();
    List<Async<Void>> threads = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      long seed = 100 + t;
      threads.add(
          tasks.run(
              () -> {
                SplittableRandom rnd = new SplittableRandom(seed);
                for (int i = 0; i < 200; i++) {
                  CancelContext ctx = Context.withCancel(Context.background());
                  Thread canceller = null;
                  if (rnd.nextBoolean()) {
                    Thread self = Thread.currentThread();
                    boolean interrupt = rnd.nextBoolean();
                    canceller =
                        Thread.ofVirtual()
                            .start(
                                () -> {
                                  if (interrupt) self.interrupt();
                                  else ctx.cancel();
                                });
                  }
                  try {
                    limiter.acquire(1 + rnd.nextInt(2), ctx);
                    admitted.incrementAndGet();
                  } catch (InterruptedException | ContextCancelledException e) {
                    gaveUp.incrementAndGet();
                  } catch (QueueFullException e) {
                    // the queue was full: nothing taken
                  } finally {
                    while (canceller != null) {
                      try {
                        canceller.join();
                        canceller = null;
                      } catch (InterruptedException late) {
                        // the interrupt came after acquire returned
                      }
                    }
                    Thread.interrupted(); // an interrupt that came after the permits
                    ctx.cancel();
                  }
                }
              }));
    }
    for (Async<Void> t : threads) t.get();
    assertThat(admitted.get()).isPositive();
    assertThat(gaveUp.get()).isPositive();
    assertThat(Paced.queued(limiter)).as("nobody stranded in line").isZero();
    assertThat(limiter.tryAcquire(1, Duration.ofSeconds(1))).as("the line still moves").isTrue();
  }
}
