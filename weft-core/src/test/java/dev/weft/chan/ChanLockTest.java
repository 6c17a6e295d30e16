package dev.weft.chan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The channels' spin lock on its own: mutual exclusion, and a contended waiter never parks. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ChanLockTest {

  @Test
  void lockAndUnlockFlipTheState() {
    ChanLock lock = new ChanLock();
    assertThat(lock.isLocked()).isFalse();
    lock.lock();
    assertThat(lock.isLocked()).isTrue();
    lock.unlock();
    assertThat(lock.isLocked()).isFalse();
  }

  /**
   * Platform and virtual threads, more of them than cores, increment a plain counter under the
   * lock and check that nobody else is inside: a lost update or an overlap fails the test.
   */
  @Test
  void excludesMixedPlatformAndVirtualThreads() throws InterruptedException {
    ChanLock lock = new ChanLock();
    int threads = 8;
    int rounds = 50_000;
    long[] counter = {0}; // guarded by lock, deliberately not atomic
    AtomicBoolean inside = new AtomicBoolean();
    AtomicInteger overlaps = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread.Builder builder = t % 2 == 0 ? Thread.ofPlatform() : Thread.ofVirtual();
      all.add(
          builder.start(
              () -> {
                try {
                  start.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int i = 0; i < rounds; i++) {
                  lock.lock();
                  try {
                    if (!inside.compareAndSet(false, true)) overlaps.incrementAndGet();
                    counter[0]++;
                    inside.set(false);
                  } finally {
                    lock.unlock();
                  }
                }
              }));
    }
    start.countDown();
    for (Thread t : all) t.join();
    assertThat(overlaps.get()).isZero();
    lock.lock(); // publishes the last holder's write to this thread
    try {
      assertThat(counter[0]).isEqualTo((long) threads * rounds);
    } finally {
      lock.unlock();
    }
    assertThat(lock.isLocked()).isFalse();
  }

  /**
   * The reason the channels do not use {@code ReentrantLock}: a virtual thread waiting for a held
   * lock keeps running (spinning) instead of parking, so the holder never has to unpark it. Sampled
   * over 200 ms; a parked waiter shows up as WAITING.
   */
  @Test
  void aContendedVirtualThreadSpinsButNeverParks() throws InterruptedException {
    ChanLock lock = new ChanLock();
    AtomicBoolean acquired = new AtomicBoolean();
    lock.lock();
    Thread waiter;
    Set<Thread.State> seen = EnumSet.noneOf(Thread.State.class);
    try {
      waiter =
          Thread.ofVirtual()
              .start(
                  () -> {
                    lock.lock();
                    acquired.set(true);
                    lock.unlock();
                  });
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
      while (System.nanoTime() < end) {
        seen.add(waiter.getState());
        Thread.sleep(1);
      }
      assertThat(acquired).isFalse();
    } finally {
      lock.unlock();
    }
    waiter.join();
    assertThat(acquired).isTrue();
    assertThat(seen).doesNotContain(Thread.State.WAITING, Thread.State.TIMED_WAITING);
    assertThat(seen).contains(Thread.State.RUNNABLE);
  }
}
