package dev.weft.context;

import dev.weft.time.Clock;
import dev.weft.time.FakeClock;
import dev.weft.time.Scheduled;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.weft.chan.ReceiveResult;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A deadline context is done with DEADLINE_EXCEEDED when its clock reaches the deadline, the
 * earlier of its own and its parent's deadline wins, and cancelling it cancels its timer.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContextDeadlineTest {

  private final FakeClock clock = new FakeClock();
  private final Context root = Context.background(clock);

  @Test
  void withDeadlineFiresAtTheDeadline() {
    Instant at = clock.now().plusSeconds(10);
    CancelContext ctx = Context.withDeadline(root, at);
    assertThat(ctx.deadline()).contains(at);
    assertThat(clock.pending()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.err()).isEmpty();

    clock.advance(Duration.ofNanos(1));
    assertThat(ctx.isDone()).isTrue();
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(ctx.cause())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .isInstanceOfSatisfying(
                        ContextCancelledException.class,
                        e -> assertThat(e.error()).isEqualTo(ContextError.DEADLINE_EXCEEDED)));
    assertThat(ctx.done().tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ctx.cancel()).as("already done").isFalse();
    assertThat(clock.pending()).isZero();
  }

  /**
   * A clock moved by another thread between the deadline's reading and the placing of its timer
   * does not put the deadline late: here the clock moves by 4 s right after the context reads it.
   */
  @Test
  void aClockMovedWhileTheDeadlineIsArmedDoesNotDelayIt() {
    Instant at = clock.now().plusSeconds(10);
    Clock movesAfterReading =
        new Clock() {
          private boolean moved;

          @Override
          public long nanoTime() {
            return clock.nanoTime();
          }

          @Override
          public Instant now() {
            Instant now = clock.now();
            if (!moved) {
              moved = true;
              clock.advance(Duration.ofSeconds(4));
            }
            return now;
          }

          @Override
          public Scheduled schedule(Duration delay, Runnable action) {
            return clock.schedule(delay, action);
          }

          @Override
          public Scheduled scheduleAt(Instant instant, Runnable action) {
            return clock.scheduleAt(instant, action);
          }

          @Override
          public void sleep(Duration duration) throws InterruptedException {
            clock.sleep(duration);
          }
        };
    CancelContext ctx = Context.withDeadline(Context.background(movesAfterReading), at);
    assertThat(clock.now()).as("moved while arming").isEqualTo(FakeClock.DEFAULT_START.plusSeconds(4));

    clock.advance(Duration.ofSeconds(6).minusNanos(1));
    assertThat(ctx.isDone()).isFalse();
    clock.advance(Duration.ofNanos(1));
    assertThat(ctx.err()).as("done at the deadline, not 4 s after it").contains(ContextError.DEADLINE_EXCEEDED);
  }

  /** {@link FakeClock#scheduleAt} runs at the instant, and at once on the next advance when it has passed. */
  @Test
  void fakeClockScheduleAtPlacesTheActionAtTheInstant() {
    java.util.List<String> ran = new java.util.ArrayList<>();
    clock.scheduleAt(clock.now().plusSeconds(2), () -> ran.add("at 2 s"));
    clock.scheduleAt(clock.now().minusSeconds(1), () -> ran.add("passed"));
    assertThat(ran).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("passed");
    clock.advance(Duration.ofSeconds(1));
    assertThat(ran).containsExactly("passed", "at 2 s");
  }

  @Test
  void withTimeoutMeasuresFromTheTreesClock() {
    clock.advance(Duration.ofMinutes(3));
    Instant expected = clock.now().plusMillis(250);
    CancelContext ctx = Context.withTimeout(root, Duration.ofMillis(250));
    assertThat(ctx.deadline()).contains(expected);

    clock.advance(Duration.ofMillis(249));
    assertThat(ctx.isDone()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
  }

  @Test
  void descendantsInheritTheDeadlineAndItsError() {
    CancelContext ctx = Context.withTimeout(root, Duration.ofSeconds(1));
    Context valued = Context.withValue(ctx, ContextKey.of("k"), "v");
    CancelContext child = Context.withCancel(valued);
    assertThat(valued.deadline()).isEqualTo(ctx.deadline());
    assertThat(child.deadline()).isEqualTo(ctx.deadline());

    clock.advance(Duration.ofSeconds(1));

    assertThat(valued.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(child.err()).contains(ContextError.DEADLINE_EXCEEDED);
  }

  @Test
  void earlierParentDeadlineWins() {
    CancelContext parent = Context.withTimeout(root, Duration.ofSeconds(5));
    CancelContext child = Context.withTimeout(parent, Duration.ofSeconds(10));
    CancelContext sameDeadline = Context.withDeadline(parent, parent.deadline().orElseThrow());

    assertThat(child.deadline()).isEqualTo(parent.deadline());
    assertThat(sameDeadline.deadline()).isEqualTo(parent.deadline());
    assertThat(clock.pending()).as("only the parent's timer").isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));

    assertThat(parent.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(child.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(sameDeadline.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void earlierChildDeadlineFiresAloneAndDetaches() {
    CancelContext parent = Context.withTimeout(root, Duration.ofSeconds(10));
    Instant own = clock.now().plusSeconds(5);
    CancelContext child = Context.withDeadline(parent, own);
    assertThat(child.deadline()).contains(own);
    assertThat(((CancelNode) parent).listenerCount()).isEqualTo(1);

    clock.advance(Duration.ofSeconds(5));

    assertThat(child.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(parent.isDone()).isFalse();
    assertThat(((CancelNode) parent).listenerCount()).as("child detached").isZero();
    assertThat(clock.pending()).as("parent's timer").isEqualTo(1);
  }

  @Test
  void pastDeadlineIsDoneOnReturn() {
    CancelContext past = Context.withDeadline(root, clock.now().minusSeconds(1));
    CancelContext now = Context.withDeadline(root, clock.now());
    CancelContext zero = Context.withTimeout(root, Duration.ZERO);
    CancelContext negative = Context.withTimeout(root, Duration.ofMillis(-5));
    CancelContext farPast = Context.withTimeout(root, Duration.ofSeconds(Long.MIN_VALUE));

    for (CancelContext c : new CancelContext[] {past, now, zero, negative, farPast}) {
      assertThat(c.isDone()).as("%s", c).isTrue();
      assertThat(c.err()).contains(ContextError.DEADLINE_EXCEEDED);
      assertThat(c.done().tryReceive()).isInstanceOf(ReceiveResult.Closed.class);
    }
    assertThat(clock.pending()).isZero();
    assertThat(farPast.deadline()).contains(Instant.MIN);
  }

  @Test
  void hugeTimeoutSaturatesInsteadOfOverflowing() {
    CancelContext ctx = Context.withTimeout(root, Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(ctx.deadline()).contains(Instant.MAX);
    clock.advance(Duration.ofDays(365 * 100));
    assertThat(ctx.isDone()).isFalse();
    ctx.cancel();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void timeoutCauseIsTheCauseWhenTheDeadlinePasses() {
    IllegalStateException slow = new IllegalStateException("backend too slow");
    CancelContext ctx = Context.withTimeoutCause(root, Duration.ofSeconds(1), slow);
    Context child = Context.withCancel(ctx);

    clock.advance(Duration.ofSeconds(1));

    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(ctx.cause()).containsSame(slow);
    assertThat(child.cause()).containsSame(slow);
  }

  @Test
  void deadlineCauseIsTheCauseWhenTheDeadlinePasses() {
    IllegalStateException late = new IllegalStateException("too late");
    CancelContext ctx = Context.withDeadlineCause(root, clock.now().plusSeconds(2), late);
    clock.advance(Duration.ofSeconds(2));
    assertThat(ctx.cause()).containsSame(late);
  }

  @Test
  void deadlineCauseOfPastDeadlineIsSetOnReturn() {
    IllegalStateException late = new IllegalStateException("too late");
    CancelContext ctx = Context.withTimeoutCause(root, Duration.ZERO, late);
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(ctx.cause()).containsSame(late);
  }

  @Test
  void deadlineCauseIsNotUsedWhenCancelledFirst() {
    CancelContext ctx =
        Context.withTimeoutCause(root, Duration.ofSeconds(1), new IllegalStateException("slow"));
    ctx.cancel();
    clock.advance(Duration.ofSeconds(1));

    assertThat(ctx.err()).contains(ContextError.CANCELED);
    assertThat(ctx.cause())
        .hasValueSatisfying(c -> assertThat(c).isInstanceOf(ContextCancelledException.class));
  }

  @Test
  void deadlineChildOfDoneParentArmsNoTimer() {
    CancelContext parent = Context.withCancel(root);
    parent.cancel();
    CancelContext child = Context.withTimeout(parent, Duration.ofSeconds(1));
    assertThat(child.err()).contains(ContextError.CANCELED);
    assertThat(clock.pending()).isZero();
  }

  @Test
  void cancellingCancelsTheTimer() {
    CancelContext ctx = Context.withTimeout(root, Duration.ofSeconds(1));
    assertThat(clock.pending()).isEqualTo(1);
    ctx.cancel();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void closingCancelsTheTimer() {
    try (CancelContext ctx = Context.withTimeout(root, Duration.ofSeconds(1))) {
      assertThat(ctx.isDone()).isFalse();
      assertThat(clock.pending()).isEqualTo(1);
    }
    assertThat(clock.pending()).isZero();
  }

  @Test
  void cancellingTheParentCancelsDescendantTimers() {
    CancelContext parent = Context.withCancel(root);
    for (int i = 1; i <= 10; i++) Context.withTimeout(parent, Duration.ofSeconds(i));
    Context.withTimeout(Context.withValue(parent, ContextKey.of("k"), 1), Duration.ofSeconds(3));
    assertThat(clock.pending()).isEqualTo(11);

    parent.cancel();

    assertThat(clock.pending()).isZero();
  }

  @Test
  void withoutOwnDeadlineThereIsNone() {
    assertThat(root.deadline()).isEmpty();
    assertThat(Context.withCancel(root).deadline()).isEmpty();
    assertThat(Context.withValue(root, ContextKey.of("k"), 1).deadline()).isEmpty();
    assertThat(clock.pending()).isZero();
  }

  @Test
  void childrenUseTheRootsClock() {
    Context ctx = Context.withValue(Context.withCancel(root), ContextKey.of("k"), 1);
    assertThat(ctx.clock()).isSameAs(clock);
    assertThat(Context.background().clock()).isSameAs(dev.weft.time.Clock.system());
  }

  @Test
  void systemClockTimeoutFires() throws InterruptedException {
    CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(50));
    // Blocks until the system timer thread fires the deadline.
    assertThat(ctx.done().receiveResult()).isInstanceOf(ReceiveResult.Closed.class);
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
  }

  @Test
  void systemClockTimeoutDoesNotFireEarly() {
    long start = System.nanoTime();
    CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMillis(100));
    await().atMost(Duration.ofSeconds(10)).until(ctx::isDone);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
  }
}
