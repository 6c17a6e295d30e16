package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Under many threads and a seeded random stream of outcomes, every count adds up. */
@Tag("stress")
@Timeout(60)
class StressTest {

  private static final long SEED = 0x5EED_B4EAL;
  private static final int THREADS = 8;
  private static final int CALLS = 5_000;
  private static final long SLOW = Duration.ofMillis(100).toNanos();

  /** One thread's share: outcomes drawn from its own seeded generator. */
  private static void runOutcomes(
      CircuitBreaker b,
      SplittableRandom random,
      AtomicLong calls,
      AtomicLong failed,
      AtomicLong slow)
      throws Exception {
    for (int i = 0; i < CALLS; i++) {
      int kind = random.nextInt(6);
      long d = random.nextBoolean() ? SLOW : SLOW - 1;
      if (kind == 5) { // through call(): a quick success or failure
        boolean fail = random.nextBoolean();
        try {
          b.call(
              Calls.CTX,
              c -> {
                if (fail) throw new IOException("down");
                return "ok";
              });
        } catch (IOException expected) {
          // counted below
        }
        calls.incrementAndGet();
        if (fail) failed.incrementAndGet();
        continue;
      }
      assertThat(b.tryAcquirePermission()).isTrue();
      switch (kind) {
        case 0 -> b.onSuccess(d);
        case 1 -> b.onError(d, new IOException("down"));
        case 2 -> b.onError(d, new IllegalStateException("ignored"));
        case 3 -> b.release();
        case 4 -> b.onResult(d, "bad");
        default -> throw new AssertionError(kind);
      }
      if (kind != 2 && kind != 3) {
        calls.incrementAndGet();
        if (kind == 1 || kind == 4) failed.incrementAndGet();
        if (d >= SLOW) slow.incrementAndGet();
      }
    }
  }

  @Test
  void metricsOnlyCountsAddUpExactly() throws Exception {
    CircuitBreaker b =
        CircuitBreaker.of(
            "stress",
            CircuitBreakerConfig.defaults()
                .withClock(new FakeClock())
                .withCountWindow(THREADS * CALLS)
                .withSlowCalls(100, Duration.ofNanos(SLOW))
                .withFailedResult("bad"::equals)
                .withIgnoreException(IllegalStateException.class::isInstance));
    b.transitionTo(CircuitState.METRICS_ONLY);
    AtomicLong calls = new AtomicLong();
    AtomicLong failed = new AtomicLong();
    AtomicLong slow = new AtomicLong();
    SplittableRandom root = new SplittableRandom(SEED);
    List<Thread> threads = new ArrayList<>();
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    CountDownLatch start = new CountDownLatch(1);
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = root.split();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                      runOutcomes(b, random, calls, failed, slow);
                    } catch (Throwable x) {
                      errors.add(x);
                    }
                  }));
    }
    start.countDown();
    for (Thread t : threads) t.join();
    assertThat(errors).isEmpty();
    CircuitBreakerMetrics m = b.metrics();
    assertThat(m.calls()).isEqualTo(calls.get());
    assertThat(m.failedCalls()).isEqualTo(failed.get());
    assertThat(m.slowCalls()).isEqualTo(slow.get());
    assertThat(m.state()).isEqualTo(CircuitState.METRICS_ONLY);
    assertThat(m.notPermittedCalls()).isZero();
  }

  @Test
  void tripsAndRecoveriesFormOneValidChainAndRejectionsAddUp() throws Exception {
    FakeClock clock = new FakeClock();
    CircuitBreaker b =
        CircuitBreaker.of(
            "stress",
            CircuitBreakerConfig.defaults()
                .withClock(clock)
                .withCountWindow(20)
                .withMinimumCalls(10)
                .withConsecutiveFailures(5)
                .withHalfOpenCalls(3)
                .withOpenWait(Duration.ofMillis(10)));
    List<StateTransition> events = new CopyOnWriteArrayList<>();
    b.addListener(events::add);
    AtomicLong permitted = new AtomicLong();
    AtomicLong rejected = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    SplittableRandom root = new SplittableRandom(SEED);
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      SplittableRandom random = root.split();
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      for (int i = 0; i < CALLS; i++) {
                        boolean fail = random.nextInt(100) < 45;
                        try {
                          b.call(
                              Calls.CTX,
                              c -> {
                                if (fail) throw new IOException("down");
                                return "ok";
                              });
                          permitted.incrementAndGet();
                        } catch (IOException e) {
                          permitted.incrementAndGet();
                        } catch (CallNotPermittedException e) {
                          rejected.incrementAndGet();
                        }
                      }
                    } catch (Throwable x) {
                      errors.add(x);
                    }
                  }));
    }
    Thread ticker =
        Thread.ofVirtual()
            .start(
                () -> {
                  while (!stop.get()) {
                    clock.advance(Duration.ofMillis(1));
                    Thread.yield();
                  }
                });
    for (Thread t : threads) t.join();
    stop.set(true);
    ticker.join();
    assertThat(errors).isEmpty();
    assertThat(permitted.get() + rejected.get()).isEqualTo((long) THREADS * CALLS);
    assertThat(b.metrics().notPermittedCalls()).isEqualTo(rejected.get());
    assertThat(events).isNotEmpty();
    Map<CircuitState, Set<CircuitState>> allowed =
        Map.of(
            CircuitState.CLOSED, EnumSet.of(CircuitState.OPEN),
            CircuitState.OPEN, EnumSet.of(CircuitState.HALF_OPEN),
            CircuitState.HALF_OPEN, EnumSet.of(CircuitState.OPEN, CircuitState.CLOSED));
    CircuitState at = CircuitState.CLOSED;
    for (StateTransition e : events) {
      assertThat(e.from()).as("chain of %s", events).isEqualTo(at);
      assertThat(allowed.get(e.from())).as("transition %s", e).contains(e.to());
      at = e.to();
    }
    assertThat(b.state()).isEqualTo(at);
  }
}
