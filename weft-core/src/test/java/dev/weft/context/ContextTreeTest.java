package dev.weft.context;

import dev.weft.test.Async;
import dev.weft.time.FakeClock;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Cancelling a context cancels its whole subtree (deep or wide) with its error and cause, and
 * nothing above or beside it; a cancelled child detaches from its parent.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ContextTreeTest {

  private static final Context ROOT = Context.background();

  @Test
  void cancellingParentCancelsChildrenWithItsErrorAndCause() {
    CancelContext parent = Context.withCancel(ROOT);
    CancelContext child = Context.withCancel(parent);
    Context grandchild = Context.withValue(Context.withCancel(child), ContextKey.of("k"), "v");
    IllegalStateException cause = new IllegalStateException("shutting down");

    assertThat(parent.cancel(cause)).isTrue();

    for (Context c : List.of(parent, child, grandchild)) {
      assertThat(c.isDone()).as("%s done", c).isTrue();
      assertThat(c.err()).contains(ContextError.CANCELED);
      assertThat(c.cause()).containsSame(cause);
    }
  }

  @Test
  void deepChainIsCancelledEntirely() throws Throwable {
    // Deeper than a thread's stack allows for recursive propagation (about 10,000 levels failed).
    int depth = 100_000;
    Async.run(
        () -> {
          CancelContext root = Context.withCancel(ROOT);
          List<Context> chain = new ArrayList<>(depth);
          Context c = root;
          for (int i = 0; i < depth; i++) {
            c = i % 3 == 2 ? Context.withValue(c, ContextKey.of("k" + i), i) : Context.withCancel(c);
            chain.add(c);
          }
          RuntimeException cause = new RuntimeException("stop");

          assertThat(root.cancel(cause)).isTrue();

          for (Context d : chain) {
            assertThat(d.err()).contains(ContextError.CANCELED);
            assertThat(d.cause()).containsSame(cause);
          }
        }).get();
  }

  @Test
  void deepChainIsUsableAtTheBottom() throws Throwable {
    // value(), deadline(), clock() and isDone() used to walk up the chain recursively.
    int depth = 100_000;
    Async.run(
        () -> {
          FakeClock clock = new FakeClock();
          ContextKey<String> top = ContextKey.of("top");
          CancelContext root = Context.withCancel(Context.withValue(Context.background(clock), top, "v"));
          Context c = root;
          for (int i = 0; i < depth; i++) {
            c = i % 2 == 0 ? Context.withValue(c, ContextKey.of("k"), i) : Context.withCancel(c);
          }
          Context values = Context.withoutCancel(c);
          for (int i = 0; i < depth; i++) values = Context.withValue(values, ContextKey.of("k"), i);

          assertThat(c.value(top)).contains("v");
          assertThat(values.value(top)).contains("v");
          assertThat(values.value(ContextKey.of("missing"))).isEmpty();
          assertThat(values.isDone()).isFalse();
          assertThat(values.clock()).isSameAs(clock);
          CancelContext timed = Context.withTimeout(c, Duration.ofSeconds(1));
          assertThat(timed.deadline()).contains(clock.now().plusSeconds(1));
          assertThat(Context.withValue(timed, ContextKey.of("k"), 1).deadline()).isEqualTo(timed.deadline());

          clock.advance(Duration.ofSeconds(1));
          assertThat(timed.err()).contains(ContextError.DEADLINE_EXCEEDED);
          assertThat(c.isDone()).isFalse();
          root.cancel();
          assertThat(c.isDone()).isTrue();
        }).get();
  }

  @Test
  void wideTreeIsCancelledEntirely() {
    CancelContext parent = Context.withCancel(ROOT);
    List<CancelContext> children = new ArrayList<>();
    List<Context> grandchildren = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      CancelContext child = Context.withCancel(parent);
      children.add(child);
      for (int j = 0; j < 5; j++) grandchildren.add(Context.withCancel(child));
    }

    parent.cancel();

    assertThat(children).allSatisfy(c -> assertThat(c.err()).contains(ContextError.CANCELED));
    assertThat(grandchildren).allSatisfy(c -> assertThat(c.err()).contains(ContextError.CANCELED));
    assertThat(((CancelNode) parent).listenerCount()).isZero();
  }

  @Test
  void cancellingChildLeavesParentAndSiblingsAlone() {
    CancelContext parent = Context.withCancel(ROOT);
    CancelContext child = Context.withCancel(parent);
    CancelContext sibling = Context.withCancel(parent);
    Context nephew = Context.withCancel(sibling);
    CancelContext grandchild = Context.withCancel(child);

    assertThat(child.cancel(new RuntimeException("only me"))).isTrue();

    assertThat(child.isDone()).isTrue();
    assertThat(grandchild.isDone()).isTrue();
    assertThat(parent.isDone()).isFalse();
    assertThat(sibling.isDone()).isFalse();
    assertThat(nephew.isDone()).isFalse();
    assertThat(parent.err()).isEmpty();
  }

  @Test
  void cancelledChildrenDetachFromLongLivedParent() {
    CancelContext parent = Context.withCancel(ROOT);
    Context valued = Context.withValue(parent, ContextKey.of("k"), "v"); // children register past it
    for (int i = 0; i < 10_000; i++) {
      CancelContext child = Context.withCancel(i % 2 == 0 ? parent : valued);
      assertThat(((CancelNode) parent).listenerCount()).isEqualTo(1);
      if (i % 3 == 0) {
        child.cancel();
      } else {
        try (child) {
          Context.withCancel(child); // a grandchild registers on the child, not the parent
        }
      }
    }
    assertThat(((CancelNode) parent).listenerCount()).isZero();
    assertThat(parent.isDone()).isFalse();
  }

  @Test
  void liveChildrenStayRegisteredUntilCancelled() {
    CancelContext parent = Context.withCancel(ROOT);
    List<CancelContext> children = new ArrayList<>();
    for (int i = 0; i < 100; i++) children.add(Context.withCancel(parent));
    assertThat(((CancelNode) parent).listenerCount()).isEqualTo(100);

    for (int i = 0; i < 100; i += 2) children.get(i).cancel();
    assertThat(((CancelNode) parent).listenerCount()).isEqualTo(50);

    parent.cancel();
    assertThat(((CancelNode) parent).listenerCount()).isZero();
    assertThat(children).allSatisfy(c -> assertThat(c.isDone()).isTrue());
  }

  @Test
  void childOfCancelledParentIsDoneAtOnce() {
    CancelContext parent = Context.withCancel(ROOT);
    RuntimeException cause = new RuntimeException("gone");
    parent.cancel(cause);

    CancelContext child = Context.withCancel(parent);
    Context valueChild = Context.withValue(parent, ContextKey.of("k"), 1);
    CancelContext deadlineChild = Context.withTimeout(valueChild, Duration.ofHours(1));

    for (Context c : List.of(child, valueChild, deadlineChild)) {
      assertThat(c.isDone()).isTrue();
      assertThat(c.err()).contains(ContextError.CANCELED);
      assertThat(c.cause()).containsSame(cause);
    }
    assertThat(child.cancel()).as("already done").isFalse();
    assertThat(((CancelNode) parent).listenerCount()).isZero();
  }

  @Test
  void childCancelledOnItsOwnKeepsItsCauseWhenParentIsCancelledLater() {
    CancelContext parent = Context.withCancel(ROOT);
    CancelContext child = Context.withCancel(parent);
    RuntimeException mine = new RuntimeException("child");
    child.cancel(mine);
    parent.cancel(new RuntimeException("parent"));
    assertThat(child.cause()).containsSame(mine);
  }

  @Test
  void grandparentCauseReachesGrandchildThroughUncancelledParent() {
    CancelContext grandparent = Context.withCancel(ROOT);
    Context parent = Context.withCancel(Context.withValue(grandparent, ContextKey.of("k"), "v"));
    Context child = Context.withCancel(parent);
    Error cause = new AssertionError("boom");
    grandparent.cancel(cause);
    assertThat(child.cause()).containsSame(cause);
  }
}
