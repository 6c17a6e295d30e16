package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.Context;
import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Misuse fails fast with an exception naming the type and the argument. */
class BadInputTest {

  private static final Duration MS = Duration.ofMillis(1);

  @Test
  void debounceConfigRejectsNonPositiveWaitAndMaxWaitBelowWait() {
    assertThatThrownBy(() -> DebounceConfig.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DebounceConfig: quietPeriod must be > 0, was PT0S");
    assertThatThrownBy(() -> DebounceConfig.of(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DebounceConfig: quietPeriod must be > 0");
    assertThatThrownBy(() -> DebounceConfig.of(Duration.ofSeconds(1)).withMaxWait(MS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("DebounceConfig: maxWait must be >= quietPeriod (PT1S), was PT0.001S");
    assertThatThrownBy(() -> DebounceConfig.of(MS).withMaxWait(MS).withQuietPeriod(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DebounceConfig: maxWait must be >= quietPeriod");
    assertThatThrownBy(() -> new DebounceConfig(null, Optional.empty(), Edge.BOTH, Clock.system()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("DebounceConfig: quietPeriod is null");
    assertThatThrownBy(() -> DebounceConfig.defaults().withEdge(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("DebounceConfig: edge is null");
    assertThatThrownBy(() -> DebounceConfig.defaults().withClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("DebounceConfig: clock is null");
    assertThatThrownBy(() -> DebounceConfig.defaults().withMaxWait(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("DebounceConfig: maxWait is null");
  }

  @Test
  void debounceConfigDefaultsAndCopies() {
    DebounceConfig c = DebounceConfig.defaults();
    assertThat(c.quietPeriod()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.maxWait()).isEmpty();
    assertThat(c.edge()).isEqualTo(Edge.TRAILING);
    assertThat(c.clock()).isSameAs(Clock.system());
    DebounceConfig m = c.withMaxWait(Duration.ofSeconds(1));
    assertThat(m.maxWait()).contains(Duration.ofSeconds(1));
    assertThat(m.withoutMaxWait()).isEqualTo(c);
    assertThat(c.withMaxWait(c.quietPeriod()).maxWait()).contains(c.quietPeriod());
  }

  @Test
  void throttleConfigRejectsNonPositiveInterval() {
    assertThatThrownBy(() -> ThrottleConfig.of(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ThrottleConfig: interval must be > 0, was PT0S");
    assertThatThrownBy(() -> ThrottleConfig.defaults().withInterval(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ThrottleConfig: interval must be > 0");
    assertThatThrownBy(() -> ThrottleConfig.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ThrottleConfig: interval is null");
    assertThatThrownBy(() -> ThrottleConfig.defaults().withClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ThrottleConfig: clock is null");
    ThrottleConfig c = ThrottleConfig.defaults();
    assertThat(c.interval()).isEqualTo(Duration.ofMillis(100));
    assertThat(c.trailing()).isTrue();
    assertThat(c.withTrailing(false).trailing()).isFalse();
  }

  @Test
  void factoriesAndSubmitRejectNulls() {
    assertThatThrownBy(() -> Debouncer.create(MS, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Debouncer: callback is null");
    assertThatThrownBy(() -> Debouncer.create((DebounceConfig) null, v -> {}))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Debouncer: config is null");
    assertThatThrownBy(() -> Debouncer.create(DebounceConfig.defaults(), v -> {}, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Debouncer: onError is null");
    assertThatThrownBy(() -> Throttler.create(MS, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Throttler: callback is null");
    try (Debouncer<String> d = Debouncer.create(MS, v -> {});
        Throttler<String> t = Throttler.create(MS, v -> {})) {
      assertThatThrownBy(() -> d.submit(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("Debouncer: value is null");
      assertThatThrownBy(() -> t.submit(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("Throttler: value is null");
      assertThatThrownBy(() -> d.awaitIdle(null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("Debouncer: context is null");
    }
  }

  @Test
  void channelFormsRejectNullsAndBadDurationsWithoutStartingAThread() {
    Channel<String> in = Channel.unbuffered();
    Context ctx = Context.background();
    assertThatThrownBy(() -> Throttle.debounce(null, MS, ctx))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Throttle: in is null");
    assertThatThrownBy(() -> Throttle.debounce(in, MS, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Throttle: ctx is null");
    assertThatThrownBy(() -> Throttle.debounce(in, (DebounceConfig) null, ctx))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Throttle: config is null");
    assertThatThrownBy(() -> Throttle.debounce(in, Duration.ZERO, ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("DebounceConfig: quietPeriod must be > 0");
    assertThatThrownBy(() -> Throttle.throttle(in, Duration.ofSeconds(-1), ctx))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("ThrottleConfig: interval must be > 0");
    assertThatThrownBy(() -> Throttle.throttle(null, MS, ctx))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Throttle: in is null");
  }
}
