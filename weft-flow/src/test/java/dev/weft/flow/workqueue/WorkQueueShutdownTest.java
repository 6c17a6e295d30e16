package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.test.Async;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link WorkQueue} shutdown: blocked getters wake, queued keys are still handed out, adds are
 * ignored, and {@code shutDownWithDrain} waits exactly until nothing is in flight.
 */
@Timeout(10)
class WorkQueueShutdownTest {

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.create(clock);

  @Test
  void shutDownWakesEveryBlockedGetterWithShutDown() throws Exception {
    Async<GetResult<String>> a = Async.call(queue::get);
    Async<GetResult<String>> b = Async.call(() -> queue.get(Context.background()));
    Async<GetResult<String>> c = Async.call(() -> queue.getResult(Context.background()));
    a.awaitBlocked(() -> queue.waitingGetters() == 3);
    queue.shutDown();
    assertThat(a.get()).isEqualTo(new GetResult.ShutDown<String>());
    assertThat(b.get()).isEqualTo(new GetResult.ShutDown<String>());
    assertThat(c.get()).isEqualTo(new GetResult.ShutDown<String>());
    assertThat(queue.isShuttingDown()).isTrue();
  }

  @Test
  void queuedKeysAreStillHandedOutThenShutDownIsReported() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.shutDown();
    assertThat(queue.get().key()).isEqualTo("a");
    assertThat(queue.tryGet().key()).isEqualTo("b");
    assertThat(queue.get()).isEqualTo(new GetResult.ShutDown<String>());
    assertThat(queue.tryGet()).isEqualTo(new GetResult.ShutDown<String>());
  }

  @Test
  void addsAfterShutdownAreIgnoredAndTheLimiterIsNotConsulted() throws Exception {
    queue.shutDown();
    queue.add("a");
    queue.addAfter("b", Duration.ZERO);
    queue.addAfter("c", Duration.ofSeconds(1));
    queue.requeue("d");
    assertThat(queue.len()).isZero();
    assertThat(queue.delayed()).isZero();
    assertThat(queue.numRequeues("d")).isZero();
    assertThat(clock.pending()).isZero();
    assertThat(queue.get()).isEqualTo(new GetResult.ShutDown<String>());
  }

  @Test
  void aKeyMadeDirtyBeforeShutdownIsStillHandedOutAfterDone() throws Exception {
    queue.add("a");
    queue.get();
    queue.add("a");
    queue.shutDown();
    queue.done("a");
    assertThat(queue.get().key()).isEqualTo("a");
    queue.done("a");
    assertThat(queue.get().isShutDown()).isTrue();
  }

  @Test
  void shutDownIsIdempotentAndTheQueueStaysShutDown() throws Exception {
    queue.shutDown();
    queue.shutDown();
    assertThat(queue.shutDownWithDrain()).isTrue();
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue).hasToString("WorkQueue[len=0, inFlight=0, delayed=0, shutting down]");
  }

  @Test
  void shutDownWithDrainReturnsAtOnceWhenNothingIsInFlight() throws Exception {
    queue.add("queued"); // queued keys do not count
    assertThat(queue.shutDownWithDrain()).isTrue();
    assertThat(queue.isShuttingDown()).isTrue();
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void shutDownWithDrainWaitsForEveryInFlightKeyToBeDone() throws Exception {
    queue.add("a");
    queue.add("b");
    queue.get();
    queue.get();
    Async<Boolean> drain = Async.call(queue::shutDownWithDrain);
    drain.awaitBlocked(queue::isShuttingDown);
    queue.add("c"); // ignored: already shutting down
    queue.done("a");
    drain.assertStillBlocked();
    queue.done("b");
    assertThat(drain.get()).isTrue();
    assertThat(queue.len()).isZero();
  }

  @Test
  void shutDownEndsADrainWaitEarly() throws Exception {
    queue.add("a");
    queue.get();
    Async<Boolean> drain = Async.call(queue::shutDownWithDrain);
    drain.awaitBlocked(queue::isShuttingDown);
    drain.assertStillBlocked();
    queue.shutDown();
    assertThat(drain.get()).isFalse();
    assertThat(queue.inFlight()).isEqualTo(1);
    queue.done("a");
  }

  @Test
  void drainInterruptedOnEntryDoesNotShutTheQueueDown() {
    Thread.currentThread().interrupt();
    assertThatThrownBy(queue::shutDownWithDrain).isInstanceOf(InterruptedException.class);
    assertThat(queue.isShuttingDown()).isFalse();
  }

  @Test
  void drainInterruptedWhileWaitingLeavesTheQueueShutDown() throws Exception {
    queue.add("a");
    queue.get();
    Async<Boolean> drain = Async.call(queue::shutDownWithDrain);
    drain.awaitBlocked(queue::isShuttingDown);
    drain.assertStillBlocked();
    drain.thread().interrupt();
    assertThat(drain.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queue.isShuttingDown()).isTrue();
    queue.done("a");
    assertThat(queue.get().isShutDown()).isTrue();
  }

  @Test
  void drainWithAContextDoneOnEntryDoesNotShutTheQueueDown() {
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> queue.shutDownWithDrain(ctx))
        .isInstanceOf(ContextCancelledException.class);
    assertThat(queue.isShuttingDown()).isFalse();
  }

  @Test
  void drainWithAContextCancelledWhileWaitingThrowsAndLeavesTheQueueShutDown() throws Exception {
    queue.add("a");
    queue.get();
    CancelContext ctx = Context.withCancel(Context.background());
    Async<Boolean> drain = Async.call(() -> queue.shutDownWithDrain(ctx));
    drain.awaitBlocked(queue::isShuttingDown);
    drain.assertStillBlocked();
    ctx.cancel();
    assertThat(drain.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(queue.isShuttingDown()).isTrue();
    queue.done("a");
  }

  @Test
  void drainWithALiveContextReturnsWhenTheLastKeyIsDone() throws Exception {
    queue.add("a");
    queue.get();
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<Boolean> drain = Async.call(() -> queue.shutDownWithDrain(ctx));
      drain.awaitBlocked(queue::isShuttingDown);
      queue.done("a");
      assertThat(drain.get()).isTrue();
    }
  }
}
