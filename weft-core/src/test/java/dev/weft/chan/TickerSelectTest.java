package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A ticker's channel drives Go's periodic-worker loop: select over ticks and a stop signal. */
@Timeout(10)
class TickerSelectTest {

  private static final Instant T0 = FakeClock.DEFAULT_START;
  private final FakeClock clock = new FakeClock();

  private static CompletableFuture<Void> loop(Select<Boolean> select) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                while (!select.select()) {
                  // next round
                }
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    return done;
  }

  @Test
  void aHeartbeatLoopSeesEveryTickUntilQuit() throws Exception {
    Channel<Boolean> quit = Channel.unbuffered();
    List<Instant> beats = new CopyOnWriteArrayList<>();
    try (Ticker ticker = Ticker.start(clock, Duration.ofSeconds(1))) {
      CompletableFuture<Void> worker =
          loop(
              new Select<Boolean>()
                  .onReceive(ticker.channel(), t -> !beats.add(t))
                  .onReceiveResult(quit, r -> true));
      for (int k = 1; k <= 3; k++) {
        clock.advance(Duration.ofSeconds(1));
        int expected = k;
        await().atMost(Duration.ofSeconds(5)).until(() -> beats.size() == expected);
      }
      quit.close();
      worker.get(5, TimeUnit.SECONDS);
    }
    assertThat(beats).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
  }

  @Test
  void aLoopOnAFakeClockContextEndsAtTheDeadline() throws Exception {
    List<Instant> beats = new CopyOnWriteArrayList<>();
    try (CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofMillis(3500));
        Ticker ticker = Ticker.start(clock, Duration.ofSeconds(1))) {
      CompletableFuture<Void> worker =
          loop(
              new Select<Boolean>()
                  .biased() // the deadline wins over a tick ready at the same time
                  .onDone(ctx, () -> true)
                  .onReceive(ticker.channel(), t -> !beats.add(t)));
      for (int k = 1; k <= 3; k++) {
        clock.advance(Duration.ofSeconds(1));
        int expected = k;
        await().atMost(Duration.ofSeconds(5)).until(() -> beats.size() == expected);
      }
      clock.advance(Duration.ofSeconds(1)); // deadline at 3.5 s, then a tick at 4 s
      worker.get(5, TimeUnit.SECONDS);
    }
    assertThat(beats).containsExactly(T0.plusSeconds(1), T0.plusSeconds(2), T0.plusSeconds(3));
  }

  @Test
  void ticksAndJobsInterleaveInOneSelect() throws Exception {
    Channel<String> jobs = Channel.buffered(4);
    List<String> seen = new CopyOnWriteArrayList<>();
    try (Ticker ticker = Ticker.start(clock, Duration.ofSeconds(1))) {
      Select<Boolean> select =
          new Select<Boolean>()
              .onReceive(ticker.channel(), t -> !seen.add("tick " + t.getEpochSecond() % 60))
              .onReceiveResult(jobs, r -> r.isClosed() || !seen.add("job " + r.value()));
      CompletableFuture<Void> worker = loop(select);
      jobs.send("a");
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
      clock.advance(Duration.ofSeconds(1));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
      jobs.send("b");
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 3);
      jobs.close();
      worker.get(5, TimeUnit.SECONDS);
    }
    assertThat(seen).containsExactly("job a", "tick 1", "job b");
  }
}
