package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Ticker ticks at t0 + k * period, drops ticks for slow receivers, and never leaves stale ticks. */
@Timeout(10)
class TickerTest {

  private static final Instant T0 = FakeClock.DEFAULT_START;
  private final FakeClock clock = new FakeClock();

  private static Instant next(Ticker t) {
    return t.channel().tryReceive().value();
  }

  private static boolean empty(Ticker t) {
    return t.channel().tryReceive() instanceof ReceiveResult.Empty<Instant>;
  }

  @Test
  void ticksOncePerPeriodWithTheTickTime() {
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      clock.advance(Duration.ofMillis(999));
      assertThat(empty(t)).as("first tick one period after start").isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(next(t)).isEqualTo(T0.plusSeconds(1));
      for (int k = 2; k <= 5; k++) {
        clock.advance(Duration.ofSeconds(1));
        assertThat(next(t)).isEqualTo(T0.plusSeconds(k));
        assertThat(empty(t)).isTrue();
      }
      assertThat(clock.pending()).as("only the next tick is scheduled").isEqualTo(1);
    }
  }

  @Test
  void aSlowReceiverGetsTheOldestWaitingTickAndTheRestAreDropped() {
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      clock.advance(Duration.ofSeconds(5));
      assertThat(t.channel().len()).isEqualTo(1);
      assertThat(next(t)).isEqualTo(T0.plusSeconds(1));
      assertThat(empty(t)).as("ticks at 2..5 s were dropped").isTrue();
      clock.advance(Duration.ofSeconds(1));
      assertThat(next(t)).isEqualTo(T0.plusSeconds(6));
    }
  }

  @Test
  void theScheduleIsFixedRateAndDoesNotDrift() {
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      List<Instant> ticks = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        clock.advance(Duration.ofMillis(700));
        var r = t.channel().tryReceive();
        if (r.isValue()) ticks.add(r.value());
      }
      List<Instant> expected = new ArrayList<>();
      for (int k = 1; k <= 14; k++) expected.add(T0.plusSeconds(k));
      assertThat(ticks).isEqualTo(expected);
    }
  }

  @Test
  void resetChangesThePeriodFromNowAndDiscardsAWaitingTick() {
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      clock.advance(Duration.ofMillis(1500)); // tick at 1 s waiting
      t.reset(Duration.ofSeconds(3));
      assertThat(t.period()).isEqualTo(Duration.ofSeconds(3));
      assertThat(empty(t)).as("no stale tick after reset").isTrue();
      clock.advance(Duration.ofMillis(2999));
      assertThat(empty(t)).as("the old schedule (2 s, 3 s, 4 s) is gone").isTrue();
      clock.advance(Duration.ofMillis(1));
      assertThat(next(t)).isEqualTo(T0.plusMillis(4500));
      clock.advance(Duration.ofSeconds(3));
      assertThat(next(t)).isEqualTo(T0.plusMillis(7500));
      assertThat(clock.pending()).isEqualTo(1);
    }
  }

  @Test
  void aResetRacingWithADueTickSuppressesIt() {
    // An action scheduled before the ticker, due at the same time, runs first and resets it.
    Ticker[] ticker = new Ticker[1];
    clock.schedule(Duration.ofSeconds(1), () -> ticker[0].reset(Duration.ofSeconds(10)));
    ticker[0] = Ticker.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(empty(ticker[0])).isTrue();
    clock.advance(Duration.ofSeconds(10));
    assertThat(next(ticker[0])).isEqualTo(T0.plusSeconds(11));
    ticker[0].stop();
  }

  @Test
  void stopEndsTicksAndDiscardsAWaitingOne() {
    Ticker t = Ticker.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    t.stop();
    assertThat(empty(t)).isTrue();
    assertThat(clock.pending()).as("the next tick was cancelled").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(empty(t)).isTrue();
    t.stop(); // idempotent
    assertThat(t.channel().isClosedForReceive()).as("never closed").isFalse();
  }

  @Test
  void resetRestartsAStoppedTicker() {
    Ticker t = Ticker.start(clock, Duration.ofSeconds(1));
    t.stop();
    clock.advance(Duration.ofSeconds(5));
    t.reset(Duration.ofSeconds(2));
    clock.advance(Duration.ofSeconds(2));
    assertThat(next(t)).isEqualTo(T0.plusSeconds(7));
    t.close();
    clock.advance(Duration.ofSeconds(2));
    assertThat(empty(t)).as("close stops").isTrue();
  }

  @Test
  void missedTicksAreSkippedWhenTheClockRunsLate() {
    LaggyClock laggy = new LaggyClock(clock);
    try (Ticker t = Ticker.start(laggy, Duration.ofSeconds(1))) {
      laggy.lagOnce = Duration.ofMillis(2500); // the tick due at 2 s runs at 4.5 s
      clock.advance(Duration.ofSeconds(1));
      assertThat(next(t)).isEqualTo(T0.plusSeconds(1));
      clock.advance(Duration.ofMillis(3400));
      assertThat(empty(t)).isTrue();
      clock.advance(Duration.ofMillis(100));
      assertThat(next(t)).isEqualTo(T0.plusMillis(4500));
      clock.advance(Duration.ofMillis(500));
      assertThat(next(t)).as("back on the t0 + k * period grid").isEqualTo(T0.plusSeconds(5));
      clock.advance(Duration.ofSeconds(1));
      assertThat(next(t)).isEqualTo(T0.plusSeconds(6));
    }
  }

  @Test
  void ticksOnTheSystemClock() throws InterruptedException {
    try (Ticker t = Ticker.start(Duration.ofMillis(5))) {
      Instant a = t.channel().receive();
      Instant b = t.channel().receive();
      Instant c = t.channel().receive();
      assertThat(b).isAfter(a);
      assertThat(c).isAfter(b);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"PT0S", "PT-1S", "PT-0.000000001S"})
  void aPeriodThatIsNotPositiveIsRejected(String period) {
    Duration p = Duration.parse(period);
    assertThatThrownBy(() -> Ticker.start(clock, p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ticker: period must be > 0, was " + p);
    assertThatThrownBy(() -> Ticker.start(p))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Ticker: period must be > 0, was " + p);
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> t.reset(p))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("Ticker: period must be > 0, was " + p);
      assertThat(t.period()).as("unchanged").isEqualTo(Duration.ofSeconds(1));
    }
  }

  @Test
  void nullArgumentsAreRejectedNamingTheType() {
    assertThatThrownBy(() -> Ticker.start(null, Duration.ofSeconds(1)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Ticker: clock is null");
    assertThatThrownBy(() -> Ticker.start(clock, null)).hasMessage("Ticker: period is null");
    assertThatThrownBy(() -> Ticker.start(null)).hasMessage("Ticker: period is null");
    try (Ticker t = Ticker.start(clock, Duration.ofSeconds(1))) {
      assertThatThrownBy(() -> t.reset(null)).hasMessage("Ticker: period is null");
    }
  }

  @Test
  void toStringShowsPeriodAndState() {
    Ticker t = Ticker.start(clock, Duration.ofSeconds(1));
    assertThat(t.toString()).startsWith("Ticker[period=PT1S, FakeClock[");
    t.stop();
    assertThat(t.toString()).startsWith("Ticker[period=PT1S, stopped, FakeClock[");
  }

  /** A clock whose next scheduled action runs {@code lagOnce} late, like a busy timer thread. */
  private static final class LaggyClock implements Clock {
    private final FakeClock fake;
    Duration lagOnce = Duration.ZERO;

    LaggyClock(FakeClock fake) {
      this.fake = fake;
    }

    @Override
    public long nanoTime() {
      return fake.nanoTime();
    }

    @Override
    public Instant now() {
      return fake.now();
    }

    @Override
    public Scheduled schedule(Duration delay, Runnable action) {
      Duration lag = lagOnce;
      lagOnce = Duration.ZERO;
      return fake.schedule(delay.plus(lag), action);
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
      fake.sleep(duration);
    }
  }
}
