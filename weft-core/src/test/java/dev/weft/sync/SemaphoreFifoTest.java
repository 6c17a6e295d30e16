package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link Semaphore} serves waiters strictly first-in first-out, so large waiters never starve. */
@Timeout(20)
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield shakes interleavings on purpose
class SemaphoreFifoTest {

  @Test
  void waitersAreServedInArrivalOrder() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    ConcurrentLinkedQueue<Integer> order = new ConcurrentLinkedQueue<>();
    List<Async<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      int id = i;
      waiters.add(
          Async.run(
                  () -> {
                    sem.acquire(1);
                    order.add(id);
                    sem.release(1);
                  })
              .awaitParkedOn(sem));
    }
    sem.release(1);
    for (Async<Void> w : waiters) w.get();
    assertThat(order).containsExactly(0, 1, 2, 3, 4);
    assertThat(sem.available()).isEqualTo(1);
  }

  @Test
  void aWaiterThatWouldFitIsNotServedBeforeALargerHead() throws Exception {
    Semaphore sem = new Semaphore(10);
    sem.acquire(8); // 2 free
    Async<Void> large = Async.run(() -> sem.acquire(5)).awaitParkedOn(sem);
    Async<Void> small = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    small.assertStillBlocked(); // 2 free, but the head needs 5
    assertThat(sem.available()).isEqualTo(2);
    sem.release(3); // 5 free: the head goes, then 0 free
    large.get();
    small.assertStillBlocked();
    sem.release(1);
    small.get();
    assertThat(sem.available()).isZero();
  }

  @Test
  void tryAcquireFailsWhileAnyoneWaitsEvenIfPermitsAreFree() throws Exception {
    Semaphore sem = new Semaphore(10);
    sem.acquire(8);
    Async<Void> large = Async.run(() -> sem.acquire(10)).awaitParkedOn(sem);
    assertThat(sem.available()).isEqualTo(2);
    assertThat(sem.tryAcquire(1)).isFalse();
    sem.release(8);
    large.get();
    sem.release(10);
    assertThat(sem.tryAcquire(1)).isTrue();
  }

  @Test
  void oneReleaseServesEveryHeadWaiterThatFits() throws Exception {
    Semaphore sem = new Semaphore(6);
    sem.acquire(6);
    Async<Void> a = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    Async<Void> b = Async.run(() -> sem.acquire(2)).awaitParkedOn(sem);
    Async<Void> c = Async.run(() -> sem.acquire(3)).awaitParkedOn(sem);
    Async<Void> d = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    sem.release(6); // a, b, c fit (6); d does not
    a.get();
    b.get();
    c.get();
    d.assertStillBlocked();
    assertThat(sem.queueLength()).isEqualTo(1);
    sem.release(1);
    d.get();
  }

  /**
   * The read-write-lock shape from Go's comment: readers take 1 of N, a writer takes N. A continuous
   * stream of readers must not keep the writer waiting forever.
   */
  @Test
  void aStreamOfSmallAcquirersCannotStarveALargeWaiter() throws Exception {
    int n = 4;
    Semaphore sem = new Semaphore(n);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch readersRunning = new CountDownLatch(n);
    List<Async<Void>> readers = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      readers.add(
          Async.run(
              () -> {
                readersRunning.countDown();
                while (!stop.get()) {
                  sem.acquire(1);
                  try {
                    Thread.yield();
                  } finally {
                    sem.release(1);
                  }
                }
              }));
    }
    readersRunning.await();
    Async<Void> writer =
        Async.run(
            () -> {
              sem.acquire(n);
              try {
                assertThat(sem.available()).isZero();
              } finally {
                sem.release(n);
              }
            });
    writer.get(); // completes despite readers acquiring in a loop
    stop.set(true);
    for (Async<Void> r : readers) r.get();
    assertThat(sem.available()).isEqualTo(n);
  }
}
