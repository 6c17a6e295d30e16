package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link WaitGroup} counts tasks, releases every waiter at zero, and reports misuse loudly. */
@Timeout(10)
class WaitGroupTest {

  @Test
  void newGroupHasZeroCountAndAwaitReturnsAtOnce() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    assertThat(wg.count()).isZero();
    wg.await();
    assertThat(wg.await(Duration.ZERO)).isTrue();
    assertThat(wg).hasToString("WaitGroup[count=0]");
  }

  @Test
  void addAndDoneMoveTheCounter() {
    WaitGroup wg = new WaitGroup();
    wg.add(3);
    wg.done();
    assertThat(wg.count()).isEqualTo(2);
    wg.add(-2);
    assertThat(wg.count()).isZero();
    wg.add(0);
    assertThat(wg.count()).isZero();
  }

  @Test
  void negativeCounterIsAnIllegalStateAndChangesNothing() {
    WaitGroup wg = new WaitGroup();
    assertThatThrownBy(wg::done)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WaitGroup: negative counter (0 + delta -1)");
    wg.add(2);
    assertThatThrownBy(() -> wg.add(-3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("WaitGroup: negative counter");
    assertThat(wg.count()).isEqualTo(2);
  }

  @Test
  void counterOverflowIsAnIllegalState() {
    WaitGroup wg = new WaitGroup();
    wg.add(Integer.MAX_VALUE);
    assertThatThrownBy(() -> wg.add(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("WaitGroup: counter overflow (2147483647 + delta 1)");
    assertThat(wg.count()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void nullArgumentsAreRejectedWithTheTypeName() {
    WaitGroup wg = new WaitGroup();
    assertThatThrownBy(() -> wg.go(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("WaitGroup: task is null");
    assertThatThrownBy(() -> wg.await((Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("WaitGroup: timeout is null");
    assertThatThrownBy(() -> wg.await((dev.weft.context.Context) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("WaitGroup: context is null");
    assertThat(wg.count()).isZero();
  }

  @Test
  void awaitBlocksUntilTheCounterReachesZero() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(2);
    Async<Void> waiter = Async.run(wg::await).awaitParkedOn(wg);
    wg.done();
    waiter.assertStillBlocked();
    wg.done();
    waiter.get();
  }

  @Test
  void everyWaiterIsReleasedAtZero() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    List<Async<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) waiters.add(Async.run(wg::await).awaitParkedOn(wg));
    wg.done();
    for (Async<Void> w : waiters) w.get();
  }

  @Test
  void timedAwaitReportsWhetherZeroWasReached() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    assertThat(wg.await(Duration.ofMillis(20))).isFalse();
    assertThat(wg.await(Duration.ZERO)).isFalse();
    Async<Boolean> waiter = Async.call(() -> wg.await(Duration.ofMinutes(1))).awaitParkedOn(wg);
    wg.done();
    assertThat(waiter.get()).isTrue();
  }

  @Test
  void goRunsEachTaskInAWeftVirtualThreadAndAwaitWaitsForAll() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    Map<Integer, Thread> ranOn = new ConcurrentHashMap<>();
    for (int i = 0; i < 20; i++) {
      int id = i;
      wg.go(() -> ranOn.put(id, Thread.currentThread()));
    }
    wg.await();
    assertThat(ranOn).hasSize(20);
    assertThat(ranOn.values())
        .allSatisfy(
            t -> {
              assertThat(t.isVirtual()).isTrue();
              assertThat(t.getName()).startsWith("weft-waitgroup-");
            });
    assertThat(wg.count()).isZero();
  }

  @Test
  void goCountsTheTaskUntilItReturns() throws InterruptedException {
    WaitGroup wg = new WaitGroup();
    CountDownLatch release = new CountDownLatch(1);
    wg.go(release::await);
    assertThat(wg.count()).isEqualTo(1);
    assertThat(wg.await(Duration.ofMillis(10))).isFalse();
    release.countDown();
    wg.await();
    assertThat(wg.count()).isZero();
  }

  /** A task's exception, checked or not, goes unwrapped to the uncaught-exception handler. */
  @Test
  void goPassesATaskFailureToTheUncaughtExceptionHandlerBeforeDone() throws InterruptedException {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    Map<Throwable, Thread> seen = new ConcurrentHashMap<>();
    AtomicInteger countSeenByHandler = new AtomicInteger(-1);
    WaitGroup wg = new WaitGroup();
    Thread.setDefaultUncaughtExceptionHandler(
        (t, e) -> {
          countSeenByHandler.set(wg.count());
          seen.put(e, t);
        });
    try {
      IOException checked = new IOException("disk");
      IllegalStateException unchecked = new IllegalStateException("bug");
      wg.go(
          () -> {
            throw checked;
          });
      wg.await();
      assertThat(countSeenByHandler.get()).isEqualTo(1); // handler ran before done()
      wg.go(
          () -> {
            throw unchecked;
          });
      wg.await();
      assertThat(seen).containsOnlyKeys(checked, unchecked);
      assertThat(seen.get(checked).getName()).startsWith("weft-waitgroup-");
      assertThat(wg.count()).isZero();
    } finally {
      Thread.setDefaultUncaughtExceptionHandler(previous);
    }
  }

  @Test
  void groupCanBeReusedAfterAwait() throws Exception {
    WaitGroup wg = new WaitGroup();
    for (int round = 0; round < 3; round++) {
      AtomicInteger ran = new AtomicInteger();
      for (int i = 0; i < 5; i++) wg.go(ran::incrementAndGet);
      wg.await();
      assertThat(ran.get()).isEqualTo(5);
    }
  }

  /**
   * A waiter that arrives after the counter went to zero and back up waits for the next zero: a
   * zero from an earlier round does not release it.
   */
  @Test
  void aWaiterOfALaterRoundIsNotReleasedByAnEarlierZero() throws Exception {
    WaitGroup wg = new WaitGroup();
    wg.add(1);
    Async<Void> early = Async.run(wg::await).awaitParkedOn(wg);
    wg.done();
    early.get();
    wg.add(1);
    Async<Void> late = Async.run(wg::await).awaitParkedOn(wg);
    late.assertStillBlocked();
    wg.done();
    late.get();
  }

  @Test
  void manyConcurrentDonesReleaseTheWaiterExactlyAtZero() throws Exception {
    WaitGroup wg = new WaitGroup();
    int n = 1_000;
    wg.add(n);
    Async<Void> waiter = Async.run(wg::await).awaitParkedOn(wg);
    List<Async<Void>> doers = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      doers.add(
          Async.run(
              () -> {
                for (int k = 0; k < n / 10; k++) wg.done();
              }));
    }
    for (Async<Void> d : doers) d.get();
    waiter.get();
    assertThat(wg.count()).isZero();
  }
}
