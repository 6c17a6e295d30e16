package dev.weft.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** FakeClock moves only when advanced and runs due actions in due order on the advancing thread. */
class FakeClockTest {

  private static final Instant T0 = FakeClock.DEFAULT_START;

  @Test
  void newClockStartsAtTheDefaultInstantAndNanoTimeZero() {
    FakeClock clock = new FakeClock();
    assertThat(clock.now()).isEqualTo(Instant.parse("2000-01-01T00:00:00Z"));
    assertThat(clock.nanoTime()).isZero();
    assertThat(clock.pending()).isZero();
    assertThat(clock.untilNext()).isEmpty();
  }

  @Test
  void startsAtTheGivenInstant() {
    Instant start = Instant.parse("2030-06-01T12:00:00Z");
    FakeClock clock = new FakeClock(start);
    clock.advance(Duration.ofMillis(1500));
    assertThat(clock.now()).isEqualTo(start.plusMillis(1500));
    assertThat(clock.nanoTime()).isEqualTo(1_500_000_000L);
  }

  @Test
  void advanceMovesWallAndMonotonicTimeTogether() {
    FakeClock clock = new FakeClock();
    clock.advance(Duration.ofSeconds(2));
    clock.advance(Duration.ofNanos(7));
    assertThat(clock.nanoTime()).isEqualTo(2_000_000_007L);
    assertThat(clock.now()).isEqualTo(T0.plusSeconds(2).plusNanos(7));
  }

