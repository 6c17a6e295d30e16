package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.context.ContextKey;
import dev.weft.test.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A {@link Semaphore} acquire whose context is done (on entry or while waiting) throws {@link
 * ContextCancelledException}, takes nothing and lets the waiters behind it proceed; a grant racing
 * with cancellation is given back, as in Go.
 */
@Timeout(20)
@SuppressWarnings("ThreadPriorityCheck") // Thread.yield shakes interleavings on purpose
class SemaphoreContextTest {

  @Test
  void doneOnEntryFailsEvenWhenPermitsAreFree() {
    Semaphore sem = new Semaphore(3);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> sem.acquire(1, ctx))
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(sem.available()).isEqualTo(3);
  }

  @Test
  void cancelledWhileWaitingThrowsWithTheCauseAndTakesNothing() throws Exception {
    Semaphore sem = new Semaphore(2);
    sem.acquire(1);
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter = Async.run(() -> sem.acquire(2, ctx)).awaitParkedOn(sem);
    IOException why = new IOException("shutting down");
    ctx.cancel(why);
    Throwable thrown = waiter.failure();
    assertThat(thrown).isInstanceOf(ContextCancelledException.class).hasCause(why);
    assertThat(sem.available()).isEqualTo(1);
    assertThat(sem.queueLength()).isZero();
  }

  @Test
  void deadlineWhileWaitingReportsDeadlineExceeded() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
      Throwable thrown = Async.run(() -> sem.acquire(1, ctx)).failure();
      assertThat(thrown).isInstanceOf(ContextCancelledException.class);
      assertThat(((ContextCancelledException) thrown).error())
          .isEqualTo(ContextError.DEADLINE_EXCEEDED);
    }
    assertThat(sem.available()).isZero();
    assertThat(sem.queueLength()).isZero();
  }

  @Test
  void cancelledHeadWaiterLetsTheWaitersBehindItProceed() throws Exception {
    Semaphore sem = new Semaphore(4);
    sem.acquire(2); // 2 free
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> head = Async.run(() -> sem.acquire(4, ctx)).awaitParkedOn(sem);
    Async<Void> second = Async.run(() -> sem.acquire(1)).awaitParkedOn(sem);
    Async<Void> third = Async.run(() -> sem.acquire(1, Context.background())).awaitParkedOn(sem);
    second.assertStillBlocked();
    ctx.cancel();
    assertThat(head.failure()).isInstanceOf(ContextCancelledException.class);
    second.get();
    third.get();
    assertThat(sem.available()).isZero();
    assertThat(sem.queueLength()).isZero();
  }

  @Test
  void timedOutHeadWaiterLetsTheWaitersBehindItProceed() throws Exception {
    Semaphore sem = new Semaphore(4);
    sem.acquire(2);
    Async<Boolean> head =
        Async.call(() -> sem.tryAcquire(4, Duration.ofMillis(200))).awaitParkedOn(sem);
    Async<Void> behind = Async.run(() -> sem.acquire(2)).awaitParkedOn(sem);
    assertThat(head.get()).isFalse();
    behind.get();
    assertThat(sem.available()).isZero();
  }

  @Test
  void cancellingAParentCancelsTheWait() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    CancelContext parent = Context.withCancel(Context.background());
    Context child = Context.withValue(parent, ContextKey.of("k"), "v");
    Async<Void> waiter = Async.run(() -> sem.acquire(1, child)).awaitParkedOn(sem);
    parent.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(sem.available()).isZero();
  }

  @Test
  void aContextThatIsNeverDoneBehavesLikePlainAcquire() throws Exception {
    Semaphore sem = new Semaphore(1);
    sem.acquire(1);
    Async<Void> waiter = Async.run(() -> sem.acquire(1, Context.background())).awaitParkedOn(sem);
    sem.release(1);
    waiter.get();
    assertThat(sem.available()).isZero();
  }

  /**
   * Contexts cancelled at random moments while permits are released: an acquire either returned
   * (its permits are then released by the test) or threw and holds nothing, including when the
   * grant raced with the cancellation. So all permits come back.
   */
  @Test
  void permitsAreConservedWhenGrantsRaceWithCancellation() throws Exception {
    Semaphore sem = new Semaphore(3);
    AtomicLong acquired = new AtomicLong();
    AtomicLong cancelled = new AtomicLong();
    List<Async<Void>> workers = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      workers.add(
          Async.run(
              () -> {
                ThreadLocalRandom rnd = ThreadLocalRandom.current();
                for (int k = 0; k < 1_000; k++) {
                  long n = 1L + rnd.nextInt(3);
                  CancelContext ctx = Context.withCancel(Context.background());
                  int delay = rnd.nextInt(4);
                  Thread canceller =
                      Thread.ofVirtual()
                          .start(
                              () -> {
                                for (int y = 0; y < delay; y++) Thread.yield();
                                ctx.cancel();
                              });
                  try {
                    sem.acquire(n, ctx);
                    acquired.incrementAndGet();
                    Thread.yield(); // hold a moment, so that others queue
                    sem.release(n);
                  } catch (ContextCancelledException e) {
                    cancelled.incrementAndGet();
                  } finally {
                    canceller.join();
                  }
                }
              }));
    }
    for (Async<Void> w : workers) w.get();
    assertThat(acquired.get() + cancelled.get()).isEqualTo(4 * 1_000);
    assertThat(cancelled.get()).isPositive();
    assertThat(sem.available()).isEqualTo(3);
    assertThat(sem.queueLength()).isZero();
  }
}
