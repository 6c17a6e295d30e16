package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.time.Duration;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Cond#await} forms throw when interrupted or when their context is done, on entry (without
 * releasing the lock) or while waiting (after taking it back), and a waiter that gives up consumes
 * no signal.
 */
@Timeout(10)
class CondInterruptionTest {

  /** The blocking forms of await. */
  enum Form {
    PLAIN,
    TIMED,
    CONTEXT;

    void await(Cond c) throws InterruptedException {
      switch (this) {
        case PLAIN -> c.await();
        case TIMED -> c.await(Duration.ofMinutes(5));
        case CONTEXT -> c.await(Context.background());
      }
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Cond cond = new Cond(lock);

  /** Runs {@code body} with the lock held and reports whether it was held at the end. */
  private Async<Boolean> locked(ThrowingBody body) {
    return Async.call(
        () -> {
          lock.lock();
          try {
            body.run();
            return lock.isHeldByCurrentThread();
          } finally {
            if (lock.isHeldByCurrentThread()) lock.unlock();
          }
        });
  }

  @FunctionalInterface
  interface ThrowingBody {
    void run() throws Exception;
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsWithoutReleasingTheLock(Form form) {
    lock.lock();
    try {
      Thread.currentThread().interrupt();
      assertThatThrownBy(() -> form.await(cond)).isInstanceOf(InterruptedException.class);
      assertThat(lock.getHoldCount()).isEqualTo(1);
      assertThat(cond.waiting()).isZero();
    } finally {
      lock.unlock();
    }
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingThrowsWithTheLockHeldAgain(Form form) throws Exception {
    Async<Boolean> waiter =
        Async.call(
                () -> {
                  lock.lock();
                  try {
                    form.await(cond);
                    return false;
                  } catch (InterruptedException e) {
                    return lock.isHeldByCurrentThread();
                  } finally {
                    lock.unlock();
                  }
                })
            .awaitParkedOn(cond);
    waiter.interrupt();
    assertThat(waiter.get()).as("lock held when the interrupt is thrown").isTrue();
    assertThat(waiter.interruptedAtEnd()).isFalse();
    assertThat(cond.waiting()).isZero();
  }

  @Test
  void aWaiterThatGaveUpConsumesNoSignal() throws Exception {
    Async<Boolean> victim = locked(cond::await).awaitParkedOn(cond);
    Async<Boolean> patient = locked(cond::await).awaitParkedOn(cond);
    victim.interrupt();
    assertThat(victim.failure()).isInstanceOf(InterruptedException.class);
    cond.signal(); // one signal: must reach the patient waiter
    assertThat(patient.get()).isTrue();
  }

  @Test
  void contextDoneOnEntryThrowsWithoutReleasingTheLock() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    lock.lock();
    try {
      assertThatThrownBy(() -> cond.await(ctx))
          .isInstanceOfSatisfying(
              ContextCancelledException.class, e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
      assertThat(lock.getHoldCount()).isEqualTo(1);
    } finally {
      lock.unlock();
    }
  }

  @Test
  void contextCancelledWhileWaitingThrowsWithTheCauseAndTheLockHeld() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Boolean> waiter = locked(() -> cond.await(ctx)).awaitParkedOn(cond);
    IllegalStateException why = new IllegalStateException("stop");
    ctx.cancel(why);
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    assertThat(cond.waiting()).isZero();
    assertThat(lock.isLocked()).isFalse();
  }

  @Test
  void contextDeadlineWhileWaitingReportsDeadlineExceeded() throws Exception {
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(20))) {
      assertThat(locked(() -> cond.await(ctx)).failure())
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
    assertThat(cond.waiting()).isZero();
  }

  @Test
  void aSignalBeforeTheContextIsDoneWins() throws Exception {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<Boolean> waiter = locked(() -> cond.await(ctx)).awaitParkedOn(cond);
      lock.lock();
      try {
        cond.signal(); // granted; the waiter needs the lock we hold
        ctx.cancel();
      } finally {
        lock.unlock();
      }
      assertThat(waiter.get()).isTrue();
    }
  }
}
