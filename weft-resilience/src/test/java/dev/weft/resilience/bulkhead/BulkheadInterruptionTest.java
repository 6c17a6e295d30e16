package dev.weft.resilience.bulkhead;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A call interrupted or cancelled before or while it waits leaves the bulkhead unchanged. */
@Timeout(30)
class BulkheadInterruptionTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  private final FakeClock clock = new FakeClock();
  private final Context background = Context.background(clock);
  private final Bulkhead bulkhead =
      new Bulkhead(
          BulkheadConfig.defaults().withMaxConcurrentCalls(1).withMaxWait(Duration.ofHours(1)));
  private final Gate gate = new Gate();
  private final AtomicInteger ran = new AtomicInteger();

  private Async<String> holdThePermit() throws InterruptedException {
    Async<String> holder =
        tasks.start(
            () ->
                bulkhead.call(
                    background,
                    c -> {
                      gate.pass();
                      return "holder";
                    }));
    gate.awaitStarted(1);
    return holder;
  }

  /** After the disturbed call: a later waiter is served as soon as the holder leaves. */
  private void assertUnchangedAndStillServing(Async<String> holder) {
    assertThat(ran).hasValue(0);
    assertThat(bulkhead.waiting()).isZero();
    assertThat(bulkhead.available()).isZero();
    Async<String> next =
        tasks
            .start(() -> bulkhead.call(background, c -> "next"))
            .awaitBlocked(() -> bulkhead.waiting() == 1);
    gate.open();
    assertThat(holder.get()).isEqualTo("holder");
    assertThat(next.get()).isEqualTo("next");
    assertThat(bulkhead.available()).isEqualTo(1);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void anInterruptWhileWaitingThrowsAndLeavesNoTrace() throws Exception {
    Async<String> holder = holdThePermit();
    Async<Integer> waiter =
        tasks
            .start(() -> bulkhead.call(background, c -> ran.incrementAndGet()))
            .awaitBlocked(() -> bulkhead.waiting() == 1);
    waiter.interrupt();
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertUnchangedAndStillServing(holder);
  }

  @Test
  void anInterruptBeforeAWaitThrowsAtOnce() throws Exception {
    Async<String> holder = holdThePermit();
    Async<Integer> waiter =
        tasks.start(
            () -> {
              Thread.currentThread().interrupt();
              return bulkhead.call(background, c -> ran.incrementAndGet());
            });
    assertThat(waiter.failure()).isInstanceOf(InterruptedException.class);
    assertUnchangedAndStillServing(holder);
  }

  @Test
  void aContextCancelledWhileWaitingThrowsItsExceptionNotFull() throws Exception {
    Async<String> holder = holdThePermit();
    CancelContext ctx = Context.withCancel(background);
    Async<Integer> waiter =
        tasks
            .start(() -> bulkhead.call(ctx, c -> ran.incrementAndGet()))
            .awaitBlocked(() -> bulkhead.waiting() == 1);
    ctx.cancel();
    assertThat(waiter.failure()).isInstanceOf(ContextCancelledException.class);
    assertThat(bulkhead.rejected()).isZero();
    assertUnchangedAndStillServing(holder);
  }

  @Test
  void aContextDoneBeforeAWaitThrowsAtOnce() throws Exception {
    Async<String> holder = holdThePermit();
    CancelContext ctx = Context.withCancel(background);
    ctx.cancel();
    assertThatThrownBy(() -> bulkhead.call(ctx, c -> ran.incrementAndGet()))
        .isInstanceOf(ContextCancelledException.class);
    assertUnchangedAndStillServing(holder);
  }

  @Test
  void anInterruptedCallerIsStillAdmittedWhenAPermitIsFree() throws Exception {
    Thread.currentThread().interrupt();
    try {
      boolean seen = bulkhead.call(background, c -> Thread.currentThread().isInterrupted());
      assertThat(seen).isTrue();
    } finally {
      assertThat(Thread.interrupted()).isTrue(); // not swallowed
    }
    assertThat(bulkhead.available()).isEqualTo(1);
  }
}
