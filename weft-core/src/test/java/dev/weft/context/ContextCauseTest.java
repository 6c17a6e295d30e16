package dev.weft.context;

import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * err() and cause() are empty until a context is done, then tell CANCELED from DEADLINE_EXCEEDED
 * and give the first cancel's cause (or a ContextCancelledException when none was given); the
 * first cancel wins.
 */
class ContextCauseTest {

  @Test
  void emptyBeforeDone() {
    CancelContext ctx = Context.withCancel(Context.background());
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.err()).isEmpty();
    assertThat(ctx.cause()).isEmpty();
    assertThatCode(ctx::throwIfDone).doesNotThrowAnyException();
  }

  @Test
  void backgroundIsNeverDone() {
    for (Context c : new Context[] {Context.background(), Context.todo()}) {
      assertThat(c.isDone()).isFalse();
      assertThat(c.err()).isEmpty();
      assertThat(c.cause()).isEmpty();
      assertThat(c.deadline()).isEmpty();
      assertThatCode(c::throwIfDone).doesNotThrowAnyException();
    }
  }

  @Test
  void cancelWithoutCauseGivesContextCancelledException() {
    CancelContext ctx = Context.withCancel(Context.background());
    assertThat(ctx.cancel()).isTrue();

    assertThat(ctx.isDone()).isTrue();
    assertThat(ctx.err()).contains(ContextError.CANCELED);
    Throwable cause = ctx.cause().orElseThrow();
    assertThat(cause).isInstanceOf(ContextCancelledException.class).hasMessage("context canceled");
    assertThat(((ContextCancelledException) cause).error()).isEqualTo(ContextError.CANCELED);
    assertThat(cause.getCause()).isNull();
  }

  @Test
  void nullCauseIsTheSameAsNone() {
    CancelContext ctx = Context.withCancelCause(Context.background());
    assertThat(ctx.cancel(null)).isTrue();
    assertThat(ctx.cause().orElseThrow()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void cancelWithCauseKeepsThatCause() {
    CancelContext ctx = Context.withCancelCause(Context.background());
    IllegalStateException cause = new IllegalStateException("disk full");
    assertThat(ctx.cancel(cause)).isTrue();
    assertThat(ctx.err()).contains(ContextError.CANCELED);
    assertThat(ctx.cause()).containsSame(cause);
  }

  @Test
  void deadlineGivesDeadlineExceeded() {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));

    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
    Throwable cause = ctx.cause().orElseThrow();
    assertThat(cause).isInstanceOf(ContextCancelledException.class).hasMessage("context deadline exceeded");
    assertThat(((ContextCancelledException) cause).error()).isEqualTo(ContextError.DEADLINE_EXCEEDED);
  }

  @Test
  void firstCancelWins() {
    CancelContext ctx = Context.withCancel(Context.background());
    RuntimeException first = new RuntimeException("first");

    assertThat(ctx.cancel(first)).isTrue();
    assertThat(ctx.cancel(new RuntimeException("second"))).isFalse();
    assertThat(ctx.cancel()).isFalse();
    ctx.close();

    assertThat(ctx.cause()).containsSame(first);
    assertThat(ctx.err()).contains(ContextError.CANCELED);
  }

  @Test
  void cancelBeforeDeadlineWinsOverDeadline() {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    RuntimeException cause = new RuntimeException("user abort");
    ctx.cancel(cause);
    clock.advance(Duration.ofSeconds(2));
    assertThat(ctx.err()).contains(ContextError.CANCELED);
    assertThat(ctx.cause()).containsSame(cause);
  }

  @Test
  void deadlineBeforeCancelWinsOverCancel() {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    clock.advance(Duration.ofSeconds(1));
    assertThat(ctx.cancel(new RuntimeException("late"))).isFalse();
    assertThat(ctx.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(ctx.cause().orElseThrow()).isInstanceOf(ContextCancelledException.class);
  }

  @Test
  void throwIfDoneThrowsWithErrorAndCause() {
    CancelContext ctx = Context.withCancel(Context.background());
    Context child = Context.withValue(ctx, ContextKey.of("k"), 1);
    IllegalStateException cause = new IllegalStateException("stop");
    ctx.cancel(cause);

    for (Context c : new Context[] {ctx, child}) {
      assertThatThrownBy(c::throwIfDone)
          .isInstanceOf(ContextCancelledException.class)
          .isInstanceOf(CancellationException.class)
          .hasMessage("context canceled: java.lang.IllegalStateException: stop")
          .satisfies(
              e -> {
                assertThat(e.getCause()).isSameAs(cause);
                assertThat(((ContextCancelledException) e).error()).isEqualTo(ContextError.CANCELED);
              });
    }
  }

  @Test
  void throwIfDoneWithoutCauseHasNoCause() {
    FakeClock clock = new FakeClock();
    CancelContext ctx = Context.withTimeout(Context.background(clock), Duration.ofMillis(1));
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(ctx::throwIfDone)
        .isInstanceOf(ContextCancelledException.class)
        .hasMessage("context deadline exceeded")
        .hasNoCause();
  }

  @Test
  void theMessageNamesTheCauseWhenThereIsOne() {
    FakeClock clock = new FakeClock();
    CancelContext timed =
        Context.withTimeoutCause(
            Context.background(clock), Duration.ofSeconds(1), new TimeoutException("slow backend"));
    clock.advance(Duration.ofSeconds(1));
    assertThatThrownBy(timed::throwIfDone)
        .hasMessage("context deadline exceeded: java.util.concurrent.TimeoutException: slow backend");

    CancelContext noMessage = Context.withCancelCause(Context.background());
    noMessage.cancel(new IllegalStateException());
    assertThatThrownBy(noMessage::throwIfDone).hasMessage("context canceled: java.lang.IllegalStateException");

    assertThat(new ContextCancelledException(ContextError.CANCELED, null)).hasMessage("context canceled");
    assertThat(new ContextCancelledException(ContextError.DEADLINE_EXCEEDED, new RuntimeException("x")))
        .hasMessage("context deadline exceeded: java.lang.RuntimeException: x");
  }

  @Test
  void errorMessagesAreGos() {
    assertThat(ContextError.CANCELED.message()).isEqualTo("context canceled");
    assertThat(ContextError.DEADLINE_EXCEEDED.message()).isEqualTo("context deadline exceeded");
  }

  @Test
  void toStringShowsTheTreeAndState() {
    CancelContext ctx = Context.withCancel(Context.background());
    assertThat(ctx.toString()).isEqualTo("Context.background().withCancel()");
    ctx.cancel();
    assertThat(ctx.toString()).isEqualTo("Context.background().withCancel()[context canceled]");
  }
}
