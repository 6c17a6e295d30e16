package dev.weft.resilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import dev.weft.test.Gate;
import dev.weft.time.FakeClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * awaitIdle waits for the callback to return; an interrupt or a done context before or during the
 * wait ends it and leaves the debouncer and its callback undisturbed.
 */
@Timeout(10)
class AwaitIdleTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Gate gate = new Gate();
  private final Calls<String> calls = new Calls<>(v -> gate.pass());

  /** A debouncer whose callback is blocked at the gate with "a". */
  private Debouncer<String> busy() throws InterruptedException {
    Debouncer<String> d =
        Debouncer.create(
            DebounceConfig.of(Duration.ofMillis(100)).withEdge(Edge.LEADING).withClock(clock),
            calls);
    d.submit("a");
    gate.awaitStarted(1);
    return d;
  }

  private void finish(Debouncer<String> d) throws InterruptedException {
    gate.open();
    d.awaitIdle(Context.background());
    assertThat(calls.values()).containsExactly("a");
    assertThat(gate.finished()).isEqualTo(1);
    d.close();
  }

  @Test
  void returnsAtOnceWhenNoCallbackRuns() throws Exception {
    try (Debouncer<String> d = Debouncer.create(Duration.ofMillis(100), calls)) {
      d.awaitIdle(Context.background());
      assertThat(calls.values()).isEmpty();
    }
  }

  @Test
  void waitsUntilTheCallbackReturns() throws Exception {
    Debouncer<String> d = busy();
    Async<Void> waiter = tasks.run(() -> d.awaitIdle(Context.background())).awaitParked();
    waiter.assertStillBlocked();
    gate.open();
    assertThat(waiter.thrown()).isNull();
    finish(d);
  }

  @Test
  void interruptedOnEntryThrowsAtOnce() throws Exception {
    Debouncer<String> d = busy();
    Thread.currentThread().interrupt();
    assertThatThrownBy(() -> d.awaitIdle(Context.background()))
        .isInstanceOf(InterruptedException.class);
    assertThat(Thread.interrupted()).isFalse();
    finish(d);
  }

  @Test
  void interruptedWhileWaitingThrows() throws Exception {
    Debouncer<String> d = busy();
    Async<Void> waiter = tasks.run(() -> d.awaitIdle(Context.background())).awaitParked();
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    finish(d);
  }

  @Test
  void contextDoneOnEntryThrowsAtOnce() throws Exception {
    Debouncer<String> d = busy();
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> d.awaitIdle(ctx)).isInstanceOf(ContextCancelledException.class);
    finish(d);
  }

  @Test
  void contextCancelledWhileWaitingThrows() throws Exception {
    Debouncer<String> d = busy();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Void> waiter = tasks.run(() -> d.awaitIdle(ctx)).awaitParked();
    ctx.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    finish(d);
  }

  @Test
  void calledFromTheCallbackFailsInsteadOfWaitingForItself() throws Exception {
    List<Throwable> errors = new CopyOnWriteArrayList<>();
    var box = new java.util.concurrent.atomic.AtomicReference<Debouncer<String>>();
    Debouncer<String> d =
        Debouncer.create(
            DebounceConfig.of(Duration.ofMillis(100)).withEdge(Edge.LEADING).withClock(clock),
            v -> box.get().awaitIdle(Context.background()),
            errors::add);
    box.set(d);
    d.submit("a");
    d.close();
    d.awaitIdle(Context.background());
    assertThat(errors).singleElement()
        .isInstanceOf(IllegalStateException.class)
        .extracting(Throwable::getMessage)
        .isEqualTo("Debouncer: awaitIdle called from the callback");
  }
}
