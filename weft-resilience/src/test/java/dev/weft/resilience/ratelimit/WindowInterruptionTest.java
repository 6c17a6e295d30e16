package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An interrupted wait (on entry or while waiting) throws and leaves the window limiter as if the
 * call had never come: the waiter behind it is served when it would have been, and every later
 * answer is the same as a twin's that never saw the call. An interrupt after the permits came
 * does not undo them.
 */
@Timeout(20)
class WindowInterruptionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  /** The blocking forms, all interruptible. */
  enum Form {
    ACQUIRE,
    CONTEXT_ACQUIRE,
    TIMED_TRY_ACQUIRE,
    POLICY_CALL;

    void call(RateLimiter limiter, int n) throws Exception {
      switch (this) {
        case ACQUIRE -> limiter.acquire(n);
        case CONTEXT_ACQUIRE -> limiter.acquire(n, Context.withCancel(Context.background()));
        case TIMED_TRY_ACQUIRE -> {
          if (!limiter.tryAcquire(n, Duration.ofMinutes(5))) throw new AssertionError("timed out");
        }
        case POLICY_CALL -> limiter.call(Context.background(), c -> "ran");
      }
    }

    int permits() {
      return this == POLICY_CALL ? 1 : 8;
    }
  }

  static Stream<Arguments> cases() {
    Stream.Builder<Arguments> b = Stream.builder();
    for (Windows kind : Windows.values()) {
      for (Form form : Form.values()) b.add(Arguments.of(kind, form));
    }
    return b.build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void interruptedOnEntryThrowsEvenWhenPermitsAreAvailable(Windows kind, Form form) {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    Throwable thrown =
        tasks
            .run(
                () -> {
                  Thread.currentThread().interrupt();
                  form.call(limiter, form.permits());
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(limiter.tryAcquire(10)).as("nothing was taken").isTrue();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void interruptedWhileWaitingGivesItsPlaceBack(Windows kind, Form form) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Async<Void> first = tasks.run(() -> form.call(limiter, form.permits()));
    clock.awaitPending(1);
    Async<Void> second = tasks.run(() -> limiter.acquire(3));
    clock.awaitPending(2);
    Duration expected = twin.reserve(3).delay();
    assertThat(Windows.queued(limiter)).isEqualTo(2);

    first.interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    assertThat(Windows.queued(limiter)).isEqualTo(1);

    clock.advance(expected.minusNanos(1));
    second.assertStillBlocked();
    clock.advance(Duration.ofNanos(1));
    second.get();
    assertThat(clock.pending()).as("no timer left behind").isZero();
    assertSameAnswers(limiter, twin, clock, 1);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void anInterruptAfterThePermitsCameDoesNotUndoThem(Windows kind, Form form) throws Exception {
    FakeClock clock = new FakeClock();
    RateLimiter limiter = kind.make(clock, 10, Duration.ofSeconds(1));
    RateLimiter twin = kind.make(clock, 10, Duration.ofSeconds(1));
    assertThat(limiter.tryAcquire(10) && twin.tryAcquire(10)).isTrue();
    Async<Void> waiter = tasks.run(() -> form.call(limiter, form.permits()));
    clock.awaitPending(1);
    Duration due = twin.reserve(form.permits()).delay();
    clock.advance(due);
    waiter.interrupt();
    waiter.get();
    assertThat(Windows.queued(limiter)).isZero();
    assertSameAnswers(limiter, twin, clock, 2);
  }

  /** The two limiters answer a seeded series of requests alike. */
  static void assertSameAnswers(RateLimiter a, RateLimiter b, FakeClock clock, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < 200; i++) {
      int n = 1 + random.nextInt(10);
      assertThat(a.decide(n)).as("request %d", i).isEqualTo(b.decide(n));
      clock.advance(Duration.ofMillis(random.nextInt(300)));
    }
  }
}
