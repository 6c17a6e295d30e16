package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A ticker-based rate limiter (Go's {@code for job := range jobs { <-ticker.C; process(job) }})
 * drains a queue at exactly one job per period.
 */
@Timeout(20)
class TickerRateLimiterTest {

  private record Done(int job, Instant at) {}

  /** Drains {@code jobs}, waiting for a tick before each one. */
  private static CompletableFuture<Void> limitedWorker(
      ReceiveChannel<Integer> jobs, Ticker ticker, List<Done> processed) {
    CompletableFuture<Void> finished = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                for (int job : jobs) {
                  Instant tick = ticker.channel().receive();
                  processed.add(new Done(job, tick));
                }
                finished.complete(null);
              } catch (Throwable t) {
                finished.completeExceptionally(t);
              }
            });
    return finished;
  }

  @Test
  void processesOneJobPerTickOnAFakeClock() throws Exception {
    FakeClock clock = new FakeClock();
    Channel<Integer> jobs = Channel.buffered(10);
    for (int i = 0; i < 10; i++) jobs.send(i);
    jobs.close();
    List<Done> processed = new CopyOnWriteArrayList<>();
    try (Ticker ticker = Ticker.start(clock, Duration.ofMillis(100))) {
      CompletableFuture<Void> worker = limitedWorker(jobs, ticker, processed);
      for (int k = 1; k <= 10; k++) {
        assertThat(processed).hasSize(k - 1); // nothing runs ahead of the ticker
        clock.advance(Duration.ofMillis(100));
        int expected = k;
        await().atMost(Duration.ofSeconds(5)).until(() -> processed.size() == expected);
      }
      worker.get(5, TimeUnit.SECONDS);
    }
    List<Done> expected = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      expected.add(new Done(i, FakeClock.DEFAULT_START.plusMillis(100L * (i + 1))));
    }
    assertThat(processed).isEqualTo(expected);
  }

  @Test
  void aBurstIsSmoothedToTheTickRateOnTheSystemClock() throws Exception {
    Channel<Integer> jobs = Channel.buffered(5);
    for (int i = 0; i < 5; i++) jobs.send(i);
    jobs.close();
    List<Done> processed = new CopyOnWriteArrayList<>();
    long start = System.nanoTime();
    try (Ticker ticker = Ticker.start(Duration.ofMillis(10))) {
      limitedWorker(jobs, ticker, processed).get(10, TimeUnit.SECONDS);
    }
    long elapsed = System.nanoTime() - start;
    assertThat(processed).extracting(Done::job).containsExactly(0, 1, 2, 3, 4);
    assertThat(elapsed).as("5 ticks of 10 ms").isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
  }
}
