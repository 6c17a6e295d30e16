package dev.weft.context;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.test.Async;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A value stored with withValue is found from every context derived below it (through cancel,
 * deadline and withoutCancel contexts), the nearest one wins, and keys compare by identity.
 */
class ContextValueTest {

  private static final ContextKey<String> USER = ContextKey.of("user");
  private static final ContextKey<Integer> ATTEMPT = ContextKey.of("attempt");

  @Test
  void valueIsFoundThroughDerivedContexts() {
    Context withUser = Context.withValue(Context.background(), USER, "ada");
    CancelContext cancel = Context.withCancel(withUser);
    CancelContext deadline = Context.withTimeout(cancel, Duration.ofHours(1));
    Context withAttempt = Context.withValue(deadline, ATTEMPT, 3);
    Context detached = Context.withoutCancel(withAttempt);
    Context leaf = Context.withCancel(Context.withValue(detached, ContextKey.of("other"), "x"));

    for (Context c : new Context[] {withUser, cancel, deadline, withAttempt, detached, leaf}) {
      assertThat(c.value(USER)).as("%s", c).contains("ada");
    }
    assertThat(leaf.value(ATTEMPT)).contains(3);
    assertThat(deadline.value(ATTEMPT)).as("values do not flow up").isEmpty();
    deadline.cancel();
  }

  @Test
  void nearestValueShadowsOuterOne() {
    Context outer = Context.withValue(Context.background(), USER, "outer");
    Context inner = Context.withValue(Context.withCancel(outer), USER, "inner");
    assertThat(inner.value(USER)).contains("inner");
    assertThat(outer.value(USER)).contains("outer");
  }

  @Test
  void keysWithEqualNamesDoNotCollide() {
    ContextKey<String> a = ContextKey.of("id");
    ContextKey<String> b = ContextKey.of("id");
    Context ctx = Context.withValue(Context.withValue(Context.background(), a, "A"), b, "B");

    assertThat(ctx.value(a)).contains("A");
    assertThat(ctx.value(b)).contains("B");
    assertThat(Context.withValue(Context.background(), a, "A").value(b)).isEmpty();
    assertThat(a).isNotEqualTo(b);
    assertThat(a.name()).isEqualTo("id");
    assertThat(a.toString()).contains("id");
  }

  @Test
  void missingKeyIsEmpty() {
    assertThat(Context.background().value(USER)).isEmpty();
    assertThat(Context.todo().value(USER)).isEmpty();
    assertThat(Context.withCancel(Context.background()).value(USER)).isEmpty();
    assertThat(Context.withValue(Context.background(), ATTEMPT, 1).value(USER)).isEmpty();
  }

  @Test
  void valuesSurviveCancellation() {
    CancelContext ctx = Context.withCancel(Context.withValue(Context.background(), USER, "ada"));
    Context child = Context.withValue(ctx, ATTEMPT, 1);
    ctx.cancel();
    assertThat(ctx.value(USER)).contains("ada");
    assertThat(child.value(ATTEMPT)).contains(1);
  }

  @Test
  void valueSetInOneThreadIsReadInAnother() throws Throwable {
    Context ctx = Context.withValue(Context.background(), USER, "ada");
    Async.run(() -> assertThat(ctx.value(USER)).contains("ada")).get();
  }

  @Test
  void valueContextIsDoneWithItsParent() {
    CancelContext parent = Context.withCancel(Context.background());
    Context ctx = Context.withValue(parent, USER, "ada");
    assertThat(ctx.isDone()).isFalse();
    assertThat(ctx.done()).isSameAs(parent.done());
    parent.cancel();
    assertThat(ctx.err()).contains(ContextError.CANCELED);
  }
}
