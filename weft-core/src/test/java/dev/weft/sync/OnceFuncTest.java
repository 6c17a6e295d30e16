package dev.weft.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OnceFunc} runs its action once, repeats its outcome, and is a {@code Task}. */
@Timeout(10)
class OnceFuncTest {

  private final AtomicInteger runs = new AtomicInteger();

  @Test
  void runsOnceAsATaskOfAGroup() throws Exception {
    OnceFunc f = Once.func(runs::incrementAndGet);
    assertThat(f).hasToString("OnceFunc[not done]");
    ErrGroup g = new ErrGroup();
    for (int i = 0; i < 8; i++) g.go(f);
    g.await();
    f.run();
    f.run(Context.background());
    assertThat(runs.get()).isEqualTo(1);
    assertThat(f.isDone()).isTrue();
    assertThat(f).hasToString("OnceFunc[done]");
  }

  @Test
  void aFailureIsRepeatedOnEveryRun() {
    IOException boom = new IOException("migration failed");
    OnceFunc f = Once.func(() -> {
      runs.incrementAndGet();
      throw boom;
    });
    for (int i = 0; i < 3; i++) {
      assertThatThrownBy(f::run).isInstanceOf(ExecutionException.class).hasCause(boom);
    }
    assertThatThrownBy(() -> f.run(Context.background())).hasCause(boom);
    assertThat(runs.get()).isEqualTo(1);
    assertThat(f.toString()).startsWith("OnceFunc[failed: java.io.IOException");
  }

  @Test
  void waitingRunsAreInterruptibleAndCancellable() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OnceFunc f = Once.func(() -> {
      entered.countDown();
      release.await();
      runs.incrementAndGet();
    });
    Async<Void> runner = Async.run(f::run);
    entered.await();
    Async<Void> interrupted = Async.run(f::run).awaitParked();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> cancelled = Async.run(() -> f.run(ctx)).awaitParked();
    interrupted.interrupt();
    ctx.cancel();
    assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
    assertThat(cancelled.failure()).isInstanceOf(ContextCancelledException.class);
    release.countDown();
    runner.get();
    assertThat(runs.get()).isEqualTo(1);
  }

  @Test
  void interruptOrDoneContextOnEntryRunsNothing() {
    OnceFunc f = Once.func(runs::incrementAndGet);
    Thread.currentThread().interrupt();
    assertThatThrownBy(f::run).isInstanceOf(InterruptedException.class);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> f.run(ctx)).isInstanceOf(ContextCancelledException.class);
    assertThat(runs.get()).isZero();
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Once.func(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("OnceFunc: action is null");
    assertThatThrownBy(() -> Once.func(runs::incrementAndGet).run(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("OnceFunc: context is null");
  }
}
