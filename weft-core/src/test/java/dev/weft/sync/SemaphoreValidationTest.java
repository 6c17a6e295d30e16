package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.Context;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Misuse of {@link Semaphore} fails fast, names the type and the argument, and changes nothing. */
@Timeout(10)
class SemaphoreValidationTest {

  private final Semaphore sem = new Semaphore(10);

  @Test
  void sizeMustBePositive() {
    assertThatThrownBy(() -> new Semaphore(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: size must be > 0, was 0");
    assertThatThrownBy(() -> new Semaphore(-5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: size must be > 0, was -5");
  }

  @Test
  void acquireRejectsNonPositiveAndOversizedWeights() {
    assertThatThrownBy(() -> sem.acquire(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was 0");
    assertThatThrownBy(() -> sem.acquire(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was -1");
    assertThatThrownBy(() -> sem.acquire(11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be <= size (10), was 11");
    assertUnchanged();
  }

  @Test
  void contextAcquireRejectsBadWeightsAndNullContext() {
    assertThatThrownBy(() -> sem.acquire(0, Context.background()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was 0");
    assertThatThrownBy(() -> sem.acquire(11, Context.background()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be <= size (10), was 11");
    assertThatThrownBy(() -> sem.acquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Semaphore: context is null");
    assertUnchanged();
  }

  @Test
  void tryAcquireRejectsBadWeights() {
    assertThatThrownBy(() -> sem.tryAcquire(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was 0");
    assertThatThrownBy(() -> sem.tryAcquire(Long.MAX_VALUE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be <= size (10), was " + Long.MAX_VALUE);
    assertUnchanged();
  }

  @Test
  void timedTryAcquireRejectsBadWeightsAndNullTimeout() {
    assertThatThrownBy(() -> sem.tryAcquire(-3, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was -3");
    assertThatThrownBy(() -> sem.tryAcquire(11, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be <= size (10), was 11");
    assertThatThrownBy(() -> sem.tryAcquire(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("Semaphore: timeout is null");
    assertUnchanged();
  }

  @Test
  void releaseRejectsNonPositiveWeights() {
    assertThatThrownBy(() -> sem.release(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was 0");
    assertThatThrownBy(() -> sem.release(-2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Semaphore: n must be > 0, was -2");
    assertUnchanged();
  }

  @Test
  void releaseOfMoreThanHeldIsAnIllegalState() {
    assertThatThrownBy(() -> sem.release(1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Semaphore: released more than held");
    assertUnchanged();
  }

  @Test
  void validationComesBeforeTheInterruptCheck() {
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(() -> sem.acquire(0)).isInstanceOf(IllegalArgumentException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  private void assertUnchanged() {
    assertThat(sem.available()).isEqualTo(10);
    assertThat(sem.queueLength()).isZero();
  }
}
