package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Waiting polls conditions and recognises a thread parked in weft code, not queued on a lock. */
@Timeout(10)
class WaitingTest {

  @Test
  void untilReturnsOnceAnotherThreadMakesTheConditionTrue() throws InterruptedException {
    AtomicBoolean flag = new AtomicBoolean();
    Thread setter = Thread.ofVirtual().start(() -> flag.set(true));
    Waiting.until("flag set", flag::get);
    assertThat(flag).isTrue();
    setter.join();
  }

  @Test
  void untilFailsAtOnceWhenTheWaitingThreadIsInterrupted() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> Waiting.until("never", () -> false))
          .isInstanceOf(AssertionError.class)
          .hasMessageContaining("interrupted while waiting for never");
      assertThat(Thread.currentThread().isInterrupted()).as("the interrupt is kept").isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void untilWaitingReturnsForAParkedThreadAndFailsForAnEndedOne() throws InterruptedException {
    Thread parked = Thread.ofVirtual().start(LockSupport::park);
    Waiting.untilWaiting(parked);
    assertThat(parked.getState()).isIn(Thread.State.WAITING, Thread.State.TIMED_WAITING);
    LockSupport.unpark(parked);
    parked.join();
    assertThatThrownBy(() -> Waiting.untilWaiting(parked))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("ended instead of waiting");
  }

  @Test
  void aThreadParkedInWeftCodeIsRecognised() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread parked = Thread.ofVirtual().start(() -> parkUntil(stop));
    Waiting.until("parked in weft", () -> Waiting.isParkedInWeft(parked));
    stop.set(true);
    LockSupport.unpark(parked);
    parked.join();
    assertThat(Waiting.isParkedInWeft(parked)).as("ended").isFalse();
  }

  @Test
  void aThreadQueuedOnALockIsNotParkedInWeft() throws InterruptedException {
    ReentrantLock lock = new ReentrantLock();
    Thread queued;
    lock.lock();
    try {
      queued = Thread.ofVirtual().start(() -> lockAndUnlock(lock));
      Waiting.until("queued", () -> lock.hasQueuedThread(queued));
      Waiting.untilWaiting(queued);
      assertThat(Waiting.isParkedInWeft(queued)).isFalse();
    } finally {
      lock.unlock();
    }
    queued.join();
  }

  @Test
  void stackOfListsTheFrames() throws InterruptedException {
    AtomicBoolean stop = new AtomicBoolean();
    Thread parked = Thread.ofVirtual().start(() -> parkUntil(stop));
    Waiting.untilWaiting(parked);
    assertThat(Waiting.stackOf(parked)).contains("\tat ").contains("parkUntil");
    stop.set(true);
    LockSupport.unpark(parked);
    parked.join();
  }

  private static void parkUntil(AtomicBoolean stop) {
    while (!stop.get()) LockSupport.park();
  }

  private static void lockAndUnlock(ReentrantLock lock) {
    lock.lock();
    try {
      assertThat(lock.isHeldByCurrentThread()).isTrue();
    } finally {
      lock.unlock();
    }
  }
}
