package dev.weft.resilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Every public method rejects a null key, a bad number of permits and a null argument, naming
 * the type, and changes nothing when it does.
 */
class KeyedRateLimiterArgumentsTest {

  private final FakeClock clock = new FakeClock();
  private final KeyedRateLimiter<String> limiter =
      KeyedRateLimiter.of(clock, Bandwidth.perSecond(5), KeyedRateLimiter.Config.defaults());

  @Test
  void aNullKeyIsRejectedByEveryMethod() {
    String npe = "KeyedRateLimiter: key is null";
    assertThatThrownBy(() -> limiter.tryAcquire(null)).hasMessage(npe);
    assertThatThrownBy(() -> limiter.tryAcquire(null, 1)).hasMessage(npe);
    assertThatThrownBy(() -> limiter.decide(null, 1)).hasMessage(npe);
    assertThatThrownBy(() -> limiter.acquire(null, 1, Context.background()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(npe);
    assertThatThrownBy(() -> limiter.acquire(null, 1))
        .isInstanceOf(NullPointerException.class)
        .hasMessage(npe);
    assertThatThrownBy(() -> limiter.available(null)).hasMessage(npe);
    assertThatThrownBy(() -> limiter.queued(null)).hasMessage(npe);
    assertThat(limiter.size()).isZero();
  }

  @Test
  void aNullContextIsRejected() {
    assertThatThrownBy(() -> limiter.acquire("a", 1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("KeyedRateLimiter: context is null");
    assertThat(limiter.size()).isZero();
  }

  @Test
  void aBadNumberOfPermitsIsRejectedByEveryMethod() {
    for (int n : new int[] {0, -1, Integer.MIN_VALUE}) {
      String msg = "KeyedRateLimiter: n must be > 0, was " + n;
      assertThatThrownBy(() -> limiter.tryAcquire("a", n)).hasMessage(msg);
      assertThatThrownBy(() -> limiter.decide("a", n)).hasMessage(msg);
      assertThatThrownBy(() -> limiter.acquire("a", n, Context.background())).hasMessage(msg);
      assertThatThrownBy(() -> limiter.acquire("a", n)).hasMessage(msg);
    }
    String tooMany = "KeyedRateLimiter: 6 permits can never succeed, the capacity is 5";
    assertThatThrownBy(() -> limiter.tryAcquire("a", 6))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(tooMany);
    assertThatThrownBy(() -> limiter.decide("a", 6)).hasMessage(tooMany);
    assertThatThrownBy(() -> limiter.acquire("a", 6, Context.background())).hasMessage(tooMany);
    assertThatThrownBy(() -> limiter.acquire("a", 6)).hasMessage(tooMany);
    assertThat(limiter.size()).isZero();
    assertThat(limiter.tryAcquire("a", 5)).isTrue();
  }

  @Test
  void theFactoryChecksItsArguments() {
    Bandwidth b = Bandwidth.perSecond(5);
    KeyedRateLimiter.Config c = KeyedRateLimiter.Config.defaults();
    assertThatThrownBy(() -> KeyedRateLimiter.of(null, b, c))
        .hasMessage("KeyedRateLimiter: clock is null");
    assertThatThrownBy(() -> KeyedRateLimiter.of(clock, null, c))
        .hasMessage("KeyedRateLimiter: bandwidth is null");
    assertThatThrownBy(() -> KeyedRateLimiter.of(clock, b, null))
        .hasMessage("KeyedRateLimiter: config is null");
    assertThatThrownBy(() -> KeyedRateLimiter.of(null))
        .hasMessage("KeyedRateLimiter: bandwidth is null");
    assertThatThrownBy(() -> KeyedRateLimiter.of(clock, b.withInitialTokens(2), c))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "KeyedRateLimiter: a key starts with a full bucket, so initialTokens must equal the"
                + " capacity 5, was 2");
  }

  @Test
  void theConfigIsValidated() {
    assertThatThrownBy(() -> new KeyedRateLimiter.Config(0, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KeyedRateLimiter.Config: maxKeys must be > 0, was 0");
    assertThatThrownBy(() -> KeyedRateLimiter.Config.defaults().withIdleExpiry(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("KeyedRateLimiter.Config: idleExpiry must be >= 0, was PT-0.000000001S");
    assertThatThrownBy(() -> KeyedRateLimiter.Config.defaults().withIdleExpiry(null))
        .hasMessage("KeyedRateLimiter.Config: idleExpiry is null");
    KeyedRateLimiter.Config c =
        KeyedRateLimiter.Config.defaults().withMaxKeys(7).withIdleExpiry(Duration.ofDays(100_000));
    assertThat(c).isEqualTo(new KeyedRateLimiter.Config(7, Duration.ofDays(100_000)));
    KeyedRateLimiter<Long> l = KeyedRateLimiter.of(Clock.system(), Bandwidth.perSecond(1), c);
    assertThat(l.config()).isEqualTo(c);
    assertThat(l.bandwidth()).isEqualTo(Bandwidth.perSecond(1));
    assertThat(l.tryAcquire(1L)).as("a very long expiry does not overflow").isTrue();
    assertThat(l.toString()).startsWith("KeyedRateLimiter[").contains("keys=1");
  }
}
