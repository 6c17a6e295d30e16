package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * On the system clock, stop and reset racing with ticks never leave a stale tick: the channel is
 * empty when the call returns and stays empty after every tick in flight has run.
 */
@Timeout(120)
class TickerStaleTickTest {

  private static final int ROUNDS = 200;
  private static final int TICKERS = 8;

  private static void spin(int n) {
    for (int i = 0; i < n; i++) Thread.onSpinWait();
  }

  /** Waits until the shared timer thread has run everything due before 1 ms from now. */
  private static void awaitTimerThreadPassed() throws InterruptedException {
    CountDownLatch marker = new CountDownLatch(1);
    Clock.system().schedule(Duration.ofMillis(1), marker::countDown);
    assertThat(marker.await(30, TimeUnit.SECONDS)).isTrue();
  }

  private static void race(long seed, boolean reset) throws InterruptedException {
    SplittableRandom rnd = new SplittableRandom(seed);
    for (int round = 0; round < ROUNDS; round++) {
      Ticker[] tickers = new Ticker[TICKERS];
      for (int i = 0; i < TICKERS; i++) {
        tickers[i] = Ticker.start(Duration.ofNanos(rnd.nextLong(20_000, 200_000)));
      }
      for (Ticker t : tickers) {
        spin(rnd.nextInt(0, 40_000));
        if (reset) t.reset(Duration.ofHours(1));
        else t.stop();
        assertThat(t.channel().tryReceive().isValue()).as("round %d: stale tick right after", round).isFalse();
      }
      awaitTimerThreadPassed();
      for (Ticker t : tickers) {
        assertThat(t.channel().tryReceive().isValue()).as("round %d: stale tick later", round).isFalse();
        t.stop();
      }
    }
  }

  @Test
  void noTickSurvivesStop() throws InterruptedException {
    race(11, false);
  }

  @Test
  void noTickFromTheOldScheduleSurvivesReset() throws InterruptedException {
    race(12, true);
  }
}
