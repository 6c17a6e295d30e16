package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timer fires once at its due time; stop and reset follow Go 1.23 (no stale values). */
@Timeout(10)
class TimerTest {

  private static final Instant T0 = FakeClock.DEFAULT_START;
  private final FakeClock clock = new FakeClock();

  private static boolean empty(ReceiveChannel<Instant> ch) {
    return ch.tryReceive() instanceof ReceiveResult.Empty<Instant>;
  }

  @Test
  void firesOnceWithTheClockTimeAtItsDueTime() {
    Timer t = Timer.start(clock, Duration.ofSeconds(5));
    clock.advance(Duration.ofMillis(4_999));
    assertThat(empty(t.channel())).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(t.channel().tryReceive().value()).isEqualTo(T0.plusSeconds(5));
    clock.advance(Duration.ofHours(1));
    assertThat(empty(t.channel())).as("fires only once").isTrue();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void firingTimeIsTheDueTimeEvenWhenTheClockJumpsPastIt() {
    Timer t = Timer.start(clock, Duration.ofSeconds(5));
    clock.advance(Duration.ofMinutes(1));
    assertThat(t.channel().tryReceive().value()).isEqualTo(T0.plusSeconds(5));
  }

  @Test
  void aBlockedReceiverIsWokenByTheFiring() throws Exception {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    CompletableFuture<Instant> got = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                got.complete(t.channel().receive());
              } catch (InterruptedException e) {
                got.completeExceptionally(e);
              }
            });
    clock.advance(Duration.ofSeconds(1));
    assertThat(got.get(5, TimeUnit.SECONDS)).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void stopBeforeFiringReturnsTrueAndNothingIsDelivered() {
    Timer t = Timer.start(clock, Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(4));
    assertThat(t.stop()).isTrue();
    assertThat(clock.pending()).as("the clock action was cancelled").isZero();
    clock.advance(Duration.ofSeconds(10));
    assertThat(empty(t.channel())).isTrue();
    assertThat(t.stop()).as("already stopped").isFalse();
  }

  @Test
  void stopAfterTheValueWasReceivedReturnsFalse() throws InterruptedException {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.channel().receive()).isEqualTo(T0.plusSeconds(1));
    assertThat(t.stop()).isFalse();
  }

  @Test
  void stopAfterFiringButBeforeReceiptDiscardsTheValueAndReturnsTrue() {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.channel().len()).isEqualTo(1);
    assertThat(t.stop()).as("Go 1.23: an unreceived value counts as not yet delivered").isTrue();
    assertThat(empty(t.channel())).isTrue();
    assertThat(t.stop()).isFalse();
  }

  @Test
  void resetWhileArmedReturnsTrueAndMovesTheDueTime() {
    Timer t = Timer.start(clock, Duration.ofSeconds(5));
    clock.advance(Duration.ofSeconds(3));
    assertThat(t.reset(Duration.ofSeconds(5))).isTrue();
    assertThat(clock.pending()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(4));
    assertThat(empty(t.channel())).as("the old due time (5 s) passed silently").isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.channel().tryReceive().value()).isEqualTo(T0.plusSeconds(8));
  }

  @Test
  void resetAfterAnUnreceivedFiringDiscardsTheStaleValue() {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    assertThat(t.reset(Duration.ofSeconds(3))).isTrue();
    assertThat(empty(t.channel())).as("no stale value after reset").isTrue();
    clock.advance(Duration.ofSeconds(3));
    assertThat(t.channel().tryReceive().value()).isEqualTo(T0.plusSeconds(5));
    assertThat(empty(t.channel())).isTrue();
  }

  @Test
  void resetAfterReceiptOrStopReturnsFalseAndFiresAgain() throws InterruptedException {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    t.channel().receive();
    assertThat(t.reset(Duration.ofSeconds(1))).isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(t.channel().receive()).isEqualTo(T0.plusSeconds(2));

    assertThat(t.reset(Duration.ofSeconds(1))).isFalse();
    assertThat(t.stop()).isTrue();
    assertThat(t.reset(Duration.ofSeconds(2))).as("stopped").isFalse();
    clock.advance(Duration.ofSeconds(2));
    assertThat(t.channel().receive()).isEqualTo(T0.plusSeconds(4));
  }

  @Test
  void zeroOrNegativeDurationsFireAtOnce() throws InterruptedException {
    Timer t = Timer.start(clock, Duration.ZERO);
    assertThat(t.channel().tryReceive().value()).isEqualTo(T0);
    assertThat(t.stop()).isFalse();
    assertThat(t.reset(Duration.ofSeconds(-1))).isFalse();
    assertThat(t.channel().receive()).isEqualTo(T0);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void afterDeliversOnceAtTheDueTime() {
    ReceiveChannel<Instant> ch = Timer.after(clock, Duration.ofMillis(250));
    clock.advance(Duration.ofMillis(249));
    assertThat(empty(ch)).isTrue();
    clock.advance(Duration.ofMillis(1));
    assertThat(ch.tryReceive().value()).isEqualTo(T0.plusMillis(250));
    clock.advance(Duration.ofSeconds(1));
    assertThat(empty(ch)).isTrue();
  }

  @Test
  void worksOnTheSystemClock() throws InterruptedException {
    Instant before = Instant.now();
    long start = System.nanoTime();
    Instant fired = Timer.after(Duration.ofMillis(20)).receive();
    assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
    assertThat(fired).isAfterOrEqualTo(before);

    Timer t = Timer.start(Duration.ofMillis(5));
    assertThat(t.channel().tryReceive(Duration.ofSeconds(5)).isValue()).isTrue();
    assertThat(Timer.start(Duration.ofHours(1)).stop()).isTrue();
  }

  @Test
  void argumentsAreCheckedNamingTheType() {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    assertThatThrownBy(() -> Timer.start(null, Duration.ZERO)).hasMessage("Timer: clock is null");
    assertThatThrownBy(() -> Timer.start(clock, null)).hasMessage("Timer: duration is null");
    assertThatThrownBy(() -> Timer.start(null)).hasMessage("Timer: duration is null");
    assertThatThrownBy(() -> Timer.after((Clock) null, Duration.ZERO)).hasMessage("Timer: clock is null");
    assertThatThrownBy(() -> Timer.after(null)).hasMessage("Timer: duration is null");
    assertThatThrownBy(() -> t.reset(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Timer: duration is null");
    assertThat(t.stop()).as("the failed reset left the timer armed").isTrue();
  }

  @Test
  void toStringShowsState() {
    Timer t = Timer.start(clock, Duration.ofSeconds(1));
    assertThat(t.toString()).startsWith("Timer[armed, FakeClock[");
    t.stop();
    assertThat(t.toString()).startsWith("Timer[stopped, FakeClock[");
  }
}
