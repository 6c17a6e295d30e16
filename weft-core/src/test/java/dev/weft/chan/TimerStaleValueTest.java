package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the system clock, stop and reset racing with the firing never let a stale value through:
 * {@code stop()}/{@code reset()} return {@code true} exactly when no value from before the call is
 * ever received, and {@code false} exactly when one was.
 */
@Timeout(120)
class TimerStaleValueTest {

  private static final int ROUNDS = 250;
  private static final int TIMERS = 8;
  private static final long MAX_DURATION_NANOS = 200_000; // around the time stop() is called

  private static void spin(int n) {
    for (int i = 0; i < n; i++) Thread.onSpinWait();
  }

  /**
   * Waits until the shared timer thread has run everything scheduled so far with a due time
   * before 1 ms from now: it runs actions in due-time order, so a marker due later runs after
   * every firing that could still be in flight.
   */
  private static void awaitTimerThreadPassed() throws InterruptedException {
    CountDownLatch marker = new CountDownLatch(1);
    Clock.system().schedule(Duration.ofMillis(1), marker::countDown);
    assertThat(marker.await(30, TimeUnit.SECONDS)).isTrue();
  }

  /** A receiver that counts values from {@code ch} until {@code done} is closed. */
  private static Thread receiver(ReceiveChannel<Instant> ch, Channel<Boolean> done, AtomicInteger count) {
    Select<Boolean> select =
        new Select<Boolean>()
            .biased() // a value still waiting in ch is taken before done is noticed
            .onReceive(
                ch,
                v -> {
                  count.incrementAndGet();
                  return false;
                })
            .onReceiveResult(done, r -> true);
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (!select.select()) {
                  // keep counting
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  private interface Race {
    /** Stops or resets {@code t}; returns its boolean result. */
    boolean apply(Timer t);
  }

  private static void raceWithReceivers(long seed, Race race, boolean stopAfterwards) throws Exception {
    SplittableRandom rnd = new SplittableRandom(seed);
    int trues = 0;
    int falses = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Channel<Boolean> done = Channel.unbuffered();
      Timer[] timers = new Timer[TIMERS];
      AtomicInteger[] received = new AtomicInteger[TIMERS];
      Thread[] receivers = new Thread[TIMERS];
      boolean[] results = new boolean[TIMERS];
      for (int i = 0; i < TIMERS; i++) {
        timers[i] = Timer.start(Duration.ofNanos(rnd.nextLong(0, MAX_DURATION_NANOS)));
        received[i] = new AtomicInteger();
        receivers[i] = receiver(timers[i].channel(), done, received[i]);
      }
      for (int i = 0; i < TIMERS; i++) {
        spin(rnd.nextInt(0, 20_000));
        results[i] = race.apply(timers[i]);
      }
      awaitTimerThreadPassed();
      if (stopAfterwards) {
        for (Timer t : timers) assertThat(t.stop()).as("re-armed for an hour").isTrue();
        awaitTimerThreadPassed();
      }
      done.close();
      for (Thread r : receivers) assertThat(r.join(Duration.ofSeconds(30))).isTrue();
      for (int i = 0; i < TIMERS; i++) {
        assertThat(received[i].get())
            .as("round %d timer %d: result %s", round, i, results[i])
            .isEqualTo(results[i] ? 0 : 1);
        if (results[i]) trues++;
        else falses++;
      }
    }
    assertThat(trues + falses).isEqualTo(ROUNDS * TIMERS);
  }

  @Test
  void stopReturnsTrueExactlyWhenTheValueIsNeverReceived() throws Exception {
    raceWithReceivers(1, Timer::stop, false);
  }

  @Test
  void resetReturnsTrueExactlyWhenTheOldValueIsNeverReceived() throws Exception {
    raceWithReceivers(2, t -> t.reset(Duration.ofHours(1)), true);
  }

  @Test
  void afterStopOrResetReturnsTheChannelStaysEmpty() throws Exception {
    SplittableRandom rnd = new SplittableRandom(3);
    for (int round = 0; round < ROUNDS; round++) {
      Timer[] timers = new Timer[TIMERS];
      for (int i = 0; i < TIMERS; i++) {
        timers[i] = Timer.start(Duration.ofNanos(rnd.nextLong(0, MAX_DURATION_NANOS)));
      }
      for (int i = 0; i < TIMERS; i++) {
        spin(rnd.nextInt(0, 20_000));
        if (rnd.nextBoolean()) timers[i].stop();
        else timers[i].reset(Duration.ofHours(1));
        assertThat(timers[i].channel().tryReceive().isValue()).as("stale right after").isFalse();
      }
      awaitTimerThreadPassed();
      for (Timer t : timers) {
        assertThat(t.channel().tryReceive().isValue()).as("stale later").isFalse();
        t.stop();
      }
    }
  }
}
