package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FakeClock.sleep wakes only when the clock is advanced to its wake time; awaitPending syncs. */
@Timeout(10)
class FakeClockSleepTest {

  /** Starts a virtual thread sleeping {@code d}; the future completes when it returns or throws. */
  private static CompletableFuture<Void> sleeper(FakeClock clock, Duration d) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                clock.sleep(d);
                done.complete(null);
              } catch (Throwable t) {
                done.completeExceptionally(t);
              }
            });
    return done;
  }

  @Test
  void sleepReturnsOnlyOnceTheClockReachesTheWakeTime() throws Exception {
    FakeClock clock = new FakeClock();
    CompletableFuture<Void> done = sleeper(clock, Duration.ofSeconds(10));
    clock.awaitPending(1);
    clock.advance(Duration.ofMillis(9_999));
    assertThat(clock.pending()).as("still sleeping").isEqualTo(1);
    assertThat(done).isNotDone();
    clock.advance(Duration.ofMillis(1));
    done.get(5, TimeUnit.SECONDS);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void sleepersWakeInDueOrderAsTimeReachesThem() throws Exception {
    FakeClock clock = new FakeClock();
    List<CompletableFuture<Void>> sleepers = new ArrayList<>();
    for (int s = 1; s <= 5; s++) {
      sleepers.add(sleeper(clock, Duration.ofSeconds(s)));
      clock.awaitPending(s);
    }
    clock.advance(Duration.ofSeconds(3));
    for (int i = 0; i < 3; i++) sleepers.get(i).get(5, TimeUnit.SECONDS);
    assertThat(clock.pending()).isEqualTo(2);
    assertThat(clock.untilNext()).contains(Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(2));
    for (var s : sleepers) s.get(5, TimeUnit.SECONDS);
  }

  @Test
  void zeroOrNegativeSleepReturnsAtOnce() throws InterruptedException {
    FakeClock clock = new FakeClock();
    clock.sleep(Duration.ZERO);
    clock.sleep(Duration.ofSeconds(-1));
    assertThat(clock.pending()).isZero();
  }

  @Test
  void interruptOnEntryThrowsAndClearsTheStatus() {
    FakeClock clock = new FakeClock();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> clock.sleep(Duration.ofSeconds(1))).isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    assertThat(clock.pending()).isZero();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> clock.sleep(Duration.ZERO)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void interruptWhileSleepingThrowsAndRemovesTheSleeper() throws Exception {
    FakeClock clock = new FakeClock();
    CompletableFuture<Thread> thread = new CompletableFuture<>();
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              thread.complete(Thread.currentThread());
              try {
                clock.sleep(Duration.ofSeconds(1));
                outcome.complete(null);
              } catch (InterruptedException e) {
                outcome.complete(e);
              }
            });
    clock.awaitPending(1);
    thread.get().interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void awaitPendingBlocksUntilEnoughAreRegistered() throws Exception {
    FakeClock clock = new FakeClock();
    CountDownLatch returned = new CountDownLatch(1);
    Thread waiter =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    clock.awaitPending(2);
                    returned.countDown();
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                });
    clock.schedule(Duration.ofSeconds(1), () -> {});
    assertThat(returned.await(20, TimeUnit.MILLISECONDS)).as("one is not enough").isFalse();
    CompletableFuture<Void> s = sleeper(clock, Duration.ofSeconds(1));
    assertThat(returned.await(5, TimeUnit.SECONDS)).isTrue();
    waiter.join();
    clock.advance(Duration.ofSeconds(1));
    s.get(5, TimeUnit.SECONDS);
  }

  @Test
  void awaitPendingReturnsAtOnceWhenAlreadySatisfied() throws InterruptedException {
    FakeClock clock = new FakeClock();
    clock.awaitPending(0);
    clock.schedule(Duration.ofSeconds(1), () -> {});
    clock.awaitPending(1);
    assertThat(clock.awaitPending(1, Duration.ZERO)).isTrue();
  }

  @Test
  void timedAwaitPendingGivesUp() throws InterruptedException {
    FakeClock clock = new FakeClock();
    assertThat(clock.awaitPending(1, Duration.ofMillis(20))).isFalse();
    assertThat(clock.awaitPending(1, Duration.ZERO)).isFalse();
  }

  @Test
  void awaitPendingIsInterruptibleOnEntryAndWhileWaiting() throws Exception {
    FakeClock clock = new FakeClock();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> clock.awaitPending(0)).isInstanceOf(InterruptedException.class);
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> clock.awaitPending(0, Duration.ofSeconds(1)))
        .isInstanceOf(InterruptedException.class);

    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread t =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    clock.awaitPending(1);
                    outcome.complete(null);
                  } catch (InterruptedException e) {
                    outcome.complete(e);
                  }
                });
    t.interrupt();
    assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
  }

  @Test
  void negativeCountIsRejected() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> clock.awaitPending(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FakeClock: n must be >= 0, was -1");
    assertThatThrownBy(() -> clock.awaitPending(-2, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FakeClock: n must be >= 0, was -2");
  }
}
