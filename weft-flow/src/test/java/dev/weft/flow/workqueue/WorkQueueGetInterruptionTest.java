package dev.weft.flow.workqueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.context.CancelContext;
import dev.weft.context.Context;
import dev.weft.context.ContextCancelledException;
import dev.weft.context.ContextError;
import dev.weft.test.Async;
import dev.weft.time.FakeClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link WorkQueue#get} forms block until a key is queued, throw (or report) when interrupted or
 * when their context is done, on entry or while waiting, and then take nothing and lose no wake-up.
 */
@Timeout(10)
class WorkQueueGetInterruptionTest {

  /** The blocking forms of get. */
  enum Form {
    PLAIN,
    CONTEXT,
    RESULT;

    GetResult<String> get(WorkQueue<String> q) throws InterruptedException {
      return switch (this) {
        case PLAIN -> q.get();
        case CONTEXT -> q.get(Context.background());
        case RESULT -> q.getResult(Context.background());
      };
    }
  }

  private final FakeClock clock = new FakeClock();
  private final WorkQueue<String> queue = WorkQueue.create(clock);

  private Async<GetResult<String>> blockedGetter(Async<GetResult<String>> a, int waiting) {
    return a.awaitBlocked(() -> queue.waitingGetters() >= waiting);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void aBlockedGetterWakesWithTheKeyAdded(Form form) throws Exception {
    Async<GetResult<String>> getter = blockedGetter(Async.call(() -> form.get(queue)), 1);
    getter.assertStillBlocked();
    queue.add("a");
    assertThat(getter.get()).isEqualTo(new GetResult.Item<>("a"));
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedOnEntryThrowsEvenWhenAKeyIsQueuedAndTakesNothing(Form form) throws Exception {
    queue.add("a");
    Throwable thrown =
        Async.call(
                () -> {
                  Thread.currentThread().interrupt();
                  return form.get(queue);
                })
            .failure();
    assertThat(thrown).isInstanceOf(InterruptedException.class);
    assertThat(queue.len()).isEqualTo(1);
    assertThat(queue.inFlight()).isZero();
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void interruptedWhileWaitingThrowsAndTheNextKeyGoesToTheNextGetter(Form form) throws Exception {
    Async<GetResult<String>> getter = blockedGetter(Async.call(() -> form.get(queue)), 1);
    getter.thread().interrupt();
    assertThat(getter.failure()).isInstanceOf(InterruptedException.class);
    assertThat(queue.waitingGetters()).isZero();
    queue.add("a");
    assertThat(queue.len()).isEqualTo(1); // nothing was taken by the interrupted getter
    assertThat(form.get(queue).key()).isEqualTo("a");
  }

  @ParameterizedTest
  @EnumSource(Form.class)
  void anInterruptedGetterLeavesTheOtherGettersWaiting(Form form) throws Exception {
    Async<GetResult<String>> first = blockedGetter(Async.call(() -> form.get(queue)), 1);
    Async<GetResult<String>> second = blockedGetter(Async.call(() -> form.get(queue)), 2);
    first.thread().interrupt();
    assertThat(first.failure()).isInstanceOf(InterruptedException.class);
    second.assertStillBlocked();
    queue.add("a");
    assertThat(second.get()).isEqualTo(new GetResult.Item<>("a"));
    assertThat(queue.inFlight()).isEqualTo(1);
  }

  @Test
  void contextDoneOnEntryThrowsEvenWhenAKeyIsQueued() {
    queue.add("a");
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThatThrownBy(() -> queue.get(ctx))
        .isInstanceOfSatisfying(
            ContextCancelledException.class,
            e -> assertThat(e.error()).isEqualTo(ContextError.CANCELED));
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void getResultReportsAContextDoneOnEntry() throws Exception {
    queue.add("a");
    CancelContext ctx = Context.withCancel(Context.background());
    ctx.cancel();
    assertThat(queue.getResult(ctx))
        .isEqualTo(new GetResult.Cancelled<String>(ContextError.CANCELED));
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void contextCancelledWhileWaitingThrowsWithTheCauseAndTakesNothing() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<GetResult<String>> getter = blockedGetter(Async.call(() -> queue.get(ctx)), 1);
    IllegalStateException why = new IllegalStateException("stop");
    ctx.cancel(why);
    assertThat(getter.failure()).isInstanceOf(ContextCancelledException.class).hasCause(why);
    queue.add("a");
    assertThat(queue.len()).isEqualTo(1);
  }

  @Test
  void getResultReportsAContextCancelledWhileWaiting() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<GetResult<String>> getter = blockedGetter(Async.call(() -> queue.getResult(ctx)), 1);
    ctx.cancel();
    assertThat(getter.get()).isEqualTo(new GetResult.Cancelled<String>(ContextError.CANCELED));
  }

  @Test
  void aDeadlineWhileWaitingReportsDeadlineExceeded() throws Exception {
    try (CancelContext ctx =
        Context.withTimeout(Context.background(clock), Duration.ofSeconds(1))) {
      Async<GetResult<String>> getter = blockedGetter(Async.call(() -> queue.getResult(ctx)), 1);
      clock.advance(Duration.ofSeconds(1));
      assertThat(getter.get())
          .isEqualTo(new GetResult.Cancelled<String>(ContextError.DEADLINE_EXCEEDED));
    }
  }

  @Test
  void aCancelledGetterLosesNoWakeUpForTheOthers() throws Exception {
    CancelContext ctx = Context.withCancel(Context.background());
    Async<GetResult<String>> cancelled = blockedGetter(Async.call(() -> queue.getResult(ctx)), 1);
    Async<GetResult<String>> other = blockedGetter(Async.call(queue::get), 2);
    ctx.cancel();
    assertThat(cancelled.get()).isEqualTo(new GetResult.Cancelled<String>(ContextError.CANCELED));
    other.assertStillBlocked(); // woken to re-check, and waiting again
    queue.add("a");
    assertThat(other.get()).isEqualTo(new GetResult.Item<>("a"));
  }

  @Test
  void aLiveContextDoesNotStopTheGetter() throws Exception {
    try (CancelContext ctx = Context.withCancel(Context.background())) {
      Async<GetResult<String>> getter = blockedGetter(Async.call(() -> queue.get(ctx)), 1);
      queue.add("a");
      assertThat(getter.get().key()).isEqualTo("a");
    }
  }
}
