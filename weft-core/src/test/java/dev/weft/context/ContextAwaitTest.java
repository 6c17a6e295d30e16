package dev.weft.context;

import dev.weft.test.Async;
import dev.weft.test.Waiting;
import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * await() returns once the context is done and throws InterruptedException (clearing the
 * interrupt status) when interrupted on entry or while waiting.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextAwaitTest {

  /** Starts a virtual thread awaiting {@code ctx}; the reference gets what await() threw. */
  private static Thread awaitIn(Context ctx, AtomicReference<Throwable> thrown) {
    return Thread.ofVirtual()
        .start(
            () -> {
              try {
                ctx.await();
              } catch (Throwable e) {
                thrown.set(e);
              }
            });
  }

  @Test
  void returnsWhenCancelled() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter = awaitIn(Context.withValue(ctx, ContextKey.of("k"), 1), thrown);
    Waiting.untilWaiting(waiter);
    assertThat(waiter.isAlive()).isTrue();

    ctx.cancel();

    waiter.join();
    assertThat(thrown.get()).isNull();
  }

  @Test
  void returnsWhenTheDeadlinePasses() throws InterruptedException {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter = awaitIn(ctx, thrown);
    Waiting.untilWaiting(waiter);

    clock.advance(Duration.ofSeconds(1));

    waiter.join();
    assertThat(thrown.get()).isNull();
  }

  @Test
  void returnsAtOnceWhenDone() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    ctx.await();
    assertThat(ctx.isDone()).isTrue();
  }

  @Test
  void interruptBeforeWaitingThrows() throws Throwable {
    CancelContext ctx = Context.withCancel(Context.background());
    Async.run(
        () -> {
          Thread.currentThread().interrupt();
          assertThatThrownBy(ctx::await).isInstanceOf(InterruptedException.class);
          assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }).get();
    assertThat(ctx.isDone()).isFalse();
  }

  @Test
  void interruptWhileWaitingThrows() throws InterruptedException {
    CancelContext ctx = Context.withCancel(Context.background());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread waiter = awaitIn(ctx, thrown);
    Waiting.untilWaiting(waiter);

    waiter.interrupt();

    waiter.join();
    assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    assertThat(ctx.isDone()).isFalse();
    assertThat(((CancelNode) ctx).listenerCount()).as("no waiter left behind").isZero();
  }

  @Test
  void contextThatCannotBeDoneWaitsUntilInterrupted() throws InterruptedException {
    CancelContext parent = Context.withCancel(Context.background());
    for (Context c : new Context[] {Context.background(), Context.withoutCancel(parent)}) {
      AtomicReference<Throwable> thrown = new AtomicReference<>();
      Thread waiter = awaitIn(c, thrown);
      Waiting.untilWaiting(waiter);
      parent.cancel();
      assertThat(waiter.isAlive()).isTrue();

      waiter.interrupt();

      waiter.join();
      assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
  }
}
