package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link Cond} releases its lock while waiting and takes it back; signal wakes the longest waiter,
 * broadcast wakes all; await without the lock fails fast.
 */
@Timeout(10)
class CondTest {

  private final ReentrantLock lock = new ReentrantLock();
  private final Cond cond = new Cond(lock);

  /** Starts a thread that waits on the cond with the lock held, then records its name. */
  private Async<Void> waiter(String name, List<String> woken) {
    return Async.run(
            () -> {
              lock.lock();
              try {
                cond.await();
                assertThat(lock.isHeldByCurrentThread()).isTrue();
                woken.add(name); // guarded by lock
              } finally {
                lock.unlock();
              }
            })
        .awaitParkedOn(cond);
  }

  @Test
  void signalWakesTheLongestWaiterFirst() throws Exception {
    List<String> woken = new ArrayList<>();
    Async<Void> a = waiter("a", woken);
    Async<Void> b = waiter("b", woken);
    Async<Void> c = waiter("c", woken);
    assertThat(cond.waiting()).isEqualTo(3);
    assertThat(cond).hasToString("Cond[waiting=3]");
    cond.signal();
    a.get();
    b.assertStillBlocked();
    cond.signal();
    b.get();
    cond.signal();
    c.get();
    assertThat(woken).containsExactly("a", "b", "c");
    cond.signal(); // nobody waits: lost, harmless
    assertThat(cond.waiting()).isZero();
  }

  @Test
  void broadcastWakesEveryWaiterButNotLaterOnes() throws Exception {
    List<String> woken = new ArrayList<>();
    List<Async<Void>> waiters = new ArrayList<>();
    for (int i = 0; i < 5; i++) waiters.add(waiter("w" + i, woken));
    lock.lock();
    try {
      cond.broadcast(); // with the lock held: they wake, then queue for it
    } finally {
      lock.unlock();
    }
    for (Async<Void> w : waiters) w.get();
    assertThat(woken).hasSize(5);
    Async<Void> late = waiter("late", woken);
    late.assertStillBlocked(); // a broadcast is not remembered
    cond.broadcast();
    late.get();
  }

  @Test
  void theLockIsFreeWhileWaiting() throws Exception {
    Async<Void> w = waiter("w", new ArrayList<>());
    assertThat(lock.tryLock()).isTrue();
    try {
      cond.signal();
      w.assertStillBlocked(); // woken, but needs the lock we hold
    } finally {
      lock.unlock();
    }
    w.get();
  }

  @Test
  void aLockHeldSeveralTimesIsReleasedCompletelyAndRetakenAsOften() throws Exception {
    Async<Integer> w =
        Async.call(
                () -> {
                  lock.lock();
                  try {
                    lock.lock();
                    try {
                      cond.await();
                      return lock.getHoldCount();
                    } finally {
                      lock.unlock();
                    }
                  } finally {
                    lock.unlock();
                  }
                })
            .awaitParkedOn(cond);
    assertThat(lock.tryLock()).isTrue(); // fully released
    lock.unlock();
    cond.signal();
    assertThat(w.get()).isEqualTo(2);
  }

  @Test
  void timedAwaitReturnsFalseOnTimeoutWithTheLockHeld() throws Exception {
    lock.lock();
    try {
      assertThat(cond.await(Duration.ofMillis(20))).isFalse();
      assertThat(lock.isHeldByCurrentThread()).isTrue();
      assertThat(cond.await(Duration.ZERO)).isFalse();
      assertThat(cond.await(Duration.ofSeconds(-1))).isFalse();
      assertThat(cond.waiting()).isZero();
    } finally {
      lock.unlock();
    }
  }

  @Test
  void timedAwaitReturnsTrueWhenSignalled() throws Exception {
    Async<Boolean> w =
        Async.call(
                () -> {
                  lock.lock();
                  try {
                    return cond.await(Duration.ofMinutes(5));
                  } finally {
                    lock.unlock();
                  }
                })
            .awaitParkedOn(cond);
    cond.signal();
    assertThat(w.get()).isTrue();
  }

  @Test
  void awaitWithoutTheLockFailsFast() {
    assertThatThrownBy(cond::await)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cond: await called without holding the lock");
    assertThatThrownBy(() -> cond.await(Duration.ZERO)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> cond.await(dev.weft.context.Context.background()))
        .isInstanceOf(IllegalStateException.class);
    assertThat(cond.waiting()).isZero();
  }

  @Test
  void theWriteLockOfAReadWriteLockIsCheckedToo() throws Exception {
    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    Cond c = new Cond(rw.writeLock());
    assertThatThrownBy(c::await).isInstanceOf(IllegalStateException.class);
    rw.writeLock().lock();
    try {
      assertThat(c.await(Duration.ofMillis(1))).isFalse();
    } finally {
      rw.writeLock().unlock();
    }
  }

  @Test
  void anUncheckableLockNotHeldFailsAsTheLockDecidesAndLeavesNoWaiter() {
    ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
    Lock read = rw.readLock();
    Cond c = new Cond(read);
    assertThat(c.lock()).isSameAs(read);
    assertThatThrownBy(c::await).isInstanceOf(IllegalMonitorStateException.class);
    assertThat(c.waiting()).isZero();
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> new Cond(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Cond: lock is null");
    assertThatThrownBy(() -> cond.await((dev.weft.context.Context) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Cond: context is null");
    assertThatThrownBy(() -> cond.await((Duration) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Cond: timeout is null");
  }
}
