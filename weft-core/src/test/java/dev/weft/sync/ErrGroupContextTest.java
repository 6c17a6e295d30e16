package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Context-aware waits of {@link ErrGroup}: {@code go(task, ctx)} and {@code await(ctx)} give up
 * when their context is done, on entry or while waiting, and leave the group unchanged.
 */
@Timeout(10)
class ErrGroupContextTest {

  private final CountDownLatch release = new CountDownLatch(1);

  @Test
  void goWithADoneContextStartsNothingEvenWithAFreeSlot() throws Exception {
    ErrGroup g = new ErrGroup();
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    AtomicInteger ran = new AtomicInteger();
    assertThatThrownBy(() -> g.go(ran::incrementAndGet, ctx))
        .isInstanceOf(ContextCancelledException.class);
    g.await();
    assertThat(ran.get()).isZero();
  }

  @Test
  void goCancelledWhileWaitingForASlotStartsNothingAndLeavesTheSlotToOthers() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    g.go(release::await);
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicInteger ran = new AtomicInteger();
    Async<Void> impatient = Async.run(() -> g.go(ran::incrementAndGet, ctx));
    impatient.awaitWaiting();
    Async<Void> patient = Async.run(() -> g.go(ran::incrementAndGet, Context.background()));
    patient.awaitWaiting();
    IOException why = new IOException("request abandoned");
    ctx.cancel(why);
    assertThat(impatient.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    assertThat(g.activeCount()).isEqualTo(1);
    release.countDown();
    patient.get();
    g.await();
    assertThat(ran.get()).isEqualTo(1);
  }

  @Test
  void goWithALiveContextStartsTheTaskWhenASlotFrees() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    g.go(release::await);
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      AtomicInteger ran = new AtomicInteger();
      Async<Void> submitter = Async.run(() -> g.go(ran::incrementAndGet, ctx));
      submitter.awaitWaiting();
      release.countDown();
      submitter.get();
      g.await();
      assertThat(ran.get()).isEqualTo(1);
    }
  }

  @Test
  void awaitWithADoneContextThrowsAndLeavesTheGroupContextAlone() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    g.go(release::await);
    CancelContext waitCtx = Context.withCancel(Context.background());
    waitCtx.cancel();
    assertThatThrownBy(() -> g.await(waitCtx)).isInstanceOf(ContextCancelledException.class);
    assertThatThrownBy(() -> g.awaitError(waitCtx)).isInstanceOf(ContextCancelledException.class);
    assertThat(g.context().isDone()).isFalse();
    release.countDown();
    g.await();
  }

  @Test
  void awaitWhoseDeadlinePassesThrowsAndTheTasksKeepRunning() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    g.go(release::await);
    try (CancelContext waitCtx = Context.withTimeout(Context.background(), Duration.ofMillis(30))) {
      assertThatThrownBy(() -> g.await(waitCtx))
          .isInstanceOfSatisfying(
              ContextCancelledException.class,
              e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED));
    }
    assertThat(g.activeCount()).isEqualTo(1);
    assertThat(g.context().isDone()).isFalse();
    release.countDown();
    g.await();
    assertThat(g.context().isDone()).isTrue();
  }

  @Test
  void awaitCancelledWhileWaitingThrows() throws Exception {
    ErrGroup g = new ErrGroup();
    g.go(release::await);
    CancelContext waitCtx = Context.withCancel(Context.background());
    Async<Void> waiter = Async.run(() -> g.await(waitCtx));
    waiter.awaitWaiting();
    waitCtx.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    release.countDown();
    g.await();
  }

  @Test
  void awaitWithALiveContextReportsTheFirstFailure() throws Exception {
    ErrGroup g = new ErrGroup();
    IOException boom = new IOException("boom");
    g.go(
        () -> {
          throw boom;
        });
    try (CancelContext waitCtx = Context.withCancel(Context.background())) {
      assertThatThrownBy(() -> g.await(waitCtx))
          .isInstanceOf(ExecutionException.class)
          .cause()
          .isSameAs(boom);
      assertThat(g.awaitError(waitCtx)).containsSame(boom);
    }
  }

  @Test
  void contextAwareWaitsAreInterruptible() throws Exception {
    ErrGroup g = new ErrGroup();
    g.setLimit(1);
    g.go(release::await);
    Async<Void> submitter = Async.run(() -> g.go(() -> {}, Context.background()));
    submitter.awaitWaiting();
    submitter.thread().interrupt();
    assertThat(submitter.failure()).isInstanceOf(InterruptedException.class);
    Async<Void> waiter = Async.run(() -> g.await(Context.background()));
    waiter.awaitWaiting();
    waiter.thread().interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(g.activeCount()).isEqualTo(1);
    release.countDown();
    g.await();
  }

  @Test
  void nullContextsAreRejectedWithTheTypeName() {
    ErrGroup g = new ErrGroup();
    assertThatThrownBy(() -> g.go(() -> {}, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: context is null");
    assertThatThrownBy(() -> g.await(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: context is null");
    assertThatThrownBy(() -> g.awaitError(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: context is null");
    assertThat(g.activeCount()).isZero();
  }
}
