package dev.weft.resilience.breaker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Gate;
import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** In HALF_OPEN exactly the permitted number of trial calls run, however many threads ask. */
@Timeout(30)
class HalfOpenConcurrencyTest {

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10})
  void exactlyTheTrialCallsAreAdmittedFromManyThreads(int trials) throws Exception {
    FakeClock clock = new FakeClock();
    CircuitBreaker b =
        CircuitBreaker.of(
            "trials",
            CircuitBreakerConfig.defaults()
                .withClock(clock)
                .withHalfOpenCalls(trials)
                .withOpenWait(Duration.ofSeconds(1)));
    b.transitionTo(CircuitState.OPEN);
    clock.advance(Duration.ofSeconds(1));

    int threads = 64;
    Gate inside = new Gate();
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    AtomicInteger rejected = new AtomicInteger();
    List<Thread> all = new ArrayList<>();
    for (int i = 0; i < threads; i++) {
      all.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      start.await();
                      b.call(
                          Calls.CTX,
                          c -> {
                            ran.incrementAndGet();
                            inside.pass(); // hold every trial until all threads have asked
                            return null;
                          });
                    } catch (CallNotPermittedException e) {
                      rejected.incrementAndGet();
                    } catch (Exception e) {
                      throw new AssertionError(e);
                    }
                  }));
    }
    start.countDown();
    try {
      inside.awaitStarted(trials);
      Waiting.until("every other thread rejected", () -> rejected.get() == threads - trials);
      assertThat(b.state()).isEqualTo(CircuitState.HALF_OPEN);
    } finally {
      inside.open();
      for (Thread t : all) t.join();
    }
    assertThat(ran.get()).isEqualTo(trials);
    assertThat(rejected.get()).isEqualTo(threads - trials);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED); // every trial succeeded
    assertThat(b.metrics().notPermittedCalls()).isEqualTo(threads - trials);
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 4})
  void aReleasedTrialLetsAnotherCallerIn(int trials) {
    FakeClock clock = new FakeClock();
    CircuitBreaker b =
        CircuitBreaker.of(
            "trials",
            CircuitBreakerConfig.defaults().withClock(clock).withHalfOpenCalls(trials));
    b.transitionTo(CircuitState.HALF_OPEN);
    for (int i = 0; i < trials; i++) assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).isFalse();
    b.release();
    assertThat(b.tryAcquirePermission()).isTrue();
    assertThat(b.tryAcquirePermission()).isFalse();
    for (int i = 0; i < trials; i++) b.onSuccess(0);
    assertThat(b.state()).isEqualTo(CircuitState.CLOSED);
  }
}
