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
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OnceValue} computes once and gives every call the same value, or the same remembered
 * failure; waiting for the computation is interruptible and cancellable.
 */
@Timeout(10)
class OnceValueTest {

  private final AtomicInteger calls = new AtomicInteger();

  @Test
  void computesOnFirstUseAndThenReturnsTheSameValue() throws Exception {
    OnceValue<String> v = Once.value(() -> "v" + calls.incrementAndGet());
    assertThat(calls.get()).isZero();
    assertThat(v.isDone()).isFalse();
    assertThat(v).hasToString("OnceValue[not done]");
    assertThat(v.get()).isEqualTo("v1");
    assertThat(v.get()).isEqualTo("v1");
    assertThat(v.call()).isEqualTo("v1");
    assertThat(v.get(Context.background())).isEqualTo("v1");
    assertThat(calls.get()).isEqualTo(1);
    assertThat(v).hasToString("OnceValue[v1]");
  }

  @Test
  void aNullValueIsAValue() throws Exception {
    OnceValue<String> v = Once.value(() -> {
      calls.incrementAndGet();
      return null;
    });
    assertThat(v.get()).isNull();
    assertThat(v.get()).isNull();
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void aFailureIsRememberedAndEveryCallThrowsTheSameCause() throws Exception {
    IOException boom = new IOException("config missing");
    OnceValue<String> v = Once.value(() -> {
      calls.incrementAndGet();
      throw boom;
    });
    ExecutionException first = null;
    for (int i = 0; i < 3; i++) {
      ExecutionException e = (ExecutionException) Async.call(v::get).failure();
      assertThat(e).hasCause(boom);
      if (first != null) assertThat(e).isNotSameAs(first); // a new wrapper per call
      first = e;
    }
    assertThat(calls.get()).isEqualTo(1);
    assertThat(v.isDone()).isTrue();
    assertThat(v.toString()).startsWith("OnceValue[failed: java.io.IOException");
  }

  @Test
  void errorsAreRememberedToo() {
    StackOverflowError soe = new StackOverflowError();
    OnceValue<String> v = Once.value(() -> { throw soe; });
    assertThatThrownBy(v::get).isInstanceOf(ExecutionException.class).hasCause(soe);
    assertThatThrownBy(v::get).isInstanceOf(ExecutionException.class).hasCause(soe);
  }

  @Test
  void concurrentCallersShareOneComputationAndItsFailure() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    IllegalStateException boom = new IllegalStateException("boom");
    OnceValue<String> v = Once.value(() -> {
      calls.incrementAndGet();
      entered.countDown();
      release.await();
      throw boom;
    });
    Async<String> runner = Async.call(v::get);
    entered.await();
    Async<String> w1 = Async.call(v::get).awaitParked();
    Async<String> w2 = Async.call(() -> v.get(Context.background())).awaitParked();
    release.countDown();
    assertThat(runner.failure()).isInstanceOf(ExecutionException.class).hasCause(boom);
    assertThat(w1.failure()).isInstanceOf(ExecutionException.class).hasCause(boom);
    assertThat(w2.failure()).isInstanceOf(ExecutionException.class).hasCause(boom);
    assertThat(calls.get()).isEqualTo(1);
  }

  @Test
  void theRunnerGetsAnInterruptedExceptionAsIsAndOthersGetItRemembered() {
    InterruptedException ie = new InterruptedException("load interrupted");
    OnceValue<String> v = Once.value(() -> { throw ie; });
    assertThatThrownBy(v::get).isSameAs(ie);
    assertThatThrownBy(v::get).isInstanceOf(ExecutionException.class).hasCause(ie);
  }

  @Test
  void getFromInsideFnFailsInsteadOfDeadlocking() throws Exception {
    AtomicReference<OnceValue<String>> self = new AtomicReference<>();
    self.set(Once.value(() -> self.get().get()));
    assertThatThrownBy(self.get()::get)
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aWaiterCanBeInterruptedOrCancelledAndTheComputationGoesOn() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    OnceValue<String> v = Once.value(() -> {
      entered.countDown();
      release.await();
      return "ok";
    });
    Async<String> runner = Async.call(v::get);
    entered.await();
    Async<String> interrupted = Async.call(v::get).awaitParked();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<String> cancelled = Async.call(() -> v.get(ctx)).awaitParked();
    interrupted.interrupt();
    ctx.cancel();
    assertThat(interrupted.failure()).isInstanceOf(InterruptedException.class);
    assertThat(cancelled.failure()).isInstanceOf(ContextCancelledException.class);
    release.countDown();
    assertThat(runner.get()).isEqualTo("ok");
    assertThat(v.get()).isEqualTo("ok");
  }

  @Test
  void interruptOrDoneContextOnEntryComputesNothingUntilDone() throws Exception {
    OnceValue<String> v = Once.value(() -> "v" + calls.incrementAndGet());
    Thread.currentThread().interrupt();
    assertThatThrownBy(v::get).isInstanceOf(InterruptedException.class);
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> v.get(ctx)).isInstanceOf(ContextCancelledException.class);
    assertThat(calls.get()).isZero();
    assertThat(v.get()).isEqualTo("v1");
    assertThat(v.get(ctx)).isEqualTo("v1"); // known: no wait, the context is not looked at
  }

  @Test
  void nullsAreRejected() {
    assertThatThrownBy(() -> Once.value(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("OnceValue: fn is null");
    assertThatThrownBy(() -> Once.value(() -> "x").get(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("OnceValue: context is null");
  }
}