  @Test
  void negativeAdvanceIsRejectedAndTimeUnchanged() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FakeClock: cannot advance by a negative duration, was PT-1S");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void setMovesForwardAndRunsWhatIsDue() {
    FakeClock clock = new FakeClock();
    List<Instant> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> ran.add(clock.now()));
    clock.set(T0.plusSeconds(5));
    assertThat(ran).containsExactly(T0.plusSeconds(3));
    assertThat(clock.now()).isEqualTo(T0.plusSeconds(5));
    clock.set(T0.plusSeconds(5)); // same instant: allowed
    assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
  }

  @Test
  void setBackwardsIsRejected() {
    FakeClock clock = new FakeClock();
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(() -> clock.set(T0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("FakeClock: cannot move backwards from 2000-01-01T00:00:01Z to 2000-01-01T00:00:00Z");
    assertThat(clock.now()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void actionsRunInDueOrderWithTiesInSchedulingOrder() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(3), () -> ran.add("c"));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("b1"));
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("b2"));
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("b3"));
    clock.advance(Duration.ofSeconds(10));
    assertThat(ran).containsExactly("a", "b1", "b2", "b3", "c");
  }

  @Test
  void eachActionSeesItsOwnDueTimeAndRunsOnTheAdvancingThread() {
    FakeClock clock = new FakeClock();
    List<Long> seen = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int s = 1; s <= 3; s++) {
      clock.schedule(
          Duration.ofSeconds(s),
          () -> {
            seen.add(clock.nanoTime());
            threads.add(Thread.currentThread());
          });
    }
    clock.advance(Duration.ofSeconds(5));
    assertThat(seen).containsExactly(1_000_000_000L, 2_000_000_000L, 3_000_000_000L);
    assertThat(threads).containsOnly(Thread.currentThread());
    assertThat(clock.nanoTime()).isEqualTo(5_000_000_000L);
  }

  @Test
  void actionsNotYetDueDoNotRun() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("x"));
    clock.advance(Duration.ofMillis(999));
    assertThat(ran).isEmpty();
    assertThat(clock.untilNext()).contains(Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThat(ran).containsExactly("x");
  }

  @Test
  void actionsScheduledByActionsRunWithinTheSameAdvanceWhenDue() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(
        Duration.ofSeconds(1),
        () -> {
          ran.add("first@" + clock.nanoTime());
          clock.schedule(Duration.ofSeconds(1), () -> ran.add("second@" + clock.nanoTime()));
          clock.schedule(Duration.ofSeconds(10), () -> ran.add("later"));
          clock.schedule(Duration.ZERO, () -> ran.add("now@" + clock.nanoTime()));
        });
    clock.advance(Duration.ofSeconds(5));
    assertThat(ran)
        .containsExactly("first@1000000000", "now@1000000000", "second@2000000000");
    assertThat(clock.pending()).isEqualTo(1);
    assertThat(clock.untilNext()).contains(Duration.ofSeconds(6));
  }

  @Test
  void zeroAndNegativeDelaysRunOnTheNextAdvanceNotOnTheCaller() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ZERO, () -> ran.add("zero"));
    clock.schedule(Duration.ofSeconds(-5), () -> ran.add("negative"));
    assertThat(ran).isEmpty();
    assertThat(clock.pending()).isEqualTo(2);
    assertThat(clock.untilNext()).contains(Duration.ZERO);
    clock.advance(Duration.ZERO);
    assertThat(ran).containsExactly("zero", "negative");
    assertThat(clock.nanoTime()).isZero();
  }

  @Test
  void cancelPreventsAnActionOnlyBeforeItRuns() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    Scheduled a = clock.schedule(Duration.ofSeconds(1), () -> ran.add("a"));
    Scheduled b = clock.schedule(Duration.ofSeconds(1), () -> ran.add("b"));
    assertThat(a.cancel()).isTrue();
    assertThat(a.cancel()).isFalse();
    assertThat(clock.pending()).isEqualTo(1);
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("b");
    assertThat(b.cancel()).isFalse();
  }

  @Test
  void anActionMayCancelALaterOne() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    Scheduled[] later = new Scheduled[1];
    clock.schedule(Duration.ofSeconds(1), () -> ran.add("cancelled " + later[0].cancel()));
    later[0] = clock.schedule(Duration.ofSeconds(2), () -> ran.add("later"));
    clock.advance(Duration.ofSeconds(3));
    assertThat(ran).containsExactly("cancelled true");
  }

  @Test
  void aFailingActionDoesNotStopTheOthersAndTheFirstFailureIsRethrown() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(Duration.ofSeconds(1), () -> { throw new IllegalStateException("first"); });
    clock.schedule(Duration.ofSeconds(2), () -> ran.add("middle"));
    clock.schedule(Duration.ofSeconds(3), () -> { throw new IllegalArgumentException("second"); });
    assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(4)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("first")
        .satisfies(e -> assertThat(e.getSuppressed()).singleElement().hasFieldOrPropertyWithValue("message", "second"));
    assertThat(ran).containsExactly("middle");
    assertThat(clock.nanoTime()).isEqualTo(4_000_000_000L);
    assertThat(clock.pending()).isZero();
  }

  @Test
  @Timeout(10)
  void concurrentAdvancesAddUpAndRunEveryActionOnce() throws InterruptedException {
    FakeClock clock = new FakeClock();
    List<Long> ran = Collections.synchronizedList(new ArrayList<>());
    for (int i = 1; i <= 200; i++) {
      long at = i * 1_000_000L;
      clock.schedule(Duration.ofNanos(at), () -> ran.add(at));
    }
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      throw new AssertionError(e);
                    }
                    for (int i = 0; i < 50; i++) clock.advance(Duration.ofMillis(1));
                  }));
    }
    go.countDown();
    for (Thread t : threads) t.join();
    assertThat(clock.nanoTime()).isEqualTo(200_000_000L);
    assertThat(ran).hasSize(200).isSorted();
  }

  @Test
  void hugeAdvancesSaturateInsteadOfOverflowing() {
    FakeClock clock = new FakeClock();
    List<String> ran = new ArrayList<>();
    clock.schedule(ChronoUnit.FOREVER.getDuration(), () -> ran.add("forever"));
    clock.advance(ChronoUnit.FOREVER.getDuration());
    assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
    assertThat(ran).containsExactly("forever");
    clock.advance(Duration.ofDays(1));
    assertThat(clock.nanoTime()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void nullArgumentsAreRejectedNamingTheType() {
    FakeClock clock = new FakeClock();
    assertThatThrownBy(() -> new FakeClock(null)).hasMessage("FakeClock: start is null");
    assertThatThrownBy(() -> clock.advance(null)).hasMessage("FakeClock: duration is null");
    assertThatThrownBy(() -> clock.set(null)).hasMessage("FakeClock: instant is null");
    assertThatThrownBy(() -> clock.schedule(null, () -> {})).hasMessage("FakeClock: delay is null");
    assertThatThrownBy(() -> clock.schedule(Duration.ZERO, null)).hasMessage("FakeClock: action is null");
    assertThatThrownBy(() -> clock.sleep(null)).hasMessage("FakeClock: duration is null");
    assertThatThrownBy(() -> clock.awaitPending(1, null)).hasMessage("FakeClock: timeout is null");
  }

  @Test
  void toStringShowsTimeAndPending() {
    FakeClock clock = new FakeClock();
    clock.schedule(Duration.ofSeconds(1), () -> {});
    assertThat(clock).hasToString("FakeClock[now=2000-01-01T00:00:00Z, nanoTime=0, pending=1]");
  }
}
