package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.ThrowingConsumer;

/**
 * Misuse of every public method of {@link SmoothWarmUp} and {@link LeakyBucketQueue} fails fast
 * with an exception naming the type and the argument, and changes nothing.
 */
@Timeout(20)
class PacedArgumentsTest {

  private final FakeClock clock = new FakeClock();

  private static List<ThrowingConsumer<Integer>> everyForm(RateLimiter limiter) {
    List<ThrowingConsumer<Integer>> forms = new ArrayList<>();
    forms.add(limiter::tryAcquire);
    forms.add(limiter::acquire);
    forms.add(n -> limiter.acquire(n, Context.background()));
    forms.add(n -> limiter.tryAcquire(n, Duration.ofSeconds(1)));
    forms.add(limiter::decide);
    forms.add(limiter::reserve);
    return forms;
  }

  @Test
  void aNonPositiveNumberOfPermitsIsRejected() {
    for (Paced kind : Paced.values()) {
      RateLimiter limiter = kind.make(clock);
      String type = limiter.getClass().getSimpleName();
      for (ThrowingConsumer<Integer> form : everyForm(limiter)) {
        for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
          assertThatThrownBy(() -> form.accept(n))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessage(type + ": n must be > 0, was " + n);
        }
      }
      assertThat(limiter.tryAcquire(1)).as("nothing was taken").isTrue();
    }
  }

  @Test
  void nullArgumentsAreRejected() {
    for (Paced kind : Paced.values()) {
      RateLimiter limiter = kind.make(clock);
      String type = limiter.getClass().getSimpleName();
      assertThatThrownBy(() -> limiter.acquire(1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage(type + ": context is null");
      assertThatThrownBy(() -> limiter.tryAcquire(1, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage(type + ": timeout is null");
      assertThatThrownBy(() -> limiter.call(null, c -> 1))
          .isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> limiter.call(Context.background(), null))
          .isInstanceOf(NullPointerException.class);
      assertThat(limiter.tryAcquire(1)).isTrue();
    }
  }

  @Test
  void moreThanTheQueueCanEverHoldFailsAtOnce() {
    LeakyBucketQueue queue = LeakyBucketQueue.of(clock, 10, Duration.ofSeconds(1), 4);
    for (ThrowingConsumer<Integer> form : everyForm(queue)) {
      assertThatThrownBy(() -> form.accept(6))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("LeakyBucketQueue: 6 permits can never succeed, the queue holds 4 beyond the one leaving");
    }
    assertThat(queue.tryAcquire(5)).as("the most it can hold").isTrue();
    assertThat(queue.queuedPermits()).isEqualTo(4);
  }

  @Test
  void smoothWarmUpFactoriesNameTheBadArgument() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 10, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SmoothWarmUp: warmUpPeriod must be positive, was PT0S");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 10, Duration.ofNanos(-1)))
        .hasMessage("SmoothWarmUp: warmUpPeriod must be positive, was PT-0.000000001S");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 10, Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SmoothWarmUp: warmUpPeriod must be at most");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 0, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("SmoothWarmUp: permitsPerSecond must be positive and finite, was 0.0");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, Double.NaN, second))
        .hasMessage("SmoothWarmUp: permitsPerSecond must be positive and finite, was NaN");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 1e9 + 1, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SmoothWarmUp: permitsPerSecond must be at most 1e9");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 1e-12, second))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SmoothWarmUp: the cold interval");
    for (double bad : new double[] {0.99, 0, -3, Double.NaN, Double.POSITIVE_INFINITY}) {
      assertThatThrownBy(() -> SmoothWarmUp.of(clock, 10, second, bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("SmoothWarmUp: coldFactor must be >= 1 and finite, was " + bad);
    }
    assertThatThrownBy(() -> SmoothWarmUp.of((Clock) null, 10, second))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SmoothWarmUp: clock is null");
    assertThatThrownBy(() -> SmoothWarmUp.of(clock, 10, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("SmoothWarmUp: warmUpPeriod is null");
    assertThatThrownBy(() -> SmoothWarmUp.of(10, null)).isInstanceOf(NullPointerException.class);
    SmoothWarmUp ok = SmoothWarmUp.of(10, second);
    assertThat(ok.rate()).isEqualTo(10);
    assertThat(ok.warmUpPeriod()).isEqualTo(second);
    assertThat(ok.coldFactor()).isEqualTo(3);
    assertThat(ok.toString()).startsWith("SmoothWarmUp[rate=10.0/s");
  }

  @Test
  void leakyBucketQueueFactoriesNameTheBadArgument() {
    Duration second = Duration.ofSeconds(1);
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 0, second, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LeakyBucketQueue: rate must be > 0, was 0");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 1, Duration.ZERO, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LeakyBucketQueue: period must be positive, was PT0S");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 1, second, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("LeakyBucketQueue: queueCapacity must be >= 0, was -1");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 1, Duration.ofDays(365L * 300), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LeakyBucketQueue: period must be at most");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 1_000_000_001L, second, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "LeakyBucketQueue: rate must be at most one permit per nanosecond, was 1000000001 per PT1S");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 999_983, Duration.ofDays(1), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("LeakyBucketQueue: rate 999983 per PT24H is too fine");
    assertThatThrownBy(() -> LeakyBucketQueue.of(null, 1, second, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("LeakyBucketQueue: clock is null");
    assertThatThrownBy(() -> LeakyBucketQueue.of(clock, 1, null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("LeakyBucketQueue: period is null");
    LeakyBucketQueue ok = LeakyBucketQueue.of(5, second, 7);
    assertThat(ok.rate()).isEqualTo(5);
    assertThat(ok.period()).isEqualTo(second);
    assertThat(ok.queueCapacity()).isEqualTo(7);
    assertThat(ok.toString()).isEqualTo("LeakyBucketQueue[rate=5 per PT1S, queueCapacity=7, queuedPermits=0]");
  }
}
