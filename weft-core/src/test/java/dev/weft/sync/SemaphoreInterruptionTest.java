package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.context.Context;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * An interrupted {@link Semaphore} acquire (on entry or while waiting) throws, takes nothing, and
 * lets the waiters behind it proceed; a grant racing with an interrupt is never lost.
 */
@Timeout(20)
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield shakes interleavings on purpose
class SemaphoreInterruptionTest {

  /** The blocking forms, all interruptible. */
  enum Form {
    ACQUIRE,
    CONTEXT_ACQUIRE,
    TIMED_TRY_ACQUIRE;

    void call(Semaphore sem, long n) throws InterruptedException {
      switch (this) {
        case ACQUIRE -> sem.acquire(n);
        case CONTEXT_ACQUIRE -> sem.acquire(n, Context.withCancel(Context.background()));
        case TIMED_TRY_ACQUIRE -> sem.tryAcquire(n, Duration.ofMinutes(5));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsEvenWhenPermitsAreFree(Form form) throws Exception {
    Semaphore sem = new Semaphore(3);
    Throwable thrown =
        Async.run(
                () -> {
                  Thread.currentThread().interrupt();
                  form.call(sem, 1);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(sem.available()).isEqualTo(3);
  }

  @Test
  void zeroTimeoutTryAcquireAlsoChecksTheInterrupt() throws Exception {
    Semaphore sem = new Semaphore(3);
    Throwable thrown =
        Async.run(
                () -> {
                  Thread.currentThread().interrupt();
                  sem.tryAcquire(1, Duration.ZERO);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(sem.available()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingThrowsAndTakesNothing(Form form) throws Exception {
    Semaphore sem = new Semaphore(3);
    sem.acquire(2);
    Async<Void> waiter = Async.run(() -> form.call(sem, 2)).awaitParkedOn(sem);
    waiter.thread().interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(sem.available()).isEqualTo(1);
    assertThat(sem.queueLength()).isZero();
    sem.release(2);
    assertThat(sem.available()).isEqualTo(3);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedHeadWaiterLetsTheWaitersBehindItProceed(Form form) throws Exception {
    Semaphore sem = new Semaphore(4);
    sem.acquire(3); // 1 free
    Async<Void> head = Async.run(() -> form.call(sem, 4)).awaitParkedOn(sem);
    Async<Void> behind = Async.run(() -> form.call(sem, 1)).awaitParkedOn(sem);
    behind.assertStillBlocked(); // held back by the head
    head.thread().interrupt();
    assertThat(head.failure()).isInstanceOf(InterruptedException.class);
    behind.get(); // served by the head's departure, without any release
    assertThat(sem.available()).isZero();
  }

  @Test
  void interruptedMiddleWaiterLeavesTheOthersInOrder() throws Exception {
    Semaphore sem = new Semaphore(2);
    sem.acquire(2);
    Async<Void> first = Async.run(() -> sem.acquire(2)).awaitParkedOn(sem);
    Async<Void> middle = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    Async<Void> last = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    middle.thread().interrupt();
    assertThat(middle.failure()).isInstanceOf(InterruptedException.class);
    assertThat(sem.queueLength()).isEqualTo(2);
    sem.release(2);
    first.get();
    last.assertStillBlocked();
    sem.release(2);
    last.get();
    assertThat(sem.available()).isEqualTo(1);
  }

  /**
   * Random interrupts against acquirers and releasers: every acquire either returned (and its
   * permits are released) or threw (and took nothing), so all permits come back.
   */
  @Test
  void permitsAreConservedUnderRandomInterrupts() throws Exception {
    Semaphore sem = new Semaphore(5);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong acquired = new AtomicLong();
    AtomicLong interrupted = new AtomicLong();
    List<Async<Void>> workers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      workers.add(
          Async.run(
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int k = 0; k < 2_000; k++) {
                  long n = 1L + rnd.nextInt(5);
                  try {
                    sem.acquire(n);
                  } catch (InterruptedException e) {
                    interrupted.incrementAndGet();
                    continue;
                  }
                  Thread.interrupted(); // a grant that raced with an interrupt keeps the flag
                  acquired.incrementAndGet();
                  sem.release(n);
                }
              }));
    }
    Async<Void> interrupter =
        Async.run(
            () -> {
              ThreadLocalRandom rnd = ThreadLocalRandom.current();
              while (!stop.get()) {
                workers.get(rnd.nextInt(workers.size())).thread().interrupt();
                Thread.yield();
              }
            });
    for (Async<Void> w : workers) w.get();
    stop.set(true);
    interrupter.get();
    assertThat(acquired.get() + interrupted.get()).isEqualTo(6 * 2_000);
    assertThat(sem.available()).isEqualTo(5);
    assertThat(sem.queueLength()).isZero();
  }
}
