package dev.weft.context;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.test.Async;
import dev.weft.test.AsyncScope;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The shutdown hook cancels the context and holds the shutdown until close() or the grace period;
 * close() cancels the context and removes the hook.
 */
@Timeout(30)
class SignalContextTest {

  @RegisterExtension final AsyncScope tasks = new AsyncScope();

  @Test
  void theHookCancelsTheContextAndWaitsForClose() throws InterruptedException {
    SignalContext s = SignalContext.unregistered(Context.background(), Duration.ofMinutes(5));
    Async<Void> hook = tasks.run(s::onShutdown).awaitWaiting();
    assertThat(s.shutdownStarted()).isTrue();
    assertThat(s.context().isDone()).isTrue();
    assertThat(s.context().cause().orElseThrow())
        .isInstanceOf(CancellationException.class)
        .hasMessage("SignalContext: the JVM is shutting down");
    hook.assertStillBlocked(); // the shutdown waits for the program to stop its work
    s.close();
    hook.get();
    assertThat(s.toString()).isEqualTo("SignalContext[shutting down]");
  }

  @Test
  void theHookReturnsAfterTheGracePeriodWithoutClose() {
    SignalContext s = SignalContext.unregistered(Context.background(), Duration.ofMillis(10));
    tasks.run(s::onShutdown).get();
    assertThat(s.context().isDone()).isTrue();
  }

  @Test
  void aHookAfterCloseReturnsAtOnce() {
    SignalContext s = SignalContext.unregistered(Context.background(), Duration.ofDays(1));
    s.close();
    tasks.run(s::onShutdown).get();
  }

  @Test
  void anInterruptedHookLeavesAtOnceWithItsStatusSet() {
    SignalContext s = SignalContext.unregistered(Context.background(), Duration.ofDays(1));
    Async<Void> hook = tasks.run(s::onShutdown).awaitWaiting();
    hook.interrupt();
    hook.get();
    assertThat(hook.interruptedAtEnd()).isTrue();
  }

  @Test
  void closeCancelsTheContextRemovesTheHookAndIsIdempotent() {
    try (SignalContext s = SignalContext.notifyShutdown(Context.background())) {
      assertThat(s.context().isDone()).isFalse();
      assertThat(s.toString()).isEqualTo("SignalContext[open]");
      s.close();
      assertThat(s.context().isDone()).isTrue();
      assertThat(s.shutdownStarted()).isFalse();
      assertThat(s.toString()).isEqualTo("SignalContext[closed]");
    } // closed twice
  }

  @Test
  void theContextFollowsItsParent() {
    try (CancelContext parent = Context.withCancel(Context.background());
        SignalContext s = SignalContext.notifyShutdown(parent, Duration.ZERO)) {
      parent.cancel();
      assertThat(s.context().isDone()).isTrue();
      assertThat(s.shutdownStarted()).isFalse();
    }
  }

  @Test
  void badInputFailsFast() {
    assertThatThrownBy(() -> SignalContext.notifyShutdown(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SignalContext.notifyShutdown(Context.background(), null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> SignalContext.notifyShutdown(Context.background(), Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("SignalContext: grace is negative");
    SignalContext huge = SignalContext.unregistered(Context.background(), Duration.ofSeconds(Long.MAX_VALUE));
    huge.close();
  }
}
