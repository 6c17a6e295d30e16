package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Under concurrent tryAcquire, decide and acquire on a few keys, while the clock moves and full
 * keys are evicted concurrently, no key is ever admitted more than its capacity plus the tokens
 * that arrived meanwhile.
 */
@Tag("stress")
@Timeout(60)
class KeyedRateLimiterConcurrencyTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private static final int KEYS = 4;

  /**
   * 50 per 100 ms (a token per 2 ms, buckets rarely full), and 1 per ms (every tick of the clock
   * fills every bucket, so eviction races with nearly every take); keys are dropped as soon as they
   * are full.
   */
  static List<Arguments> shapes() {
    List<Arguments> out = new ArrayList<>();
    for (long seed = 1; seed <= 3; seed++) {
      out.add(Arguments.of(50, seed));
      out.add(Arguments.of(1, seed));
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("shapes")
  void noKeyIsAdmittedMoreThanItsBucketAllows(int capacity, long seed) throws Exception {
    FakeClock clock = new FakeClock();
    Bandwidth bandwidth = Bandwidth.of(capacity, Duration.ofMillis(capacity == 1 ? 1 : 100));
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.of(clock, bandwidth, new KeyedRateLimiter.Config(1_000, Duration.ZERO));
    AtomicLongArray admitted = new AtomicLongArray(KEYS);
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean done = new AtomicBoolean();
    List<Async<Void>> workers = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      SplittableRandom rnd = new SplittableRandom(seed * 31 + t);
      boolean blocking = t < 2;
      workers.add(
          tasks.run(
              () -> {
                start.await();
                for (int i = 0; i < 3_000; i++) {
                  int key = rnd.nextInt(KEYS);
                  int n = 1 + rnd.nextInt(Math.min(5, capacity));
                  if (blocking && i % 50 == 0) {
                    limiter.acquire(key, n, Context.background());
                    admitted.addAndGet(key, n);
                  } else if (rnd.nextBoolean()) {
                    if (limiter.tryAcquire(key, n)) admitted.addAndGet(key, n);
                  } else if (limiter.decide(key, n).isAdmitted()) {
                    admitted.addAndGet(key, n);
                  }
                }
              }));
    }
    // Platform threads, yielding: busy virtual threads would keep the workers off the carriers.
    Async<Void> sweeper =
        tasks.runOnPlatformThread(
            () -> {
              start.await();
              while (!done.get()) {
                limiter.cleanUp();
                Thread.yield();
              }
            });
    Async<Void> ticker =
        tasks.runOnPlatformThread(
            () -> {
              start.await();
              while (!done.get()) {
                clock.advance(Duration.ofMillis(1));
                Thread.yield();
              }
            });
    long startNanos = clock.nanoTime();
    start.countDown();
    for (Async<Void> w : workers) w.get();
    done.set(true);
    sweeper.get();
    ticker.get();

    Band band = new Band(bandwidth, startNanos, 0);
    long arrived = band.slotsAt(clock.nanoTime());
    for (int k = 0; k < KEYS; k++) {
      assertThat(admitted.get(k))
          .as("key %d, %d tokens arrived", k, arrived)
          .isLessThanOrEqualTo(capacity + arrived);
    }
    long total = 0;
    for (int k = 0; k < KEYS; k++) total += admitted.get(k);
    assertThat(total).as("the run admitted something").isPositive();
  }

  /**
   * With the clock standing still, each phase starts with every bucket full and races takes
   * against the eviction of full keys: in no phase does a key admit more than its capacity (a
   * take on a cell being evicted must not be forgotten).
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2})
  void takesRacingTheEvictionOfTheirKeyAreNeverForgotten(long seed) throws Exception {
    FakeClock clock = new FakeClock();
    int capacity = 2;
    int keys = 32;
    KeyedRateLimiter<Integer> limiter =
        KeyedRateLimiter.of(
            clock,
            Bandwidth.of(capacity, Duration.ofMillis(2)),
            new KeyedRateLimiter.Config(1_000, Duration.ZERO));
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int phase = 0; phase < 1_000; phase++) {
      clock.advance(Duration.ofMillis(2)); // every bucket full again
      AtomicLongArray admitted = new AtomicLongArray(keys);
      AtomicBoolean go = new AtomicBoolean();
      int offset = rnd.nextInt(keys);
      // Platform threads released together by a spin flag: two cores race for real.
      Async<Void> taker =
          tasks.runOnPlatformThread(
              () -> {
                while (!go.get()) Thread.onSpinWait();
                for (int k = 0; k < keys; k++) {
                  int key = (offset + k) % keys;
                  while (limiter.tryAcquire(key)) admitted.incrementAndGet(key);
                }
              });
      Async<Void> sweeper =
          tasks.runOnPlatformThread(
              () -> {
                while (!go.get()) Thread.onSpinWait();
                limiter.cleanUp();
              });
      go.set(true);
      taker.get();
      sweeper.get();
      for (int k = 0; k < keys; k++) {
        assertThat(admitted.get(k)).as("phase %d, key %d", phase, k).isEqualTo(capacity);
      }
    }
  }
}
