package dev.weft.flow.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** PoolConfig and TaskOptions validate every component, with the type and argument in the message. */
class PoolConfigTest {

  @Test
  void defaultsAreAsDocumented() {
    PoolConfig c = PoolConfig.defaults();
    assertThat(c.maxWorkers()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(c.queueKind()).isEqualTo(QueueKind.UNBOUNDED);
    assertThat(c.queueCapacity()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.maxBlockedSubmitters()).isEqualTo(Integer.MAX_VALUE);
    assertThat(c.idleTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(c.failurePolicy()).isEqualTo(FailurePolicy.FAIL_TASK);
    assertThat(c.failureHandler()).isEmpty();
    assertThat(c.clock()).isSameAs(Clock.system());
  }

  @Test
  void withersReplaceOneComponent() {
    PoolConfig c = PoolConfig.defaults().withMaxWorkers(3).withBoundedQueue(7).withMaxBlockedSubmitters(0);
    assertThat(c.maxWorkers()).isEqualTo(3);
    assertThat(c.queueKind()).isEqualTo(QueueKind.BOUNDED);
    assertThat(c.queueCapacity()).isEqualTo(7);
    assertThat(c.maxBlockedSubmitters()).isZero();
    assertThat(c.withDirectHandoff().queueCapacity()).isZero();
    assertThat(c.withUnboundedQueue().queueKind()).isEqualTo(QueueKind.UNBOUNDED);
    PoolConfig h = c.withFailureHandler(e -> {});
    assertThat(h.failurePolicy()).isEqualTo(FailurePolicy.HANDLER);
    assertThat(h.withFailurePolicy(FailurePolicy.PROPAGATE).failureHandler()).isEmpty();
  }

  @Test
  void badValuesAreRejected() {
    PoolConfig d = PoolConfig.defaults();
    assertThatThrownBy(() -> d.withMaxWorkers(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PoolConfig: maxWorkers must be > 0, got 0");
    assertThatThrownBy(() -> d.withBoundedQueue(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PoolConfig: queueCapacity must be > 0 for a BOUNDED queue, got 0");
    assertThatThrownBy(() -> d.withMaxBlockedSubmitters(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PoolConfig: maxBlockedSubmitters must be >= 0, got -1");
    assertThatThrownBy(() -> d.withIdleTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PoolConfig: idleTimeout must be > 0, got PT0S");
    assertThatThrownBy(() -> d.withFailurePolicy(FailurePolicy.HANDLER))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("PoolConfig: failureHandler must be present exactly when");
    assertThatThrownBy(() -> d.withClock(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("PoolConfig: clock is null");
    assertThatThrownBy(
            () -> new PoolConfig(1, QueueKind.ZERO, 3, 0, Duration.ofSeconds(1), FailurePolicy.FAIL_TASK,
                Optional.empty(), Clock.system()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("PoolConfig: queueCapacity must be 0 for a ZERO queue, got 3");
  }

  @Test
  void taskOptionsValidate() {
    assertThat(TaskOptions.defaults().timeout()).isEmpty();
    assertThat(TaskOptions.defaults().retry()).isEmpty();
    assertThatThrownBy(() -> TaskOptions.defaults().withTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("TaskOptions: timeout must be > 0, got PT0S");
    assertThatThrownBy(() -> TaskOptions.defaults().withRetryIf(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("TaskOptions: retryIf is null");
    assertThat(TaskOptions.defaults().withTimeout(Duration.ofSeconds(1)).withoutTimeout())
        .isEqualTo(TaskOptions.defaults());
  }
}
