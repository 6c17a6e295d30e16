package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link ErrGroup#setLimit}: bounds active tasks; go blocks (interruptibly), tryGo refuses. */
@Timeout(20)
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield shakes interleavings on purpose
class ErrGroupLimitTest {

  /**
   * The first three tasks only finish once all three run at the same time, so the limit is reached
   * exactly; the maximum measured concurrency must then be exactly the limit.
   */
  @Test
  void exactlyTheLimitRunAtOnce() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(3);
    AtomicInteger running = new AtomicInteger();
    AtomicInteger maxRunning = new AtomicInteger();
    AtomicInteger ran = new AtomicInteger();
    CountDownLatch threeRunning = new CountDownLatch(3);
    for (int i = 0; i < 40; i++) {
      g.go(
          () -> {
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            threeRunning.countDown();
            threeRunning.await();
            for (int k = 0; k < 10; k++) Thread.yield();
            running.decrementAndGet();
            ran.incrementAndGet();
          });
      assertThat(g.activeCount()).isLessThanOrEqualTo(3);
    }
    g.await();
    assertThat(ran.get()).isEqualTo(40);
    assertThat(maxRunning.get()).isEqualTo(3);
  }

  @Test
  void tryGoRefusesAtTheLimitAndSucceedsOnceASlotIsFree() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    CountDownLatch release = new CountDownLatch(1);
    assertThat(g.tryGo(release::await)).isTrue();
    assertThat(g.tryGo(() -> {})).isFalse();
    assertThat(g.activeCount()).isEqualTo(1);
    assertThat(g).hasToString("ErrGroup[active=1, limit=1]");
    release.countDown();
    g.await();
    assertThat(g.tryGo(() -> {})).isTrue();
    g.await();
  }

  @Test
  void goBlocksAtTheLimitUntilATaskFinishes() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    AtomicInteger secondRan = new AtomicInteger();
    Async<Void> submitter = Async.run(() -> g.go(secondRan::incrementAndGet));
    submitter.awaitWaiting();
    submitter.assertStillBlocked();
    release.countDown();
    submitter.get();
    g.await();
    assertThat(secondRan.get()).isEqualTo(1);
  }

  @Test
  void goInterruptedOnEntryStartsNothingEvenWithAFreeSlot() throws Exception {
    ErrGroup g = new ErrGroup();
    AtomicInteger ran = new AtomicInteger();
    Throwable thrown =
        Async.run(
                () -> {
                  Thread.currentThread().interrupt();
                  g.go(ran::incrementAndGet);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    g.await();
    assertThat(ran.get()).isZero();
  }

  @Test
  void goInterruptedWhileWaitingForASlotStartsNothing() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    AtomicInteger ran = new AtomicInteger();
    Async<Void> submitter = Async.run(() -> g.go(ran::incrementAndGet));
    submitter.awaitWaiting();
    submitter.thread().interrupt();
    assertThat(submitter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(g.activeCount()).isEqualTo(1);
    release.countDown();
    g.await();
    assertThat(ran.get()).isZero();
  }

  @Test
  void anInterruptedSubmitterDoesNotSwallowTheWakeUpOfAnother() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    Async<Void> a = Async.run(() -> g.go(() -> {}));
    a.awaitWaiting();
    Async<Void> b = Async.run(() -> g.go(() -> {}));
    b.awaitWaiting();
    a.thread().interrupt();
    assertThat(a.failure()).isInstanceOf(InterruptedException.class);
    release.countDown();
    b.get(); // b is woken when the slot frees
    g.await();
  }

  @Test
  void changingTheLimitWhileTasksAreActiveIsAnIllegalState() throws Exception {
    ErrGroup g = new ErrGroup();
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    assertThatThrownBy(() -> g.setLimit(2))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ErrGroup: cannot change the limit while tasks are active (active: 1)");
    assertThatThrownBy(() -> g.setLimit(-1)).isInstanceOf(IllegalStateException.class);
    release.countDown();
    g.await();
    g.setLimit(2); // idle again: allowed
  }

  @Test
  void aNegativeLimitRemovesTheLimit() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    g.setLimit(-7);
    CountDownLatch allStarted = new CountDownLatch(5);
    CountDownLatch release = new CountDownLatch(1);
    for (int i = 0; i < 5; i++) {
      assertThat(
              g.tryGo(
                  () -> {
                    allStarted.countDown();
                    release.await();
                  }))
          .isTrue();
    }
    allStarted.await();
    release.countDown();
    g.await();
  }

  @Test
  void aZeroLimitAdmitsNothingUntilChanged() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(0);
    assertThat(g.tryGo(() -> {})).isFalse();
    AtomicInteger ran = new AtomicInteger();
    Async<Void> submitter = Async.run(() -> g.go(ran::incrementAndGet));
    submitter.awaitWaiting();
    g.setLimit(1); // no task is active, so this is allowed and wakes the submitter
    submitter.get();
    g.await();
    assertThat(ran.get()).isEqualTo(1);
  }
}
