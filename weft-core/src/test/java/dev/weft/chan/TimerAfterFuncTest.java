package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timer.afterFunc runs its function once per arming, in its own weft virtual thread. */
@Timeout(10)
class TimerAfterFuncTest {

  private final FakeClock clock = new FakeClock();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final List<Instant> times = new CopyOnWriteArrayList<>();
  private final Semaphore ran = new Semaphore(0);

  private Runnable recorder() {
    return () -> {
      threads.add(Thread.currentThread());
      times.add(clock.now());
      ran.release();
    };
  }

  private void joinAll() throws InterruptedException {
    for (Thread t : threads) assertThat(t.join(Duration.ofSeconds(5))).isTrue();
  }

  @Test
  void runsTheFunctionInAWeftVirtualThreadAtTheDueTime() throws InterruptedException {
    Timer t = Timer.afterFunc(clock, Duration.ofSeconds(1), recorder());
    clock.advance(Duration.ofMillis(999));
    assertThat(clock.pending()).as("not yet started").isEqualTo(1);
    clock.advance(Duration.ofMillis(1));
    assertThat(ran.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    Thread th = threads.getFirst();
    assertThat(th.isVirtual()).isTrue();
    assertThat(th.getName()).startsWith("weft-timer-func-");
    assertThat(th).isNotSameAs(Thread.currentThread());
    assertThat(times).containsExactly(FakeClock.DEFAULT_START.plusSeconds(1));
    assertThat(t.stop()).as("already started").isFalse();
    joinAll();
  }

  @Test
  void stopBeforeTheDueTimePreventsTheCall() throws InterruptedException {
    Timer t = Timer.afterFunc(clock, Duration.ofSeconds(1), recorder());
    assertThat(t.stop()).isTrue();
    assertThat(t.stop()).isFalse();
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran.tryAcquire(20, TimeUnit.MILLISECONDS)).isFalse();
    assertThat(threads).isEmpty();
  }

  @Test
  void resetReschedulesAPendingCallOrSchedulesAnotherOne() throws InterruptedException {
    Timer t = Timer.afterFunc(clock, Duration.ofSeconds(1), recorder());
    assertThat(t.reset(Duration.ofSeconds(3))).as("rescheduled").isTrue();
    clock.advance(Duration.ofSeconds(3));
    assertThat(ran.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(t.reset(Duration.ofSeconds(1))).as("runs again").isFalse();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(times)
        .containsExactly(
            FakeClock.DEFAULT_START.plusSeconds(3), FakeClock.DEFAULT_START.plusSeconds(4));
    joinAll();
  }

  @Test
  void aZeroDurationStartsTheFunctionAtOnce() throws InterruptedException {
    Timer t = Timer.afterFunc(clock, Duration.ZERO, recorder());
    assertThat(ran.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    assertThat(t.stop()).isFalse();
    joinAll();
  }

  @Test
  void itsChannelNeverDelivers() {
    Timer t = Timer.afterFunc(clock, Duration.ofSeconds(1), () -> {});
    assertThat(t.channel()).isSameAs(Channel.nil());
    assertThat(t.stop()).isTrue();
    assertThat(t.toString()).startsWith("Timer[stopped, afterFunc, ");
  }

  @Test
  void worksOnTheSystemClock() throws InterruptedException {
    Semaphore done = new Semaphore(0);
    Timer.afterFunc(
        Duration.ofMillis(5),
        () -> {
          threads.add(Thread.currentThread());
          done.release();
        });
    assertThat(done.tryAcquire(5, TimeUnit.SECONDS)).isTrue();
    joinAll();
  }

  @Test
  void argumentsAreCheckedNamingTheType() {
    assertThatThrownBy(() -> Timer.afterFunc(Duration.ZERO, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Timer: function is null");
    assertThatThrownBy(() -> Timer.afterFunc(null, () -> {})).hasMessage("Timer: duration is null");
    assertThatThrownBy(() -> Timer.afterFunc(null, Duration.ZERO, () -> {}))
        .hasMessage("Timer: clock is null");
  }
}
