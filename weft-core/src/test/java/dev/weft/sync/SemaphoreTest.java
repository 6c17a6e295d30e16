package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Basic contract of {@link Semaphore}: counting, non-blocking and timed forms, any-thread release. */
@Timeout(10)
class SemaphoreTest {

  @Test
  void newSemaphoreHasAllPermitsAvailable() {
    Semaphore sem = new Semaphore(5);
    assertThat(sem.size()).isEqualTo(5);
    assertThat(sem.available()).isEqualTo(5);
    assertThat(sem.queueLength()).isZero();
    assertThat(sem).hasToString("Semaphore[size=5, available=5]");
  }

  @Test
  void acquireAndReleaseAreWeighted() throws InterruptedException {
    Semaphore sem = new Semaphore(10);
    sem.acquire(3);
    sem.acquire(7);
    assertThat(sem.available()).isZero();
    sem.release(4);
    assertThat(sem.available()).isEqualTo(4);
    sem.release(6);
    assertThat(sem.available()).isEqualTo(10);
  }

  @Test
  void tryAcquireSucceedsOnlyWhenEnoughAreFree() {
    Semaphore sem = new Semaphore(4);
    assertThat(sem.tryAcquire(3)).isTrue();
    assertThat(sem.tryAcquire(2)).isFalse();
    assertThat(sem.available()).isEqualTo(1);
    assertThat(sem.tryAcquire(1)).isTrue();
    assertThat(sem.available()).isZero();
  }

  @Test
  void tryAcquireIgnoresTheInterruptStatus() {
    Semaphore sem = new Semaphore(1);
    Thread.currentThread().interrupt();
    try {
      assertThat(sem.tryAcquire(1)).isTrue();
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void blockedAcquireWakesOnRelease() throws Exception {
    Semaphore sem = new Semaphore(2);
    sem.acquire(2);
    Async<Void> waiter = Async.run(() -> sem.acquire(2)).awaitParkedOn(sem);
    assertThat(sem.queueLength()).isEqualTo(1);
    sem.release(1);
    waiter.assertStillBlocked(); // needs 2
    sem.release(1);
    waiter.get();
    assertThat(sem.available()).isZero();
    assertThat(sem.queueLength()).isZero();
  }

  @Test
  void anyThreadMayRelease() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    Async.run(() -> sem.release(1)).get();
    assertThat(sem.available()).isEqualTo(1);
  }

  @Test
  void timedTryAcquireSucceedsWhenReleasedInTime() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    Async<Boolean> waiter =
        Async.call(() -> sem.tryAcquire(1, Duration.ofSeconds(30))).awaitParkedOn(sem);
    sem.release(1);
    assertThat(waiter.get()).isTrue();
    assertThat(sem.available()).isZero();
  }

  @Test
  void timedTryAcquireTimesOutAndTakesNothing() throws InterruptedException {
    Semaphore sem = new Semaphore(2);
    sem.acquire(2);
    assertThat(sem.tryAcquire(1, Duration.ofMillis(20))).isFalse();
    assertThat(sem.available()).isZero();
    assertThat(sem.queueLength()).isZero();
  }

  @Test
  void timedTryAcquireWithZeroOrNegativeTimeoutDoesNotWait() throws InterruptedException {
    Semaphore sem = new Semaphore(2);
    assertThat(sem.tryAcquire(2, Duration.ZERO)).isTrue();
    assertThat(sem.tryAcquire(1, Duration.ofSeconds(-1))).isFalse();
    sem.release(2);
    assertThat(sem.tryAcquire(1, Duration.ofSeconds(-1))).isTrue();
  }

  @Test
  void hugeTimeoutDoesNotOverflow() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    Async<Boolean> waiter =
        Async.call(() -> sem.tryAcquire(1, Duration.ofSeconds(Long.MAX_VALUE))).awaitParkedOn(sem);
    sem.release(1);
    assertThat(waiter.get()).isTrue();
  }

  @Test
  void releaseOfMoreThanHeldIsRefusedAndChangesNothing() throws InterruptedException {
    Semaphore sem = new Semaphore(5);
    sem.acquire(2);
    assertThatThrownBy(() -> sem.release(3))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Semaphore: released more than held (release 3, held 2)");
    assertThat(sem.available()).isEqualTo(3);
    sem.release(2);
    assertThat(sem.available()).isEqualTo(5);
  }
}
