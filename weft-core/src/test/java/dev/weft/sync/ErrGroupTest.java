package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.chan.Channel;
import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link ErrGroup}: await waits for every task; the first failure wins, cancels the group context
 * with itself as cause, and collects later failures as suppressed; nothing is interrupted.
 */
@Timeout(10)
class ErrGroupTest {

  @Test
  void awaitWaitsForEveryTaskAndReturnsWhenAllSucceed() throws Exception {
    ErrGroup g = new ErrGroup();
    AtomicInteger ran = new AtomicInteger();
    Map<Integer, Thread> threads = new ConcurrentHashMap<>();
    for (int i = 0; i < 50; i++) {
      int id = i;
      g.go(
          () -> {
            threads.put(id, Thread.currentThread());
            ran.incrementAndGet();
          });
    }
    g.await();
    assertThat(ran.get()).isEqualTo(50);
    assertThat(g.activeCount()).isZero();
    assertThat(threads.values())
        .allSatisfy(
            t -> {
              assertThat(t.isVirtual()).isTrue();
              assertThat(t.getName()).startsWith("weft-errgroup-");
            });
    assertThat(g.awaitError()).isEmpty();
  }

  @Test
  void anEmptyGroupAwaitsAtOnce() throws Exception {
    ErrGroup g = new ErrGroup();
    g.await();
    assertThat(g.awaitError()).isEmpty();
    assertThat(g).hasToString("ErrGroup[active=0]");
  }

  @Test
  void firstFailureWinsAndLaterOnesAreSuppressedIntoIt() throws Exception {
    ErrGroup g = new ErrGroup();
    IOException first = new IOException("first");
    IllegalStateException second = new IllegalStateException("second");
    AssertionError third = new AssertionError("third");
    CountDownLatch firstFailed = new CountDownLatch(1);
    g.go(
        () -> {
          try {
            throw first;
          } finally {
            firstFailed.countDown();
          }
        });
    firstFailed.await();
    awaitUntilIdle(g); // the first failure is recorded once its task finished
    g.go(
        () -> {
          throw second;
        });
    g.go(
        () -> {
          throw third;
        });
    assertThatThrownBy(g::await)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isSameAs(first);
    assertThat(first.getSuppressed()).containsExactlyInAnyOrder(second, third);
  }

  @Test
  void awaitErrorReturnsTheFirstFailureInsteadOfThrowing() throws Exception {
    ErrGroup g = new ErrGroup();
    IOException boom = new IOException("boom");
    g.go(
        () -> {
          throw boom;
        });
    g.go(() -> {});
    assertThat(g.awaitError()).containsSame(boom);
    // Not reset: a later await reports it again.
    g.go(() -> {});
    assertThat(g.awaitError()).containsSame(boom);
  }

  @Test
  void anErrorSuchAsAssertionErrorIsAFailure() throws Exception {
    ErrGroup g = new ErrGroup();
    g.go(
        () -> {
          throw new AssertionError("expected 1 but was 2");
        });
    assertThatThrownBy(g::await)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected 1 but was 2");
  }

  @Test
  void theSameExceptionThrownTwiceIsNotSuppressedIntoItself() throws Exception {
    ErrGroup g = new ErrGroup();
    RuntimeException shared = new RuntimeException("shared");
    for (int i = 0; i < 3; i++) {
      g.go(
          () -> {
            throw shared;
          });
    }
    assertThat(g.awaitError()).containsSame(shared);
    assertThat(shared.getSuppressed()).isEmpty();
  }

  @Test
  void firstFailureCancelsTheContextWithItselfAsCause() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    Context ctx = g.context();
    IOException boom = new IOException("boom");
    Channel<String> never = Channel.unbuffered();
    AtomicBoolean siblingSawCancellation = new AtomicBoolean();
    g.go(
        () -> {
          try {
            never.receive(ctx); // the sibling stops through the context
          } catch (ContextCancelledException e) {
            siblingSawCancellation.set(true);
            assertThat(e.getCause()).isSameAs(boom);
            throw e;
          }
        });
    g.go(
        () -> {
          throw boom;
        });
    assertThat(g.awaitError()).containsSame(boom);
    assertThat(siblingSawCancellation).isTrue();
    assertThat(ctx.err()).contains(ContextError.CANCELED);
    assertThat(ctx.cause()).containsSame(boom);
    // The sibling's ContextCancelledException is the echo of the cancellation: not suppressed.
    assertThat(boom.getSuppressed()).isEmpty();
  }

  @Test
  void theContextIsCancelledWhenAwaitReturnsEvenWithoutFailure() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    g.go(() -> assertThat(g.context().isDone()).isFalse());
    g.await();
    assertThat(g.context().isDone()).isTrue();
    assertThat(g.context().err()).contains(ContextError.CANCELED);
  }

  @Test
  void cancellingTheParentCancelsTheGroupContext() throws Exception {
    CancelContext parent = Context.withCancel(Context.background());
    ErrGroup g = ErrGroup.withContext(parent);
    CountDownLatch started = new CountDownLatch(1);
    g.go(
        () -> {
          started.countDown();
          g.context().await();
        });
    started.await();
    parent.cancel();
    g.await(); // the task returned normally once the context was done
    assertThat(g.context().isDone()).isTrue();
  }

  @Test
  void aFailureDoesNotInterruptTheOtherTasks() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    CountDownLatch failed = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean(true);
    g.go(
        () -> {
          g.context().await(); // wakes because the context is done, not by an interrupt
          failed.await();
          interrupted.set(Thread.currentThread().isInterrupted());
        });
    g.go(
        () -> {
          try {
            throw new IOException("boom");
          } finally {
            failed.countDown();
          }
        });
    assertThat(g.awaitError()).isPresent();
    assertThat(interrupted).isFalse();
  }

  @Test
  void aGroupWithoutContextRefusesToInventOne() {
    assertThatThrownBy(() -> new ErrGroup().context())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("ErrGroup: this group has no context; create it with ErrGroup.withContext");
  }

  @Test
  void nullArgumentsAreRejectedWithTheTypeName() {
    ErrGroup g = new ErrGroup();
    assertThatThrownBy(() -> g.go(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: task is null");
    assertThatThrownBy(() -> g.tryGo(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: task is null");
    assertThatThrownBy(() -> ErrGroup.withContext(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ErrGroup: parent context is null");
    assertThat(g.activeCount()).isZero();
  }

  @Test
  void interruptedAwaitLeavesTheGroupAndItsContextAlone() throws Exception {
    ErrGroup g = ErrGroup.withContext(Context.background());
    CountDownLatch release = new CountDownLatch(1);
    g.go(release::await);
    Async<Void> onEntry =
        Async.run(
            () -> {
              Thread.currentThread().interrupt();
              g.await();
            });
    assertThat(onEntry.failure()).isInstanceOf(InterruptedException.class);
    Async<Void> waiting = Async.run(g::await);
    waiting.awaitWaiting();
    waiting.thread().interrupt();
    assertThat(waiting.failure()).isInstanceOf(InterruptedException.class);
    assertThat(g.context().isDone()).isFalse();
    assertThat(g.activeCount()).isEqualTo(1);
    release.countDown();
    g.await();
  }

  private static void awaitUntilIdle(ErrGroup g) {
    org.awaitility.Awaitility.await().until(() -> g.activeCount() == 0);
  }
}
