package dev.weft.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** AsyncScope fails a test that leaves a call running, and interrupts it so that it ends. */
@Timeout(10)
class AsyncScopeTest {

  private static Void parkUntilInterrupted() throws InterruptedException {
    while (!Thread.interrupted()) LockSupport.park();
    throw new InterruptedException();
  }

  @Test
  void endedCallsPassTheCheck() {
    AsyncScope scope = new AsyncScope();
    assertThat(scope.start(() -> 1).get()).isEqualTo(1);
    scope.run(() -> {}).join();
    scope.afterEach(null);
  }

  @Test
  void aCallStillRunningFailsTheCheckAndIsInterrupted() {
    AsyncScope scope = new AsyncScope();
    Async<Void> left = scope.startBlocked(AsyncScopeTest::parkUntilInterrupted);
    assertThat(left.thread().getName()).startsWith("test-task-");
    assertThatThrownBy(() -> scope.afterEach(null))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining(left.thread().getName());
    assertThat(left.isDone()).isTrue();
    assertThat(left.failure()).isInstanceOf(InterruptedException.class);
    scope.afterEach(null); // the scope is empty again
  }

  @Test
  void aPlatformThreadCanBeStartedToo() {
    AsyncScope scope = new AsyncScope();
    Async<Void> a =
        scope.runOnPlatformThread(() -> assertThat(Thread.currentThread().isVirtual()).isFalse());
    a.get();
    assertThat(a.thread().isDaemon()).isTrue();
    scope.afterEach(null);
  }
}
