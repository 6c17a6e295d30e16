package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.time.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A timer's channel works as a Select clause next to other channels (Go's timeout idiom). */
@Timeout(10)
class TimerSelectTest {

  private static final Instant T0 = FakeClock.DEFAULT_START;
  private final FakeClock clock = new FakeClock();

  private static <T> CompletableFuture<T> async(Callable<T> body) {
    CompletableFuture<T> f = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                f.complete(body.call());
              } catch (Throwable t) {
                f.completeExceptionally(t);
              }
            });
    return f;
  }

  private interface Callable<T> {
    T call() throws Exception;
  }

  @Test
  void theTimerClauseFiresWhenNothingElseArrives() throws Exception {
    Channel<String> jobs = Channel.unbuffered();
    Timer timeout = Timer.start(clock, Duration.ofSeconds(2));
    CompletableFuture<String> result =
        async(
            () ->
                new Select<String>()
                    .onReceive(jobs, j -> "job " + j)
                    .onReceive(timeout.channel(), t -> "timed out at " + t)
                    .select());
    clock.advance(Duration.ofSeconds(2));
    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("timed out at " + T0.plusSeconds(2));
  }

  @Test
  void anotherClauseWinsBeforeTheTimerFires() throws Exception {
    Channel<String> jobs = Channel.unbuffered();
    Timer timeout = Timer.start(clock, Duration.ofSeconds(2));
    CompletableFuture<String> result =
        async(
            () ->
                new Select<String>()
                    .onReceive(jobs, j -> "job " + j)
                    .onReceive(timeout.channel(), t -> "timed out")
                    .select());
    jobs.send("a");
    assertThat(result.get(5, TimeUnit.SECONDS)).isEqualTo("job a");
    assertThat(timeout.stop()).isTrue();
    clock.advance(Duration.ofSeconds(5));
    assertThat(timeout.channel().tryReceive().isValue()).isFalse();
  }

  @Test
  void anIdleTimerResetAfterEachJobNeverExpiresStale() throws Exception {
    Channel<String> jobs = Channel.unbuffered();
    Channel<String> acks = Channel.buffered(1);
    Timer idle = Timer.start(clock, Duration.ofSeconds(5));
    Select<Instant> loop =
        new Select<Instant>()
            .onReceive(
                jobs,
                j -> {
                  idle.reset(Duration.ofSeconds(5));
                  acks.trySend(j);
                  return null;
                })
            .onReceive(idle.channel(), t -> t);
    CompletableFuture<Instant> idleAt =
        async(
            () -> {
              Instant t;
              while ((t = loop.select()) == null) {
                // a job: the idle timer was reset
              }
              return t;
            });
    jobs.send("a");
    acks.receive();
    clock.advance(Duration.ofSeconds(4));
    jobs.send("b"); // resets at 4 s: the expiry due at 5 s must not come
    acks.receive();
    clock.advance(Duration.ofSeconds(4));
    assertThat(idleAt).isNotDone();
    clock.advance(Duration.ofSeconds(1));
    assertThat(idleAt.get(5, TimeUnit.SECONDS)).isEqualTo(T0.plusSeconds(9));
  }

  @Test
  void afterWorksAsATimeoutClauseOnTheSystemClock() throws InterruptedException {
    Channel<String> never = Channel.unbuffered();
    String r =
        new Select<String>()
            .onReceive(never, v -> v)
            .onReceive(Timer.after(Duration.ofMillis(10)), t -> "timeout")
            .select();
    assertThat(r).isEqualTo("timeout");
  }
}
