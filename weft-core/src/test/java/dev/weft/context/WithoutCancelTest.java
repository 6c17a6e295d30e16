package dev.weft.context;

import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.weft.chan.Channel;
import dev.weft.chan.ReceiveResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * withoutCancel gives a context that is never done and has no deadline, even when its parent is
 * done or has one, while keeping the parent's values and clock.
 */
class WithoutCancelTest {

  private static final ContextKey<String> TRACE = ContextKey.of("trace");

  @Test
  void isNeverDoneEvenWhenTheParentIs() {
    CancelContext parent = Context.withCancel(Context.withValue(Context.background(), TRACE, "t1"));
    Context detached = Context.withoutCancel(parent);

    parent.cancel(new RuntimeException("parent gone"));

    assertThat(parent.isDone()).isTrue();
    assertThat(detached.isDone()).isFalse();
    assertThat(detached.err()).isEmpty();
    assertThat(detached.cause()).isEmpty();
    assertThatCode(detached::throwIfDone).doesNotThrowAnyException();
    assertThat(detached.done()).isSameAs(Channel.nil());
    assertThat(detached.done().tryReceive()).isInstanceOf(ReceiveResult.Empty.class);
  }

  @Test
  void isNotDoneWhenCreatedFromADoneParent() {
    CancelContext parent = Context.withCancel(Context.background());
    parent.cancel();
    Context detached = Context.withoutCancel(parent);
    assertThat(detached.isDone()).isFalse();
    assertThat(Context.withCancel(detached).isDone()).isFalse();
  }

  @Test
  void keepsTheParentsValues() {
    CancelContext parent = Context.withCancel(Context.withValue(Context.background(), TRACE, "t1"));
    Context detached = Context.withoutCancel(parent);
    parent.cancel();
    assertThat(detached.value(TRACE)).contains("t1");
  }

  @Test
  void hasNoDeadline() {
    FakeClock clock = new FakeClock();
    CancelContext parent = Context.withTimeout(Context.background(clock), Duration.ofSeconds(1));
    Context detached = Context.withoutCancel(parent);

    assertThat(parent.deadline()).isPresent();
    assertThat(detached.deadline()).isEmpty();
    clock.advance(Duration.ofSeconds(1));
    assertThat(parent.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(detached.isDone()).isFalse();
  }

  @Test
  void childrenAreIndependentOfTheOriginalParent() {
    FakeClock clock = new FakeClock();
    CancelContext parent = Context.withCancel(Context.background(clock));
    Context detached = Context.withoutCancel(parent);
    CancelContext child = Context.withCancel(detached);
    CancelContext timed = Context.withTimeout(detached, Duration.ofSeconds(5));

    parent.cancel();
    assertThat(child.isDone()).isFalse();
    assertThat(timed.isDone()).isFalse();
    assertThat(timed.clock()).as("keeps the tree's clock").isSameAs(clock);

    clock.advance(Duration.ofSeconds(5));
    assertThat(timed.err()).contains(ContextError.DEADLINE_EXCEEDED);
    assertThat(child.cancel()).isTrue();
    assertThat(((CancelNode) parent).listenerCount()).isZero();
  }
}
